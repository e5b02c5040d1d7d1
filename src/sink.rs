//! Where records go: JSON Lines on standard output or in a file written
//! atomically, and/or a SQLite database ([`sqlite`]).
//!
//! Every output takes records through one path, [`RecordSink`]: the pipeline
//! hands over each record's JSON line, already serialized, in input order,
//! with the record itself for a sink that wants it (a database does). Any
//! [`io::Write`] is a JSON Lines sink; [`Sink`] is what the command line asks
//! for.
//!
//! [`AtomicFile`] writes to a temporary file in the target's directory
//! (hidden: `.NAME.XXXXXX.partial`) and renames it over the target only on
//! [`AtomicFile::commit`]; a run that is interrupted or fails leaves the
//! previous file untouched and no partial file under its name. The temporary
//! file is removed when the run fails, and by [`remove_pending`] (which the
//! binary calls on SIGINT, SIGTERM and SIGHUP); only a SIGKILL or a power cut
//! can leave it behind. A target that exists and is not a regular file
//! (`/dev/null`, a named pipe) is written in place: renaming over it would
//! replace the device with a file.

pub mod sqlite;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tempfile::NamedTempFile;

use crate::record::Output;

/// One input's output, as a sink takes it.
pub struct Entry<'r> {
    /// The JSON line (serialized once, on a worker thread, newline included).
    pub line: &'r [u8],
    /// The record itself, only for a sink that [wants records](RecordSink::wants_records).
    pub output: Option<&'r Output<'static>>,
    pub is_error: bool,
    /// Size of the input.
    pub bytes: u64,
}

/// Takes records in input order.
pub trait RecordSink {
    /// Whether [`record`](RecordSink::record) needs each record, not just its
    /// JSON line. A record that outlives its document must own copies of its
    /// mentions' text, which JSON alone does not need.
    fn wants_records(&self) -> bool {
        false
    }

    /// Takes one input's output.
    fn record(&mut self, entry: &Entry) -> io::Result<()>;

    /// Called after each batch: makes the records taken so far visible to
    /// readers (a pipe's reader, a database's).
    fn end_batch(&mut self) -> io::Result<()>;
}

/// JSON Lines, to any writer.
impl<W: Write + ?Sized> RecordSink for W {
    fn record(&mut self, entry: &Entry) -> io::Result<()> {
        self.write_all(entry.line)
    }

    fn end_batch(&mut self) -> io::Result<()> {
        self.flush()
    }
}

/// Temporary files of the [`AtomicFile`]s not yet committed or dropped.
/// Process-wide because signals are: a signal handler cannot reach the
/// `AtomicFile` that the main thread is writing, yet must remove its file.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary file of every uncommitted [`AtomicFile`], for a
/// process about to die of a signal (destructors will not run). Returns the
/// registry's lock, still held, so that no commit can rename a file into place
/// between the removal and the end of the process.
pub fn remove_pending() -> MutexGuard<'static, Vec<PathBuf>> {
    let mut held = pending();
    for path in held.drain(..) {
        // Best effort: a file already gone was committed or dropped meanwhile.
        std::fs::remove_file(&path).ok();
    }
    held
}

/// Keeps a temporary file's path in [`PENDING`] for as long as it lives.
struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Registered {
        pending().push(path.to_path_buf());
        Registered(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        pending().retain(|p| p != &self.0);
    }
}

/// A file that appears under its name only when complete.
pub struct AtomicFile {
    target: PathBuf,
    temp: BufWriter<NamedTempFile>,
    _registered: Registered,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".partial");
        // Temporary files are private (0600) by default; the output is an
        // ordinary file, so it gets what `File::create` would give (0666 less
        // the umask).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder.tempfile_in(&dir)?;
        let registered = Registered::new(temp.path());
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp: BufWriter::with_capacity(1 << 16, temp),
            _registered: registered,
        })
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn commit(self) -> io::Result<()> {
        let temp = self.temp.into_inner().map_err(|e| e.into_error())?;
        temp.as_file().sync_all()?;
        // Renamed under the registry's lock: a signal handler in
        // [`remove_pending`] either removes the file before (and the process
        // dies before renaming) or finds it already renamed.
        let held = pending();
        let renamed = temp.persist(&self.target).map(drop).map_err(|e| e.error);
        drop(held);
        renamed
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
    /// An existing target that is not a regular file (`/dev/null`, a named
    /// pipe, a terminal): written in place, since renaming a file over it
    /// would replace the device itself.
    Stream(BufWriter<std::fs::File>),
}

impl Jsonl {
    /// `None` is standard output.
    pub fn open(path: Option<&Path>) -> io::Result<Jsonl> {
        Ok(match path {
            None => Jsonl::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
            Some(p) if std::fs::metadata(p).is_ok_and(|m| !m.is_file()) => {
                // `metadata` follows links: a link to a device is a device.
                let file = std::fs::OpenOptions::new().write(true).open(p)?;
                Jsonl::Stream(BufWriter::with_capacity(1 << 16, file))
            }
            Some(p) => Jsonl::File(AtomicFile::create(p)?),
        })
    }

    /// Finishes the output: a file is renamed into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Jsonl::Stdout(mut w) => w.flush(),
            Jsonl::Stream(mut w) => w.flush(),
            Jsonl::File(f) => f.commit(),
        }
    }
}

impl Write for Jsonl {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Jsonl::Stdout(w) => w.write(buf),
            Jsonl::Stream(w) => w.write(buf),
            Jsonl::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Jsonl::Stdout(w) => w.flush(),
            Jsonl::Stream(w) => w.flush(),
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
    fn wants_records(&self) -> bool {
        self.db.is_some()
    }

    fn record(&mut self, entry: &Entry) -> io::Result<()> {
        if let Some(db) = &mut self.db {
            let output = entry.output.ok_or_else(|| io::Error::other("a record was not handed to the database"))?;
            db.record(output, entry.line)?;
        }
        if let Some(jsonl) = &mut self.jsonl {
            jsonl.write_all(entry.line)?;
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
