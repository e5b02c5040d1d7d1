//! Where records go: standard output, or a file written atomically.
//!
//! [`AtomicFile`] writes to a temporary file in the target's directory
//! (hidden: `.NAME.XXXXXX.partial`) and renames it over the target only on
//! [`AtomicFile::commit`]; a run that is interrupted or fails leaves the
//! previous file untouched and no partial file under its name. The temporary
//! file is removed when the run fails, and by [`remove_pending`] (which the
//! binary calls on SIGINT, SIGTERM and SIGHUP); only a SIGKILL or a power cut
//! can leave it behind.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tempfile::NamedTempFile;

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

/// Opens the destination of a run: `None` is standard output.
pub enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File(AtomicFile),
}

impl Sink {
    pub fn open(path: Option<&Path>) -> io::Result<Sink> {
        Ok(match path {
            None => Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
            Some(p) => Sink::File(AtomicFile::create(p)?),
        })
    }

    /// Finishes the output: a file is renamed into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush(),
            Sink::File(f) => f.commit(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(f) => f.flush(),
        }
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
