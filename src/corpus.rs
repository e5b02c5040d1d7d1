//! Finding, reading and decoding input documents.
//!
//! [`walk`] turns the command line's paths into a sorted stream of files:
//! article files chosen by extension, plus walk errors (permission denied,
//! symlink loops, vanished files) so that nothing is lost silently. [`inputs`]
//! is the whole stream the pipeline reads: the walk with every JSON Lines
//! bundle (`*.jsonl`, `*.jsonl.gz`) opened into one [`Input::Line`] per
//! document, and standard input (`-`) read the same way. [`read`] turns one
//! input into a [`Document`] or a [`ReadError`], which the pipeline writes as
//! an error record.
//!
//! An article file `NAME.txt` (or `NAME.txt.gz`) may have its [`DocMeta`]
//! beside it in `NAME.meta.json`. The walk notes which directories list a name
//! that may be one, so that files elsewhere do not look for theirs.
//!
//! Files whose name ends in `.gz` are gzip-compressed (several members may be
//! concatenated); offsets index the decompressed text. Bundles are read line by
//! line on the calling thread, so a multi-gigabyte dump never sits in memory
//! whole: the pipeline holds one batch of lines at a time.
//!
//! A JSON Lines document is `{"id": "…", "text": "…", "published"?: "…",
//! "url"?: "…", "title"?: "…"}`; other fields are ignored. On standard input
//! `source.path` is its `id`; in a bundle it is the bundle's path plus
//! `source.line`. A line that cannot be read or parsed becomes an error record
//! naming its line, and the stream goes on (a broken gzip stream ends it, with
//! an error record for the line where it broke).
//!
//! Decoding: UTF-8 is taken as is (a BOM stays in the text, so text offsets are
//! source offsets; extractors treat it as white space). Anything else is decoded
//! as Windows-1252 with a warning; every source byte then becomes one char, so the
//! source byte offset of a position equals its char offset.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use flate2::read::MultiGzDecoder;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// How a document's bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Single-byte: source byte offset == char offset.
    Windows1252,
}

/// One unit of work for the pipeline: one input becomes one record.
#[derive(Clone, Debug)]
pub enum Input {
    /// An article file, read whole, or a place where the walk failed.
    File(FileInput),
    /// One line of a JSON Lines stream: a bundle file's or standard input's.
    Line(LineInput),
}

/// One article file to read, or a place where the walk failed.
#[derive(Clone, Debug)]
pub struct FileInput {
    /// Path as recorded in `source.path`: relative to the root given on the
    /// command line (the file name when a file was given directly).
    pub rel: String,
    /// Path to open.
    pub path: PathBuf,
    /// Set when the walk could not reach this entry.
    pub walk_error: Option<ReadError>,
    /// False when the walk listed this file's directory and saw no name that
    /// could be its sidecar, so none is looked for.
    may_have_sidecar: bool,
}

/// One line of a JSON Lines stream, read but not yet parsed: parsing happens
/// on the worker threads.
#[derive(Clone, Debug)]
pub struct LineInput {
    /// The bundle's path as recorded in `source.path`; `None` for standard
    /// input, whose documents are recorded under their `id`.
    pub bundle: Option<String>,
    /// 1-based line number in the stream.
    pub line: u64,
    /// Length of the line in the stream, end of line excluded.
    pub bytes: u64,
    /// The line, or why it could not be read.
    pub raw: Result<Vec<u8>, ReadError>,
}

/// What `source.path` says for standard input when a line has no usable `id`.
pub const STDIN_PATH: &str = "-";

impl Input {
    /// An article file at `path`, recorded as `rel`.
    pub fn file(rel: impl Into<String>, path: impl Into<PathBuf>) -> Input {
        Input::File(FileInput { rel: rel.into(), path: path.into(), walk_error: None, may_have_sidecar: true })
    }

    fn walk_error(rel: String, path: PathBuf, err: ReadError) -> Input {
        Input::File(FileInput { rel, path, walk_error: Some(err), may_have_sidecar: true })
    }

    /// `source.path` for an error record of this input (a document's own path
    /// may differ: standard input records a document under its `id`).
    pub fn rel(&self) -> &str {
        match self {
            Input::File(f) => &f.rel,
            Input::Line(l) => l.bundle.as_deref().unwrap_or(STDIN_PATH),
        }
    }

    /// `source.line` for an error record of this input.
    pub fn line(&self) -> Option<u64> {
        match self {
            Input::File(_) => None,
            Input::Line(l) => Some(l.line),
        }
    }
}

/// A decoded document, ready for extraction.
#[derive(Clone, Debug)]
pub struct Document {
    pub rel: String,
    /// Length of the source in bytes.
    pub bytes: u64,
    /// `sha256:<hex>` of the source bytes.
    pub doc_id: String,
    pub text: String,
    pub encoding: Encoding,
    pub warnings: Vec<String>,
    /// Publication date and metadata given from outside (a sidecar or a JSON
    /// line); wins over what is found in the text.
    pub meta: DocMeta,
    /// Line of the document in its JSON Lines bundle (`source.line`).
    pub line: Option<u64>,
}

/// Metadata supplied with a document rather than found in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocMeta {
    pub published: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// Why an input could not become a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Stable machine-readable kind: `io`, `not_found`, `permission_denied`,
    /// `symlink_loop`, `walk`, `binary`, `too_large`, `bad_metadata`,
    /// `bad_gzip`, `bad_json`.
    pub kind: &'static str,
    pub message: String,
}

impl ReadError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> ReadError {
        ReadError { kind, message: message.into() }
    }

    fn from_io(path: &Path, err: &std::io::Error) -> ReadError {
        ReadError::new(io_kind(err), format!("{}: {}", path.display(), err))
    }
}

/// The error kind for an I/O error; ELOOP has no stable `ErrorKind` on every
/// toolchain we support, so it is recognised by its OS code.
fn io_kind(err: &std::io::Error) -> &'static str {
    const ELOOP: i32 = 40;
    match err.kind() {
        std::io::ErrorKind::NotFound => "not_found",
        std::io::ErrorKind::PermissionDenied => "permission_denied",
        _ if cfg!(target_os = "linux") && err.raw_os_error() == Some(ELOOP) => "symlink_loop",
        _ => "io",
    }
}

/// Which files count as articles.
#[derive(Clone, Debug)]
pub struct Selection {
    /// Extensions without the dot (`txt`); compared case-insensitively.
    pub exts: Vec<String>,
    /// Follow symbolic links while walking.
    pub follow: bool,
}

impl Default for Selection {
    fn default() -> Self {
        Selection { exts: vec!["txt".to_string()], follow: false }
    }
}

impl Selection {
    /// True when `name` ends in one of the chosen extensions, or in one of them
    /// plus `.gz`, and is not a gold or metadata file (`x.gold.json` is never an
    /// article, even with `--ext json`).
    pub fn wants(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        let plain = lower.strip_suffix(".gz").unwrap_or(&lower);
        if plain.ends_with(".gold.json") || plain.ends_with(".meta.json") {
            return false;
        }
        let has_ext = |name: &str| {
            self.exts.iter().any(|ext| {
                name.len() > ext.len() + 1
                    && name.ends_with(&ext.to_lowercase())
                    && name.as_bytes()[name.len() - ext.len() - 1] == b'.'
            })
        };
        has_ext(&lower) || has_ext(plain)
    }
}

/// True for a gzip-compressed file (named `*.gz`).
pub fn is_gzip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// True for a JSON Lines bundle of documents (`*.jsonl`, `*.jsonl.gz`).
pub fn is_bundle(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    name.strip_suffix(".gz").unwrap_or(&name).ends_with(".jsonl")
}

/// Walks `roots` in order, each in sorted order, yielding every article file and
/// every walk error. A root that is a file is yielded as is, whatever its
/// extension: the user named it. Bundles come out as files; [`inputs`] opens
/// them.
pub fn walk<'a>(roots: &'a [PathBuf], sel: &'a Selection) -> impl Iterator<Item = Input> + 'a {
    roots.iter().flat_map(move |root| walk_root(root, sel))
}

fn walk_root<'a>(root: &'a Path, sel: &'a Selection) -> Box<dyn Iterator<Item = Input> + 'a> {
    match fs::metadata(root) {
        Ok(md) if md.is_file() => {
            let rel = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| root.display().to_string());
            return Box::new(std::iter::once(Input::file(rel, root)));
        }
        Ok(_) => {}
        Err(err) => {
            return Box::new(std::iter::once(Input::walk_error(
                root.display().to_string(),
                root.to_path_buf(),
                ReadError::from_io(root, &err),
            )));
        }
    }
    // Sorting compares every name of a directory before the first is yielded
    // (a directory of one name has no sidecar beside it), so the comparator sees
    // the sidecars of a directory's articles, wherever they sort, before the
    // articles come out.
    let sidecars = Arc::new(Mutex::new(SidecarDirs::default()));
    let noted = Arc::clone(&sidecars);
    let walker = walkdir::WalkDir::new(root).follow_links(sel.follow).sort_by(move |a, b| {
        let names = [listed_name(a), listed_name(b)];
        for (entry, name) in [a, b].into_iter().zip(names) {
            if may_be_sidecar(name) {
                if let Some(dir) = entry.path().parent() {
                    noted.lock().unwrap_or_else(PoisonError::into_inner).note(dir);
                }
            }
        }
        names[0].cmp(names[1])
    });
    // A listing with an error may lack names: from then on every sidecar is
    // looked for.
    let mut complete = true;
    Box::new(walker.into_iter().filter_map(move |entry| match entry {
        Ok(entry) => {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_symlink() {
                // Links are not followed unless asked (as ripgrep does); a link
                // that looks like an article but leads nowhere is still reported,
                // so a broken dump does not pass for a complete one.
                if !sel.wants(&name) {
                    return None;
                }
                return match fs::metadata(entry.path()) {
                    Ok(_) => None,
                    Err(err) => Some(Input::walk_error(
                        rel_path(root, entry.path()),
                        entry.path().to_path_buf(),
                        ReadError::from_io(entry.path(), &err),
                    )),
                };
            }
            if entry.file_type().is_file() && sel.wants(&name) {
                Some(Input::File(FileInput {
                    rel: rel_path(root, entry.path()),
                    path: entry.path().to_path_buf(),
                    walk_error: None,
                    may_have_sidecar: !complete
                        || sidecars.lock().unwrap_or_else(PoisonError::into_inner).listed_beside(entry.path()),
                }))
            } else {
                None
            }
        }
        Err(err) => {
            complete = false;
            let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
            let kind = if err.loop_ancestor().is_some() {
                "symlink_loop"
            } else if let Some(io) = err.io_error() {
                io_kind(io)
            } else {
                "walk"
            };
            let message = format!("{}: {}", path.display(), err);
            Some(Input::walk_error(rel_path(root, &path), path, ReadError::new(kind, message)))
        }
    }))
}

/// The file name of an entry of a directory listing. Sorting asks for it some
/// log2(n) times per entry, and `file_name` parses the path from its end each
/// time; on Unix the name is what follows the last `/`.
fn listed_name(entry: &walkdir::DirEntry) -> &OsStr {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = entry.path().as_os_str().as_bytes();
        if let Some(slash) = memchr::memrchr(b'/', path) {
            return OsStr::from_bytes(&path[slash + 1..]);
        }
    }
    entry.file_name()
}

/// True for a name that is, or on a case-insensitive or normalizing file system
/// may stand for, some `NAME.meta.json`.
fn may_be_sidecar(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    let suffix = b".meta.json";
    (name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)) || !name.is_ascii()
}

/// The directories whose listing has a name that may be a sidecar, among those
/// on the walk's current path: a chain of ancestors, as long as the walk is
/// deep, not as long as a directory.
#[derive(Default)]
struct SidecarDirs(Vec<PathBuf>);

impl SidecarDirs {
    /// The walk is at `path`: forgets the directories it has left.
    fn enter(&mut self, path: &Path) {
        while self.0.last().is_some_and(|dir| !path.starts_with(dir)) {
            self.0.pop();
        }
    }

    /// `dir` is being listed, and has a name that may be a sidecar.
    fn note(&mut self, dir: &Path) {
        self.enter(dir);
        if self.0.last().is_none_or(|last| last != dir) {
            self.0.push(dir.to_path_buf());
        }
    }

    /// True when the listing of `file`'s directory has a name that may be a
    /// sidecar; the walk is at `file`.
    fn listed_beside(&mut self, file: &Path) -> bool {
        self.enter(file);
        self.0.last().is_some_and(|dir| file.parent() == Some(dir))
    }
}

/// `path` relative to `root`, with `/` separators on every platform.
fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.is_empty() {
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        parts.join("/")
    }
}

/// How many leading bytes are checked for NUL to call a file binary.
const BINARY_PROBE: usize = 8 * 1024;

/// Everything the pipeline reads, in order: for each root, standard input
/// when it is `-`, else the walk with every bundle opened into its lines.
/// Lines over `max_bytes` become error records without being held whole.
pub fn inputs<'a>(roots: &'a [PathBuf], sel: &'a Selection, max_bytes: u64) -> impl Iterator<Item = Input> + 'a {
    roots.iter().flat_map(move |root| -> Box<dyn Iterator<Item = Input> + 'a> {
        if root.as_os_str() == STDIN_PATH {
            return Box::new(Lines::stdin(max_bytes));
        }
        Box::new(walk_root(root, sel).flat_map(move |input| -> Box<dyn Iterator<Item = Input>> {
            match input {
                Input::File(f) if f.walk_error.is_none() && is_bundle(&f.path) => Box::new(Lines::bundle(f, max_bytes)),
                other => Box::new(std::iter::once(other)),
            }
        }))
    })
}

/// The documents of one JSON Lines stream, one [`Input::Line`] per non-blank
/// line. Reading stops at the first read error, which becomes the last input.
pub struct Lines {
    bundle: Option<String>,
    reader: Option<Box<dyn BufRead + Send>>,
    /// What the stream is called in messages.
    name: String,
    gzip: bool,
    line: u64,
    max_bytes: u64,
    /// An error to report before anything else (the bundle did not open).
    pending: Option<Input>,
}

impl Lines {
    /// Documents on standard input.
    pub fn stdin(max_bytes: u64) -> Lines {
        let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, io::stdin()));
        Lines::new(None, Ok(reader), "stdin".into(), false, max_bytes)
    }

    /// Documents in a bundle file (gzip-compressed when named `*.gz`).
    pub fn bundle(file: FileInput, max_bytes: u64) -> Lines {
        let gzip = is_gzip(&file.path);
        let reader = fs::File::open(&file.path).map(|f| -> Box<dyn BufRead + Send> {
            if gzip {
                Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(BufReader::new(f))))
            } else {
                Box::new(BufReader::with_capacity(1 << 16, f))
            }
        });
        let reader = reader
            .map_err(|e| Input::walk_error(file.rel.clone(), file.path.clone(), ReadError::from_io(&file.path, &e)));
        Lines::new(Some(file.rel), reader, file.path.display().to_string(), gzip, max_bytes)
    }

    fn new(
        bundle: Option<String>,
        reader: Result<Box<dyn BufRead + Send>, Input>,
        name: String,
        gzip: bool,
        max_bytes: u64,
    ) -> Lines {
        let (reader, pending) = match reader {
            Ok(r) => (Some(r), None),
            Err(input) => (None, Some(input)),
        };
        Lines { bundle, reader, name, gzip, line: 0, max_bytes, pending }
    }

    fn input(&self, bytes: u64, raw: Result<Vec<u8>, ReadError>) -> Input {
        Input::Line(LineInput { bundle: self.bundle.clone(), line: self.line, bytes, raw })
    }
}

impl Iterator for Lines {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        if let Some(input) = self.pending.take() {
            return Some(input);
        }
        loop {
            let reader = self.reader.as_mut()?;
            self.line += 1;
            let mut buf = Vec::new();
            match read_line(reader, self.max_bytes, &mut buf) {
                Ok(LineRead::End) => {
                    self.reader = None;
                    return None;
                }
                Ok(LineRead::Line) if buf.iter().all(u8::is_ascii_whitespace) => continue,
                // Some Windows tools start a UTF-8 file with a BOM; JSON has no place for it.
                Ok(LineRead::Line) if self.line == 1 && buf.starts_with(b"\xEF\xBB\xBF") => {
                    buf.drain(..3);
                    return Some(self.input(buf.len() as u64 + 3, Ok(buf)));
                }
                Ok(LineRead::Line) => return Some(self.input(buf.len() as u64, Ok(buf))),
                Ok(LineRead::TooLong(len)) => {
                    let message = format!(
                        "{}:{}: line of {len} bytes is over the limit of {} (raise --max-bytes)",
                        self.name, self.line, self.max_bytes
                    );
                    return Some(self.input(len, Err(ReadError::new("too_large", message))));
                }
                Err(err) => {
                    // A broken stream cannot be resynchronized: report where it
                    // broke and stop; everything before it has been yielded.
                    self.reader = None;
                    let kind = if self.gzip && err.raw_os_error().is_none() { "bad_gzip" } else { io_kind(&err) };
                    let message = format!("{}:{}: {err}", self.name, self.line);
                    return Some(self.input(buf.len() as u64, Err(ReadError::new(kind, message))));
                }
            }
        }
    }
}

enum LineRead {
    Line,
    /// A line over the limit (its length), skipped to its end.
    TooLong(u64),
    End,
}

/// Reads one line into `buf` without its end of line, holding at most
/// `max_bytes` (plus the end of line) in memory.
fn read_line(reader: &mut (dyn BufRead + Send), max_bytes: u64, buf: &mut Vec<u8>) -> io::Result<LineRead> {
    let limit = max_bytes.saturating_add(2);
    let n = Read::take(&mut *reader, limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(LineRead::End);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    } else if n as u64 == limit {
        return Ok(LineRead::TooLong(n as u64 + skip_line(reader)?));
    }
    if buf.len() as u64 > max_bytes {
        return Ok(LineRead::TooLong(buf.len() as u64));
    }
    Ok(LineRead::Line)
}

/// Skips to the next line; returns how many bytes came before its end.
fn skip_line(reader: &mut (dyn BufRead + Send)) -> io::Result<u64> {
    let mut skipped = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(skipped);
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i as u64);
            }
            None => {
                let n = buf.len();
                reader.consume(n);
                skipped += n as u64;
            }
        }
    }
}

/// Reads and decodes one input: a file (files over `max_bytes` are refused
/// before they are read whole), or a JSON Lines document.
pub fn read(input: &Input, max_bytes: u64) -> Result<Document, ReadError> {
    match input {
        Input::File(file) => read_file(file, max_bytes),
        Input::Line(line) => read_line_doc(line),
    }
}

fn read_file(input: &FileInput, max_bytes: u64) -> Result<Document, ReadError> {
    if let Some(err) = &input.walk_error {
        return Err(err.clone());
    }
    let file = fs::File::open(&input.path).map_err(|e| ReadError::from_io(&input.path, &e))?;
    let len = file.metadata().map_err(|e| ReadError::from_io(&input.path, &e))?.len();
    let gzip = is_gzip(&input.path);
    // A compressed file's limit applies to what it decompresses to.
    if len > max_bytes && !gzip {
        return Err(ReadError::new(
            "too_large",
            format!("{}: {} bytes is over the limit of {} (raise --max-bytes)", input.path.display(), len, max_bytes),
        ));
    }
    // `take` guards against a file that grows while we read it, and a gzip bomb.
    let read = if gzip {
        let mut bytes = Vec::with_capacity(len.saturating_mul(3).min(max_bytes) as usize);
        MultiGzDecoder::new(BufReader::new(file))
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    } else {
        read_plain(file, len, max_bytes)
    };
    let bytes = read.map_err(|e| match e.raw_os_error() {
        None if gzip => ReadError::new("bad_gzip", format!("{}: {e}", input.path.display())),
        _ => ReadError::from_io(&input.path, &e),
    })?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::new(
            "too_large",
            format!("{}: over the limit of {} bytes (raise --max-bytes)", input.path.display(), max_bytes),
        ));
    }
    let meta = if input.may_have_sidecar { read_sidecar(&input.path)? } else { DocMeta::default() };
    decode(input.rel.clone(), bytes, meta)
}

/// Reads a plain file of `len` bytes (its size as the file system reports it,
/// at most `max_bytes`) and whatever it has grown by, up to `max_bytes + 1`.
///
/// `read_to_end` needs a read that returns 0 to see the end: a second system
/// call per file. Asking for one byte more than `len` instead and getting
/// exactly `len` shows the end in one call (bytes appended after that read
/// could as well have come after a second one). Any other count (a file that
/// grew or shrank, or whose reported size means nothing, as in `/proc`) goes
/// on to `read_to_end`.
fn read_plain(mut file: fs::File, len: u64, max_bytes: u64) -> io::Result<Vec<u8>> {
    let len = len as usize;
    let mut bytes = vec![0; len + 1];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(n) if n == 0 || filled + n == len => {
                bytes.truncate(filled + n);
                return Ok(bytes);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    file.take(max_bytes.saturating_add(1) - filled as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// One document of a JSON Lines stream. Unknown fields are ignored, so the
/// output of other tools can be piped in as it is.
#[derive(Deserialize)]
struct LineDoc {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// Parses one JSON Lines document; its offsets index the UTF-8 of `text`.
fn read_line_doc(input: &LineInput) -> Result<Document, ReadError> {
    let raw = input.raw.as_ref().map_err(Clone::clone)?;
    let name = input.bundle.as_deref().unwrap_or("stdin");
    let bad = |message: String| ReadError::new("bad_json", format!("{name}:{}: {message}", input.line));
    let doc: LineDoc = serde_json::from_slice(raw).map_err(|e| bad(e.to_string()))?;
    // Numbers are accepted as ids: exports often number their rows.
    let id = match doc.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        None | Some(serde_json::Value::Null) => None,
        Some(other) => return Err(bad(format!("`id` must be a non-empty string or a number, not {other}"))),
    };
    let meta = DocMeta { published: doc.published, url: doc.url, title: doc.title };
    match &input.bundle {
        Some(bundle) => {
            let mut document = decode(bundle.clone(), doc.text.into_bytes(), meta)?;
            document.line = Some(input.line);
            Ok(document)
        }
        // On standard input the id is the only name a document has.
        None => match id {
            Some(id) => decode(id, doc.text.into_bytes(), meta),
            None => Err(bad("missing `id` (required on standard input: it becomes `source.path`)".into())),
        },
    }
}

/// Reads `NAME.meta.json` beside `NAME.txt` (or `NAME.txt.gz`), when there is one.
fn read_sidecar(path: &Path) -> Result<DocMeta, ReadError> {
    let plain = if is_gzip(path) { path.with_extension("") } else { path.to_path_buf() };
    let Some(stem) = plain.file_stem() else {
        return Ok(DocMeta::default());
    };
    let side = path.with_file_name(format!("{}.meta.json", stem.to_string_lossy()));
    let raw = match fs::read_to_string(&side) {
        Ok(raw) => raw,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DocMeta::default()),
        Err(e) => return Err(ReadError::from_io(&side, &e)),
    };
    let value: serde_json::Value =
        serde_json::from_str(&raw).map_err(|e| ReadError::new("bad_metadata", format!("{}: {e}", side.display())))?;
    let field = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Ok(DocMeta { published: field("published"), url: field("url"), title: field("title") })
}

/// Decodes raw bytes into a document (also used for documents that arrive
/// inside JSON Lines, with `bytes` their UTF-8 text).
pub fn decode(rel: String, bytes: Vec<u8>, meta: DocMeta) -> Result<Document, ReadError> {
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    if probe.contains(&0) {
        return Err(ReadError::new("binary", format!("{rel}: NUL byte in the first 8 KiB; not a text file")));
    }
    let doc_id = sha256_id(&bytes);
    let n = bytes.len() as u64;
    let (text, encoding, warnings) = match String::from_utf8(bytes) {
        Ok(text) => (text, Encoding::Utf8, Vec::new()),
        Err(err) => {
            let bytes = err.into_bytes();
            let bad = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to()).unwrap_or(0);
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            let warning = format!("not valid UTF-8 (first bad byte at offset {bad}); decoded as Windows-1252");
            (text.into_owned(), Encoding::Windows1252, vec![warning])
        }
    };
    Ok(Document { rel, bytes: n, doc_id, text, encoding, warnings, meta, line: None })
}

/// `sha256:<hex>` of some bytes.
pub fn sha256_id(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    // Two table look-ups a byte: `format!` per byte showed in profiles.
    for &b in digest.iter() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_skips_gold_and_meta() {
        let sel = Selection::default();
        assert!(sel.wants("a.txt"));
        assert!(sel.wants("A.TXT"));
        assert!(!sel.wants("a.gold.json"));
        assert!(!sel.wants("txt"));
        assert!(!sel.wants("a.text"));
        let json = Selection { exts: vec!["json".into()], follow: false };
        assert!(!json.wants("a.gold.json"));
        assert!(json.wants("a.json"));
    }

    #[test]
    fn selection_takes_gzip_forms_and_bundles() {
        let sel = Selection { exts: vec!["txt".into(), "jsonl".into()], follow: false };
        for (name, wanted) in [
            ("a.txt.gz", true),
            ("A.TXT.GZ", true),
            ("b.jsonl", true),
            ("b.jsonl.gz", true),
            ("a.gz", false),
            ("a.gold.json.gz", false),
            ("a.md.gz", false),
        ] {
            assert_eq!(sel.wants(name), wanted, "{name}");
        }
        assert!(is_bundle(Path::new("d/b.JSONL.gz")) && is_bundle(Path::new("b.jsonl")));
        assert!(!is_bundle(Path::new("b.txt.gz")) && !is_bundle(Path::new("jsonl")));
        assert!(is_gzip(Path::new("a.txt.GZ")) && !is_gzip(Path::new("a.txt")));
    }

    /// Lines read with a cap of 5 bytes: (line, text or length over the cap).
    #[test]
    fn lines_are_capped_without_being_held() {
        let mut reader: Box<dyn BufRead + Send> = Box::new(&b"ab\r\n12345\n123456\nvery long line\n\nend"[..]);
        let mut got = Vec::new();
        loop {
            let mut buf = Vec::new();
            match read_line(&mut *reader, 5, &mut buf).unwrap() {
                LineRead::End => break,
                LineRead::Line => got.push(String::from_utf8(buf).unwrap()),
                LineRead::TooLong(n) => got.push(format!("too long: {n}")),
            }
        }
        assert_eq!(got, vec!["ab", "12345", "too long: 6", "too long: 14", "", "end"]);
    }

    #[test]
    fn a_stream_may_start_with_a_bom() {
        let raw = b"\xEF\xBB\xBF{\"id\": \"x\", \"text\": \"Hi\"}\n\n{\"id\": \"y\", \"text\": \"Ho\"}";
        let reader: Box<dyn BufRead + Send> = Box::new(&raw[..]);
        let lines: Vec<Input> = Lines::new(Some("b.jsonl".into()), Ok(reader), "b.jsonl".into(), false, 100).collect();
        let docs: Vec<(String, Option<u64>)> =
            lines.iter().map(|i| read(i, 100).map(|d| (d.text, d.line)).unwrap()).collect();
        assert_eq!(docs, vec![("Hi".to_string(), Some(1)), ("Ho".to_string(), Some(3))]);
    }

    #[test]
    fn json_lines_documents_and_their_errors() {
        let line = |bundle: Option<&str>, raw: &str| LineInput {
            bundle: bundle.map(str::to_string),
            line: 3,
            bytes: raw.len() as u64,
            raw: Ok(raw.as_bytes().to_vec()),
        };
        let doc = read_line_doc(&line(None, r#"{"id": "x", "text": "caf\u00e9", "published": "2025-01-02"}"#)).unwrap();
        assert_eq!((doc.rel.as_str(), doc.text.as_str(), doc.bytes, doc.line), ("x", "café", 5, None));
        assert_eq!(doc.meta.published.as_deref(), Some("2025-01-02"));
        let doc = read_line_doc(&line(Some("b.jsonl"), r#"{"text": "Hi"}"#)).unwrap();
        assert_eq!((doc.rel.as_str(), doc.line), ("b.jsonl", Some(3)));
        for (raw, message) in [
            (r#"{"text": "Hi"}"#, "stdin:3: missing `id`"),
            (r#"{"id": ["x"], "text": "Hi"}"#, "stdin:3: `id` must be"),
            (r#"{"id": "x"}"#, "stdin:3: missing field `text`"),
            ("[1, 2]", "stdin:3: invalid type"),
        ] {
            let err = read_line_doc(&line(None, raw)).unwrap_err();
            assert_eq!(err.kind, "bad_json");
            assert!(err.message.starts_with(message), "{raw}: {}", err.message);
        }
    }

    #[test]
    fn windows_1252_keeps_one_char_per_byte() {
        let doc = decode("x".into(), b"caf\xe9 \x93ok\x94".to_vec(), DocMeta::default()).unwrap();
        assert_eq!(doc.encoding, Encoding::Windows1252);
        assert_eq!(doc.text, "café “ok”");
        assert_eq!(doc.text.chars().count(), 9);
        assert_eq!(doc.warnings.len(), 1);
    }

    #[test]
    fn document_ids_are_lowercase_hex_sha256() {
        assert_eq!(sha256_id(b"abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    /// A file's reported size is a hint: what it really holds is read, up to one
    /// byte over the limit.
    #[test]
    fn plain_files_are_read_whatever_their_reported_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, b"0123456789").unwrap();
        let read = |len, max| read_plain(fs::File::open(&path).unwrap(), len, max).unwrap();
        assert_eq!(read(10, 100), b"0123456789");
        assert_eq!(read(3, 100), b"0123456789", "grew since its size was taken");
        assert_eq!(read(0, 100), b"0123456789", "size 0, as in /proc");
        assert_eq!(read(12, 100), b"0123456789", "shrank");
        assert_eq!(read(3, 5), b"012345", "stops one byte over the limit");
        assert_eq!(read(10, 10), b"0123456789");
    }

    /// What reading each walked input gives, and whether its sidecar was looked
    /// for; a sidecar must be found as when every file looks for one.
    fn walk_and_read(root: &Path, sel: &Selection) -> Vec<(String, bool, Result<DocMeta, ReadError>)> {
        let roots = [root.to_path_buf()];
        walk(&roots, sel)
            .map(|input| {
                let Input::File(file) = &input else { panic!("{input:?}") };
                let got = read(&input, 1 << 20).map(|d| d.meta);
                let always = read(&Input::file(file.rel.clone(), file.path.clone()), 1 << 20).map(|d| d.meta);
                assert_eq!(got, always, "{}", file.rel);
                (file.rel.clone(), file.may_have_sidecar, got)
            })
            .collect()
    }

    fn published(date: &str) -> Result<DocMeta, ReadError> {
        Ok(DocMeta { published: Some(date.into()), ..DocMeta::default() })
    }

    /// A sidecar may sort before its article (`a.meta.json`, `a.txt`) or after it
    /// (`B.TXT`, `c.md`), and only a directory that lists one looks for them.
    #[test]
    fn sidecars_are_found_wherever_they_sort_and_only_looked_for_where_listed() {
        let dir = tempfile::tempdir().unwrap();
        let put = |name: &str, text: &str| {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        let meta = |date: &str| format!(r#"{{"published": "{date}"}}"#);
        put("s/a.txt", "A");
        put("s/a.meta.json", &meta("2020-01-01"));
        put("s/B.TXT", "B");
        put("s/B.meta.json", &meta("2020-01-02"));
        put("s/c.md", "C");
        put("s/c.meta.json", &meta("2020-01-03"));
        put("s/d.txt", "D");
        put("s/t/d.meta.json", &meta("2020-01-04"));
        put("s/t/e.txt", "E");
        put("s/u.txt", "U");
        put("v/f.txt", "F");
        put("v/g.txt", "G");
        put("w/h.txt", "H");
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        io::Write::write_all(&mut gzip, b"I").unwrap();
        fs::create_dir(dir.path().join("x")).unwrap();
        fs::write(dir.path().join("x/i.txt.gz"), gzip.finish().unwrap()).unwrap();
        put("x/i.meta.json", &meta("2020-01-05"));
        put("z/j.txt", "J");
        let sel = Selection { exts: vec!["txt".into(), "md".into()], follow: false };
        let none = Ok(DocMeta::default());
        assert_eq!(
            walk_and_read(dir.path(), &sel),
            vec![
                ("s/B.TXT".into(), true, published("2020-01-02")),
                ("s/a.txt".into(), true, published("2020-01-01")),
                ("s/c.md".into(), true, published("2020-01-03")),
                ("s/d.txt".into(), true, none.clone()),
                ("s/t/e.txt".into(), true, none.clone()),
                ("s/u.txt".into(), true, none.clone()),
                ("v/f.txt".into(), false, none.clone()),
                ("v/g.txt".into(), false, none.clone()),
                ("w/h.txt".into(), false, none.clone()),
                ("x/i.txt.gz".into(), true, published("2020-01-05")),
                ("z/j.txt".into(), false, none.clone()),
            ]
        );
    }

    /// A sidecar that cannot be read is an error whether or not it was listed
    /// as a possible one.
    #[test]
    fn unreadable_sidecars_are_errors_as_before() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "A").unwrap();
        fs::create_dir(dir.path().join("a.meta.json")).unwrap();
        fs::write(dir.path().join("b.txt"), "B").unwrap();
        fs::write(dir.path().join("b.meta.json"), "{").unwrap();
        let got = walk_and_read(dir.path(), &Selection::default());
        let kinds: Vec<_> =
            got.iter().map(|(rel, may, r)| (rel.as_str(), *may, r.as_ref().map_err(|e| e.kind))).collect();
        assert_eq!(kinds, vec![("a.txt", true, Err("io")), ("b.txt", true, Err("bad_metadata"))]);
    }

    #[test]
    fn listed_names_are_file_names() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("d")).unwrap();
        fs::write(dir.path().join("d/a.b.txt"), "A").unwrap();
        fs::write(dir.path().join(".x"), "X").unwrap();
        let root = format!("{}/./", dir.path().display());
        let entries: Vec<_> = walkdir::WalkDir::new(root).min_depth(1).into_iter().map(Result::unwrap).collect();
        assert_eq!(entries.len(), 3);
        for entry in &entries {
            assert_eq!(listed_name(entry), entry.file_name(), "{}", entry.path().display());
        }
    }

    /// On a case-insensitive or normalizing file system `a.meta.json` may open
    /// a file listed under another spelling.
    #[test]
    fn names_that_may_stand_for_a_sidecar() {
        for (name, may) in [
            ("a.meta.json", true),
            ("A.META.JSON", true),
            (".meta.json", true),
            ("é.txt", true),
            ("a.meta.jſon", true),
            ("a.gold.json", false),
            ("a.txt", false),
            ("meta.json", false),
        ] {
            assert_eq!(may_be_sidecar(OsStr::new(name)), may, "{name}");
        }
    }

    /// A listing that failed may lack a sidecar: after a walk error, every file
    /// looks for its sidecar.
    #[cfg(unix)]
    #[test]
    fn after_a_walk_error_sidecars_are_looked_for() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("a/loop")).unwrap();
        fs::write(dir.path().join("b.txt"), "B").unwrap();
        fs::write(dir.path().join("c.txt"), "C").unwrap();
        let roots = [dir.path().to_path_buf()];
        let sel = Selection { follow: true, ..Selection::default() };
        let got: Vec<_> = walk(&roots, &sel)
            .map(|input| {
                let Input::File(file) = input else { panic!() };
                (file.rel, file.walk_error.map(|e| e.kind), file.may_have_sidecar)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("a/loop".into(), Some("symlink_loop"), true),
                ("b.txt".into(), None, true),
                ("c.txt".into(), None, true)
            ]
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode("x".into(), b"ab\0cd".to_vec(), DocMeta::default()).unwrap_err();
        assert_eq!(err.kind, "binary");
    }
}
