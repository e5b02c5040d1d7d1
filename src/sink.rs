//! Where records go: standard output, or a file written atomically.
//!
//! [`AtomicFile`] writes to a temporary file in the target's directory and
//! renames it over the target only on [`AtomicFile::commit`]; a run that is
//! interrupted or fails leaves the previous file untouched and no partial
//! file under its name.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

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
