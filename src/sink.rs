//! Where records go: JSON Lines on standard output or in a file written
//! atomically, and/or a SQLite database ([`sqlite`]).
//!
//! Every output takes records through one path, [`RecordSink`]: the pipeline
//! hands over each record, in input order, with its JSON line already
//! serialized. Any [`io::Write`] is a JSON Lines sink; [`Sink`] is what the
//! command line asks for.
//!
//! [`AtomicFile`] writes to a temporary file in the target's directory and
//! renames it over the target only on [`AtomicFile::commit`]; a run that is
//! interrupted or fails leaves the previous file untouched and no partial
//! file under its name.

pub mod sqlite;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::record::Output;

/// Takes records in input order.
pub trait RecordSink {
    /// Takes one record with its JSON line (serialized once, on a worker
    /// thread, newline included).
    fn record(&mut self, output: &Output, line: &[u8]) -> io::Result<()>;

    /// Called after each batch: makes the records taken so far visible to
    /// readers (a pipe's reader, a database's).
    fn end_batch(&mut self) -> io::Result<()>;
}

/// JSON Lines, to any writer.
impl<W: Write + ?Sized> RecordSink for W {
    fn record(&mut self, _: &Output, line: &[u8]) -> io::Result<()> {
        self.write_all(line)
    }

    fn end_batch(&mut self) -> io::Result<()> {
        self.flush()
    }
}

/// A file that appears under its name only when complete.
pub struct AtomicFile {
    target: PathBuf,
    temp: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".partial").tempfile_in(&dir)?;
        Ok(AtomicFile { target: target.to_path_buf(), temp: BufWriter::with_capacity(1 << 16, temp) })
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn commit(self) -> io::Result<()> {
        let temp = self.temp.into_inner().map_err(|e| e.into_error())?;
        temp.as_file().sync_all()?;
        temp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// JSON Lines output: standard output, or a file that appears when complete.
pub enum Jsonl {
    Stdout(BufWriter<io::Stdout>),
    File(AtomicFile),
}

impl Jsonl {
    /// `None` is standard output.
    pub fn open(path: Option<&Path>) -> io::Result<Jsonl> {
        Ok(match path {
            None => Jsonl::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
            Some(p) => Jsonl::File(AtomicFile::create(p)?),
        })
    }

    /// Finishes the output: a file is renamed into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Jsonl::Stdout(mut w) => w.flush(),
            Jsonl::File(f) => f.commit(),
        }
    }
}

impl Write for Jsonl {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Jsonl::Stdout(w) => w.write(buf),
            Jsonl::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Jsonl::Stdout(w) => w.flush(),
            Jsonl::File(f) => f.flush(),
        }
    }
}

/// The destinations of a run: JSON Lines, a database, or both.
pub struct Sink {
    jsonl: Option<Jsonl>,
    db: Option<sqlite::Db>,
}

impl Sink {
    /// JSON Lines, a database, or both.
    pub fn new(jsonl: Option<Jsonl>, db: Option<sqlite::Db>) -> Sink {
        Sink { jsonl, db }
    }

    /// Finishes every output: the last transaction is committed, a file is
    /// renamed into place.
    pub fn finish(self) -> io::Result<()> {
        if let Some(db) = self.db {
            db.finish().map_err(io::Error::other)?;
        }
        if let Some(jsonl) = self.jsonl {
            jsonl.finish()?;
        }
        Ok(())
    }
}

impl RecordSink for Sink {
    fn record(&mut self, output: &Output, line: &[u8]) -> io::Result<()> {
        if let Some(db) = &mut self.db {
            db.record(output, line)?;
        }
        if let Some(jsonl) = &mut self.jsonl {
            jsonl.write_all(line)?;
        }
        Ok(())
    }

    fn end_batch(&mut self) -> io::Result<()> {
        if let Some(db) = &mut self.db {
            db.end_batch()?;
        }
        if let Some(jsonl) = &mut self.jsonl {
            jsonl.flush()?;
        }
        Ok(())
    }
}

/// Reads a JSON Lines file of records back (for `eval --pred`).
pub fn read_jsonl(path: &Path) -> io::Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str(line).map_err(|e| {
            io::Error::new(io::ErrorKind::InvalidData, format!("{}:{}: not a JSON record: {e}", path.display(), i + 1))
        })?;
        out.push(v);
    }
    Ok(out)
}
