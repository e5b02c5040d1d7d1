//! Records into a SQLite database, upserted so that re-runs never duplicate.
//!
//! # Schema (`PRAGMA user_version = 1`)
//!
//! ```sql
//! documents(id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, path, line, bytes,
//!           url, title, published, published_from, warnings, version, rules, record_sha256)
//! people(id, document → documents.id, name, role, affiliation)
//! organizations(id, document, name, aliases)
//! locations(id, document, name, kind)
//! dates(id, document, value, text)
//! agreements(id, document, instrument, count, text, date, location, parties, domains)
//! domains(id, document, name)
//! mentions(id, document, field, value_id, byte_start, byte_end, char_start, char_end,
//!          text, sentence, rule)
//! errors(id, path, line, bytes, kind, message)
//! ```
//!
//! A table per value kind holds the normalized value, as in the record; list
//! fields (`aliases`, `parties`, `domains`, `warnings`) are JSON arrays, for
//! SQLite's `json_each`. `mentions.field` names the value's table (or
//! `published`, the document's own date) and `value_id` its row there. Every
//! value and mention row belongs to a document by foreign key, with
//! `ON DELETE CASCADE`.
//!
//! # Re-runs
//!
//! `documents` is keyed by `doc_id`. A record whose JSON line is unchanged
//! (same text, source, metadata, rules and pipeline version: `record_sha256`)
//! leaves its rows as they are; otherwise the document row is updated in
//! place and its values and mentions are replaced. A document that reads now
//! removes the error row its source had; `errors` keeps one row per source
//! (`path`, `line`).
//!
//! Writes are batched into transactions (committed every few thousand records
//! or second), so a run that stops midway leaves whole documents, and running
//! it again completes the database.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension};

use crate::corpus::sha256_id;
use crate::record::{ErrorRecord, Mention, Output, Record};

/// The layout this module writes, kept in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// Commit after this many records, or this long, whichever comes first.
const COMMIT_RECORDS: usize = 5000;
const COMMIT_EVERY: Duration = Duration::from_secs(2);

/// The tables that hang off a document, cleared when its record changes.
const CHILD_TABLES: [&str; 7] = ["mentions", "people", "organizations", "locations", "dates", "agreements", "domains"];

const CREATE: &str = "
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    line INTEGER,
    bytes INTEGER NOT NULL,
    url TEXT,
    title TEXT,
    published TEXT,
    published_from TEXT,
    warnings TEXT,
    version TEXT NOT NULL,
    rules TEXT NOT NULL,
    record_sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE INDEX IF NOT EXISTS documents_source ON documents(path, line);

CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT,
    affiliation TEXT
);
CREATE INDEX IF NOT EXISTS people_document ON people(document);
CREATE INDEX IF NOT EXISTS people_name ON people(name);
CREATE INDEX IF NOT EXISTS people_affiliation ON people(affiliation);

CREATE TABLE IF NOT EXISTS organizations (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    aliases TEXT
);
CREATE INDEX IF NOT EXISTS organizations_document ON organizations(document);
CREATE INDEX IF NOT EXISTS organizations_name ON organizations(name);

CREATE TABLE IF NOT EXISTS locations (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS locations_document ON locations(document);
CREATE INDEX IF NOT EXISTS locations_name ON locations(name);

CREATE TABLE IF NOT EXISTS dates (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dates_document ON dates(document);
CREATE INDEX IF NOT EXISTS dates_value ON dates(value);

CREATE TABLE IF NOT EXISTS agreements (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    instrument TEXT NOT NULL,
    count INTEGER,
    text TEXT NOT NULL,
    date TEXT,
    location TEXT,
    parties TEXT,
    domains TEXT
);
CREATE INDEX IF NOT EXISTS agreements_document ON agreements(document);
CREATE INDEX IF NOT EXISTS agreements_instrument ON agreements(instrument);

CREATE TABLE IF NOT EXISTS domains (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS domains_document ON domains(document);
CREATE INDEX IF NOT EXISTS domains_name ON domains(name);

CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value_id INTEGER,
    byte_start INTEGER NOT NULL,
    byte_end INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    rule TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document);
CREATE INDEX IF NOT EXISTS mentions_value ON mentions(field, value_id);
CREATE INDEX IF NOT EXISTS mentions_rule ON mentions(rule);

CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    line INTEGER,
    bytes INTEGER NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS errors_source ON errors(path, ifnull(line, 0));
";

/// A database that cannot be opened, set up or written.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    // Not a `#[source]`: rusqlite's message already ends with its cause, and
    // a chain would print it twice.
    #[error("{}: {error}", path.display())]
    Sqlite { path: PathBuf, error: rusqlite::Error },
    #[error("{}: database layout version {found}; this newsx writes version {}", path.display(), SCHEMA_VERSION)]
    Version { path: PathBuf, found: i64 },
}

/// An open database taking records, inside a transaction between commits.
pub struct Db {
    conn: Connection,
    path: PathBuf,
    pending: usize,
    last_commit: Instant,
}

impl Db {
    /// Opens (or creates) the database at `path` and sets up its tables.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        let err = |error| DbError::Sqlite { path: path.to_path_buf(), error };
        let conn = Connection::open(path).map_err(err)?;
        // WAL with NORMAL sync: a commit is one append, and a crash loses at
        // most the last transaction, never the database.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(err)?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(err)?;
        if found != 0 && found != SCHEMA_VERSION {
            return Err(DbError::Version { path: path.to_path_buf(), found });
        }
        conn.execute_batch(CREATE).map_err(err)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(err)?;
        conn.execute_batch("BEGIN").map_err(err)?;
        Ok(Db { conn, path: path.to_path_buf(), pending: 0, last_commit: Instant::now() })
    }

    /// Upserts one record (see the module docs).
    pub fn record(&mut self, output: &Output, line: &[u8]) -> std::io::Result<()> {
        let result = match output {
            Output::Doc(record) => self.upsert_document(record, line),
            Output::Error(error) => self.upsert_error(error),
        };
        self.pending += 1;
        result.map_err(|e| self.io_error(e))
    }

    /// Commits when enough has been written since the last commit.
    pub fn end_batch(&mut self) -> std::io::Result<()> {
        if self.pending >= COMMIT_RECORDS || self.last_commit.elapsed() >= COMMIT_EVERY {
            self.conn.execute_batch("COMMIT; BEGIN").map_err(|e| self.io_error(e))?;
            self.pending = 0;
            self.last_commit = Instant::now();
        }
        Ok(())
    }

    /// Commits the last transaction and lets SQLite update its statistics.
    pub fn finish(self) -> Result<(), DbError> {
        let err = |error| DbError::Sqlite { path: self.path.clone(), error };
        self.conn.execute_batch("COMMIT; PRAGMA optimize;").map_err(err)?;
        self.conn.close().map_err(|(_, error)| err(error))
    }

    fn io_error(&self, error: rusqlite::Error) -> std::io::Error {
        std::io::Error::other(DbError::Sqlite { path: self.path.clone(), error })
    }

    fn upsert_document(&self, r: &Record, line: &[u8]) -> rusqlite::Result<()> {
        let c = &self.conn;
        c.prepare_cached("DELETE FROM errors WHERE path = ?1 AND line IS ?2")?
            .execute(params![r.source.path, r.source.line.map(int)])?;
        let sha = sha256_id(line.strip_suffix(b"\n").unwrap_or(line));
        let existing: Option<(i64, String)> = c
            .prepare_cached("SELECT id, record_sha256 FROM documents WHERE doc_id = ?1")?
            .query_row([&r.doc_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if existing.as_ref().is_some_and(|(_, old)| *old == sha) {
            return Ok(());
        }
        let published = r.published.as_ref();
        let doc: i64 = c
            .prepare_cached(
                "INSERT INTO documents (doc_id, path, line, bytes, url, title, published, published_from, warnings,
                                        version, rules, record_sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (doc_id) DO UPDATE SET
                    path = excluded.path, line = excluded.line, bytes = excluded.bytes, url = excluded.url,
                    title = excluded.title, published = excluded.published,
                    published_from = excluded.published_from, warnings = excluded.warnings,
                    version = excluded.version, rules = excluded.rules, record_sha256 = excluded.record_sha256
                 RETURNING id",
            )?
            .query_row(
                params![
                    r.doc_id,
                    r.source.path,
                    r.source.line.map(int),
                    int(r.source.bytes),
                    r.url,
                    r.title,
                    published.map(|p| &p.value),
                    published.map(|p| &p.from),
                    json_list(&r.warnings),
                    r.pipeline.version,
                    r.pipeline.rules,
                    sha,
                ],
                |row| row.get(0),
            )?;
        if existing.is_some() {
            for table in CHILD_TABLES {
                c.prepare_cached(&format!("DELETE FROM {table} WHERE document = ?1"))?.execute([doc])?;
            }
        }
        if let Some(p) = published {
            self.mentions(doc, "published", None, &p.mentions)?;
        }
        for v in &r.people {
            let id = self.insert(
                "INSERT INTO people (document, name, role, affiliation) VALUES (?1, ?2, ?3, ?4)",
                params![doc, v.name, v.role, v.affiliation],
            )?;
            self.mentions(doc, "people", Some(id), &v.mentions)?;
        }
        for v in &r.organizations {
            let id = self.insert(
                "INSERT INTO organizations (document, name, aliases) VALUES (?1, ?2, ?3)",
                params![doc, v.name, json_list(&v.aliases)],
            )?;
            self.mentions(doc, "organizations", Some(id), &v.mentions)?;
        }
        for v in &r.locations {
            let id = self.insert(
                "INSERT INTO locations (document, name, kind) VALUES (?1, ?2, ?3)",
                params![doc, v.name, v.kind],
            )?;
            self.mentions(doc, "locations", Some(id), &v.mentions)?;
        }
        for v in &r.dates {
            let id = self.insert(
                "INSERT INTO dates (document, value, text) VALUES (?1, ?2, ?3)",
                params![doc, v.value, v.text],
            )?;
            self.mentions(doc, "dates", Some(id), &v.mentions)?;
        }
        for v in &r.agreements {
            let id = self.insert(
                "INSERT INTO agreements (document, instrument, count, text, date, location, parties, domains)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    doc,
                    v.instrument,
                    v.count.map(int),
                    v.text,
                    v.date,
                    v.location,
                    json_list(&v.parties),
                    json_list(&v.domains)
                ],
            )?;
            self.mentions(doc, "agreements", Some(id), &v.mentions)?;
        }
        for v in &r.domains {
            let id = self.insert("INSERT INTO domains (document, name) VALUES (?1, ?2)", params![doc, v.name])?;
            self.mentions(doc, "domains", Some(id), &v.mentions)?;
        }
        Ok(())
    }

    fn insert(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<i64> {
        self.conn.prepare_cached(sql)?.execute(params)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn mentions(&self, doc: i64, field: &str, value_id: Option<i64>, mentions: &[Mention]) -> rusqlite::Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO mentions (document, field, value_id, byte_start, byte_end, char_start, char_end, text,
                                   sentence, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for m in mentions {
            stmt.execute(params![
                doc,
                field,
                value_id,
                int(m.start as u64),
                int(m.end as u64),
                int(m.char_start as u64),
                int(m.char_end as u64),
                m.text,
                int(m.sentence as u64),
                m.rule,
            ])?;
        }
        Ok(())
    }

    fn upsert_error(&self, e: &ErrorRecord) -> rusqlite::Result<()> {
        let line = e.source.line.map(int);
        self.conn
            .prepare_cached("DELETE FROM errors WHERE path = ?1 AND line IS ?2")?
            .execute(params![e.source.path, line])?;
        self.conn
            .prepare_cached("INSERT INTO errors (path, line, bytes, kind, message) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![e.source.path, line, int(e.source.bytes), e.error.kind, e.error.message])?;
        Ok(())
    }
}

/// SQLite integers are signed; nothing we count comes near the limit.
fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A list as a JSON array, or NULL when empty (as the record omits it).
fn json_list(items: &[String]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        serde_json::to_string(items).ok()
    }
}
