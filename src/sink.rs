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
//! [`AtomicFile::commit`], once it is synced to disk (a large one is synced as
//! it grows, on a thread of its own, so that the commit does not wait for all
//! of it); a run that is interrupted or fails leaves the
//! previous file untouched and no partial file under its name. The temporary
//! file is removed when the run fails, and by [`remove_pending`] (which the
//! binary calls on SIGINT, SIGTERM and SIGHUP); only a SIGKILL or a power cut
//! can leave it behind. A target that exists and is not a regular file
//! (`/dev/null`, a named pipe) is written in place: renaming over it would
//! replace the device with a file.

pub mod sqlite;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

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
    writeback: Writeback,
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
            writeback: Writeback::default(),
            _registered: registered,
        })
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn commit(self) -> io::Result<()> {
        let temp = self.temp.into_inner().map_err(|e| e.into_error())?;
        self.writeback.finish()?;
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
        let n = self.temp.write(buf)?;
        self.writeback.wrote(n, self.temp.get_ref().as_file());
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// Syncs a file being written on a thread of its own, every
/// [`WRITEBACK_EVERY`] bytes, so that the sync of [`AtomicFile::commit`] finds
/// most pages already on disk: over 130 MB of records, that last sync alone
/// took 30-150 ms, a tenth of a run at worst, with the work all done.
#[derive(Default)]
struct Writeback {
    since: usize,
    /// Started at the first sync, so that a small output starts no thread.
    syncer: Option<(SyncSender<()>, JoinHandle<io::Result<()>>)>,
}

const WRITEBACK_EVERY: usize = 16 << 20;

impl Writeback {
    fn wrote(&mut self, n: usize, file: &File) {
        self.since += n;
        if self.since < WRITEBACK_EVERY {
            return;
        }
        self.since = 0;
        if self.syncer.is_none() {
            // Without a thread or a second handle, the commit's sync does it all.
            let Ok(file) = file.try_clone() else { return };
            let (kick, kicked) = mpsc::sync_channel::<()>(1);
            let spawned = thread::Builder::new().name("newsx-sync".into()).spawn(move || {
                for () in kicked {
                    file.sync_data()?;
                }
                Ok(())
            });
            let Ok(thread) = spawned else { return };
            self.syncer = Some((kick, thread));
        }
        if let Some((kick, _)) = &self.syncer {
            // Full: a sync is queued, and it will take these bytes too.
            kick.try_send(()).ok();
        }
    }

    /// Waits for the last sync started. Its error is the commit's: the kernel
    /// reports a failed write-back once per open file, so the commit's own
    /// sync, through the same open file, might not see it again.
    fn finish(self) -> io::Result<()> {
        let Some((kick, thread)) = self.syncer else { return Ok(()) };
        drop(kick);
        thread.join().unwrap_or_else(|_| Err(io::Error::other("the thread syncing the output panicked")))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    /// Past [`WRITEBACK_EVERY`], so that syncs run on their thread while writing goes on.
    fn long_output() -> Vec<u8> {
        (0..3 * WRITEBACK_EVERY + 12_345).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn output_synced_while_written_is_whole_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let data = long_output();
        let mut file = AtomicFile::create(&target).unwrap();
        for chunk in data.chunks(100_003) {
            file.write_all(chunk).unwrap();
        }
        assert!(file.writeback.syncer.is_some(), "no sync started before the commit");
        file.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), data);
        assert_eq!(names(dir.path()), ["out.jsonl"]);
    }

    #[test]
    fn output_synced_while_written_and_dropped_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        std::fs::write(&target, b"previous\n").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(&long_output()).unwrap();
        drop(file);
        assert_eq!(std::fs::read(&target).unwrap(), b"previous\n");
        assert_eq!(names(dir.path()), ["out.jsonl"]);
    }
}
