//! Any bytes, read as an article file would be, never panic the extractors
//! and never give an offset that does not slice the source to its text; the
//! record serializes to one JSON line that reads back to the same record.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsx::record::Record;
use newsx::{corpus, rules, Pipeline};

// Compiled once: rule compilation takes far longer than one input.
static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new(&rules::load_embedded().expect("rules load")).expect("rules compile"));

fuzz_target!(|data: &[u8]| {
    let doc = match corpus::decode("fuzz.txt".into(), data.to_vec(), corpus::DocMeta::default()) {
        Ok(doc) => doc,
        Err(err) => {
            assert_eq!(err.kind, "binary", "only a NUL byte refuses a document: {err:?}");
            return;
        }
    };
    let record = PIPELINE.process(&doc);
    let chars: Vec<char> = doc.text.chars().collect();
    let utf8 = std::str::from_utf8(data).is_ok();
    for m in record.mentions() {
        assert!(m.start <= m.end && m.end <= data.len(), "byte span out of range: {m:?}");
        assert!(m.char_start <= m.char_end && m.char_end <= chars.len(), "char span out of range: {m:?}");
        let by_chars: String = chars[m.char_start..m.char_end].iter().collect();
        assert_eq!(by_chars, m.text, "char slice differs: {m:?}");
        if utf8 {
            assert_eq!(&data[m.start..m.end], m.text.as_bytes(), "byte slice differs: {m:?}");
        } else {
            // Windows-1252 is one byte per char.
            assert_eq!((m.start, m.end), (m.char_start, m.char_end), "1252 offsets differ: {m:?}");
        }
    }
    let line = serde_json::to_string(&record).expect("a record serializes");
    assert!(!line.contains('\n'), "one record, one line");
    let back: Record = serde_json::from_str(&line).expect("the line reads back");
    assert_eq!(back, record, "the record survives JSON");
});
