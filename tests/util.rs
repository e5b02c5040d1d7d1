//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;

use newsx::record::Output as Record;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `newsx` binary with `args` in the repository root.
pub fn newsx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsx")).args(args).current_dir(root()).output().expect("run newsx")
}

/// Parses JSON Lines output back into records.
pub fn records(stdout: &[u8]) -> Vec<Record<'static>> {
    std::str::from_utf8(stdout)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad record {l}: {e}")))
        .collect()
}

static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let raw = std::fs::read_to_string(root().join("schema/record.schema.json")).expect("schema file");
    let schema: serde_json::Value = serde_json::from_str(&raw).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
});

/// Checks every line of JSON Lines output against `schema/record.schema.json`.
pub fn assert_schema(stdout: &[u8]) {
    for line in std::str::from_utf8(stdout).expect("UTF-8").lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let errors: Vec<String> = SCHEMA.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "record violates schema: {errors:?}\n{line}");
    }
}

/// Every mention's offsets slice the source to its text, in bytes and chars.
pub fn assert_offsets(record: &newsx::record::Record, source: &[u8], decoded: &str) {
    let chars: Vec<char> = decoded.chars().collect();
    let utf8 = std::str::from_utf8(source).is_ok();
    for m in record.mentions() {
        assert!(m.start <= m.end && m.end <= source.len(), "byte span out of range: {m:?}");
        assert!(m.char_start <= m.char_end && m.char_end <= chars.len(), "char span out of range: {m:?}");
        if utf8 {
            assert_eq!(&source[m.start..m.end], m.text.as_bytes(), "byte slice differs: {m:?}");
        } else {
            // Windows-1252: one char per byte, so the two offsets agree.
            assert_eq!((m.start, m.end), (m.char_start, m.char_end), "1252 offsets differ: {m:?}");
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&source[m.start..m.end]);
            assert_eq!(text, m.text, "byte slice differs: {m:?}");
        }
        let by_chars: String = chars[m.char_start..m.char_end].iter().collect();
        assert_eq!(by_chars, m.text, "char slice differs: {m:?}");
    }
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, bytes).expect("write");
    path
}
