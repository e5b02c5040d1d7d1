//! Finding, reading and decoding input documents.
//!
//! [`walk`] turns the command line's paths into a sorted stream of [`Input`]s:
//! article files chosen by extension, plus walk errors (permission denied,
//! symlink loops, vanished files) so that nothing is lost silently. [`read`]
//! turns one input into a [`Document`] or a [`ReadError`], which the pipeline
//! writes as an error record.
//!
//! Decoding: UTF-8 is taken as is (a BOM stays in the text, so text offsets are
//! source offsets; extractors treat it as white space). Anything else is decoded
//! as Windows-1252 with a warning; every source byte then becomes one char, so the
//! source byte offset of a position equals its char offset.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// How a document's bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Single-byte: source byte offset == char offset.
    Windows1252,
}

/// One article file to read, or a place where the walk failed.
#[derive(Clone, Debug)]
pub struct Input {
    /// Path as recorded in `source.path`: relative to the root given on the
    /// command line (the file name when a file was given directly).
    pub rel: String,
    /// Path to open.
    pub path: PathBuf,
    /// Set when the walk could not reach this entry.
    pub walk_error: Option<ReadError>,
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
    /// `symlink_loop`, `walk`, `binary`, `too_large`.
    pub kind: &'static str,
    pub message: String,
}

impl ReadError {
    fn new(kind: &'static str, message: impl Into<String>) -> ReadError {
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
    /// True when `name` ends in one of the chosen extensions and is not a gold or
    /// metadata file (`x.gold.json` is never an article, even with `--ext json`).
    pub fn wants(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        if lower.ends_with(".gold.json") || lower.ends_with(".meta.json") {
            return false;
        }
        self.exts.iter().any(|ext| {
            lower.len() > ext.len() + 1
                && lower.ends_with(&ext.to_lowercase())
                && lower.as_bytes()[lower.len() - ext.len() - 1] == b'.'
        })
    }
}

/// Walks `roots` in order, each in sorted order, yielding every article file and
/// every walk error. A root that is a file is yielded as is, whatever its
/// extension: the user named it.
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
            return Box::new(std::iter::once(Input { rel, path: root.to_path_buf(), walk_error: None }));
        }
        Ok(_) => {}
        Err(err) => {
            return Box::new(std::iter::once(Input {
                rel: root.display().to_string(),
                path: root.to_path_buf(),
                walk_error: Some(ReadError::from_io(root, &err)),
            }));
        }
    }
    let walker = walkdir::WalkDir::new(root).follow_links(sel.follow).sort_by_file_name();
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
                    Err(err) => Some(Input {
                        rel: rel_path(root, entry.path()),
                        path: entry.path().to_path_buf(),
                        walk_error: Some(ReadError::from_io(entry.path(), &err)),
                    }),
                };
            }
            if entry.file_type().is_file() && sel.wants(&name) {
                Some(Input { rel: rel_path(root, entry.path()), path: entry.path().to_path_buf(), walk_error: None })
            } else {
                None
            }
        }
        Err(err) => {
            let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
            let kind = if err.loop_ancestor().is_some() {
                "symlink_loop"
            } else if let Some(io) = err.io_error() {
                io_kind(io)
            } else {
                "walk"
            };
            Some(Input {
                rel: rel_path(root, &path),
                path: path.clone(),
                walk_error: Some(ReadError::new(kind, format!("{}: {}", path.display(), err))),
            })
        }
    }))
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

/// Reads and decodes one input. Files over `max_bytes` are refused before they
/// are read whole.
pub fn read(input: &Input, max_bytes: u64) -> Result<Document, ReadError> {
    if let Some(err) = &input.walk_error {
        return Err(err.clone());
    }
    let file = fs::File::open(&input.path).map_err(|e| ReadError::from_io(&input.path, &e))?;
    let len = file.metadata().map_err(|e| ReadError::from_io(&input.path, &e))?.len();
    if len > max_bytes {
        return Err(ReadError::new(
            "too_large",
            format!("{}: {} bytes is over the limit of {} (raise --max-bytes)", input.path.display(), len, max_bytes),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while we read it.
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| ReadError::from_io(&input.path, &e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::new(
            "too_large",
            format!("{}: over the limit of {} bytes (raise --max-bytes)", input.path.display(), max_bytes),
        ));
    }
    let meta = read_sidecar(&input.path)?;
    decode(input.rel.clone(), bytes, meta)
}

/// Reads `NAME.meta.json` beside `NAME.txt`, when there is one.
fn read_sidecar(path: &Path) -> Result<DocMeta, ReadError> {
    let Some(stem) = path.file_stem() else {
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
    Ok(Document { rel, bytes: n, doc_id, text, encoding, warnings, meta })
}

/// `sha256:<hex>` of some bytes.
pub fn sha256_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
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
    fn windows_1252_keeps_one_char_per_byte() {
        let doc = decode("x".into(), b"caf\xe9 \x93ok\x94".to_vec(), DocMeta::default()).unwrap();
        assert_eq!(doc.encoding, Encoding::Windows1252);
        assert_eq!(doc.text, "café “ok”");
        assert_eq!(doc.text.chars().count(), 9);
        assert_eq!(doc.warnings.len(), 1);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode("x".into(), b"ab\0cd".to_vec(), DocMeta::default()).unwrap_err();
        assert_eq!(err.kind, "binary");
    }
}
