//! A progress bar on stderr while a run writes records: documents, MB/s and
//! ETA.
//!
//! [`Progress`] wraps the run's sink, so it counts exactly what is written.
//! It draws only when asked to (the command line asks when stderr is a
//! terminal and `--quiet` is not given); otherwise it is a pass-through.
//!
//! The ETA needs a total, which a walk only knows at its end; it is sized on
//! a background thread so the first records are not delayed, and until then
//! the bar shows counts and speed. The total is an estimate: a gzip file
//! counts at the size its trailer gives, and a bundle at its whole size, JSON
//! and all, so its ETA errs long. Standard input has no total.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::corpus::{self, Input, Selection, STDIN_PATH};
use crate::sink::{Entry, RecordSink};

const COUNTING: &str = "{spinner} {msg}, {decimal_bytes} at {decimal_bytes_per_sec}, {elapsed}";
const SIZED: &str =
    "{bar:30} {percent:>3}% {msg}, {decimal_bytes}/{decimal_total_bytes} at {decimal_bytes_per_sec}, ETA {eta}";

/// A sink that also advances a progress bar by each record's bytes.
pub struct Progress<S> {
    inner: S,
    bar: ProgressBar,
    documents: u64,
    errors: u64,
}

impl<S: RecordSink> Progress<S> {
    /// Wraps `inner`; draws on stderr when `show`, sizing `roots` meanwhile.
    pub fn new(inner: S, show: bool, roots: &[PathBuf], sel: &Selection) -> Progress<S> {
        if !show {
            return Progress { inner, bar: ProgressBar::hidden(), documents: 0, errors: 0 };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(style(COUNTING));
        bar.set_message("0 documents");
        bar.enable_steady_tick(Duration::from_millis(200));
        if !roots.iter().any(|r| r.as_os_str() == STDIN_PATH) {
            let (bar, roots, sel) = (bar.clone(), roots.to_vec(), sel.clone());
            // Detached: if the run ends first, the estimate is not needed.
            std::thread::spawn(move || {
                let total: u64 = corpus::walk(&roots, &sel).map(|input| estimated_size(&input)).sum();
                bar.set_length(total);
                bar.set_style(style(SIZED));
            });
        }
        Progress { inner, bar, documents: 0, errors: 0 }
    }

    /// Clears the bar and gives the sink back.
    pub fn finish(self) -> S {
        self.bar.finish_and_clear();
        self.inner
    }
}

impl<S: RecordSink> RecordSink for Progress<S> {
    fn wants_records(&self) -> bool {
        self.inner.wants_records()
    }

    fn record(&mut self, entry: &Entry) -> io::Result<()> {
        self.inner.record(entry)?;
        if entry.is_error {
            self.errors += 1;
        } else {
            self.documents += 1;
        }
        self.bar.inc(entry.bytes);
        Ok(())
    }

    fn end_batch(&mut self) -> io::Result<()> {
        let message = match self.errors {
            0 => format!("{} documents", self.documents),
            n => format!("{} documents, {n} error records", self.documents),
        };
        self.bar.set_message(message);
        self.inner.end_batch()
    }
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants; a bad one is a bug caught by the first run.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// Bytes an input will count for once read: its size, or for gzip the
/// uncompressed size (mod 2^32) that ends the file.
fn estimated_size(input: &Input) -> u64 {
    let Input::File(file) = input else { return 0 };
    let Ok(len) = std::fs::metadata(&file.path).map(|m| m.len()) else { return 0 };
    if !corpus::is_gzip(&file.path) || len < 18 {
        return len;
    }
    let trailer = || -> io::Result<u64> {
        let mut f = File::open(&file.path)?;
        f.seek(SeekFrom::End(-4))?;
        let mut isize = [0u8; 4];
        f.read_exact(&mut isize)?;
        Ok(u32::from_le_bytes(isize) as u64)
    };
    trailer().unwrap_or(len)
}
