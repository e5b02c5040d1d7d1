//! Property test: whatever the text, every mention's offsets slice the source
//! to exactly its text, in bytes and in chars.

use proptest::prelude::*;

use crate::util::assert_offsets;
use newsx::{corpus, rules, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: std::sync::LazyLock<Pipeline> =
        std::sync::LazyLock::new(|| Pipeline::new(&rules::load_embedded().unwrap()).unwrap());
    &P
}

/// Pieces that trigger every extractor, mixed with non-ASCII noise.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Iran’s ambassador to Russia Kazem Jalali said ".to_string()),
        Just("Russian President Vladimir Putin ".to_string()),
        Just("signed five memoranda of understanding (MOUs) ".to_string()),
        Just("the Islamic Republic News Agency (IRNA) ".to_string()),
        Just("on Friday, December 6 to 7, 2025 ".to_string()),
        Just("in Moscow and Tehran, ".to_string()),
        Just("artificial intelligence, AI and cybersecurity. ".to_string()),
        Just("Støre, Zürich, São Paulo, 北京, Ελλάδα — “quoted” ".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z ,.]{0,20}",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mentions_slice_their_text(parts in prop::collection::vec(piece(), 0..16)) {
        let text = parts.concat();
        let doc = corpus::decode("p.txt".into(), text.clone().into_bytes(), corpus::DocMeta::default()).unwrap();
        let record = pipeline().process(&doc);
        assert_offsets(&record, text.as_bytes(), &text);
    }

    #[test]
    fn arbitrary_bytes_never_break_offsets(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        // NUL bytes make a file binary; everything else is a document.
        let bytes: Vec<u8> = bytes.into_iter().map(|b| if b == 0 { b' ' } else { b }).collect();
        let doc = corpus::decode("p.txt".into(), bytes.clone(), corpus::DocMeta::default()).unwrap();
        let record = pipeline().process(&doc);
        assert_offsets(&record, &bytes, &doc.text);
        prop_assert!(serde_json::to_string(&record).is_ok());
    }
}
