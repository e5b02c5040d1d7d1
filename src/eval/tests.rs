//! Hand-computed scoring cases; each expected number is derived in a comment.

use std::fs;

use super::*;

fn gold_doc(name: &str, json: &str) -> GoldDoc {
    parse_gold(name, json).unwrap()
}

#[test]
fn normalize_lowercases_and_collapses_non_alphanumeric_runs() {
    assert_eq!(normalize("Iran’s Ministry"), "iran s ministry");
    assert_eq!(normalize("  U.S.--IRAN   talks!! "), "u s iran talks");
    assert_eq!(normalize("e-Government"), "e government");
    // Whole-string lowercasing gets the final sigma right.
    assert_eq!(normalize("ΟΔΟΣ"), "οδος");
    assert_eq!(normalize("Brasília 2025"), "brasília 2025");
    assert_eq!(normalize(" -- "), "");
}

#[test]
fn gold_parses_real_format() {
    let doc = gold_doc(
        "001.txt",
        r#"{"doc": "001.txt", "published": " 2025-12-06 ",
            "people": [{"name": "Kazem Jalali", "role": "ambassador", "affiliation": "Iran"}],
            "dates": [{"text": "December 6 to 7", "value": "2025-12-06/2025-12-07",
                       "accept": ["XXXX-12-06/XXXX-12-07"], "optional": true}],
            "agreements": [{"instrument": "contract", "count": null, "text": "tech deals",
                            "accept": [["agreement", 1]], "note": "ambiguous"}]}"#,
    );
    assert_eq!(doc.published.as_deref(), Some("2025-12-06"));
    assert_eq!(doc.people[0].role.as_deref(), Some("ambassador"));
    assert!(doc.dates[0].optional);
    assert_eq!(doc.agreements[0].accept, [(Instrument::Agreement, Some(1))]);
    assert_eq!(doc.agreements[0].count, None);
    assert!(doc.organizations.is_empty());
}

#[test]
fn malformed_gold_errors_name_the_file() {
    let cases = [
        (
            "{\n  \"people\": [,]\n}",
            "invalid JSON: expected value at line 2",
        ),
        (r#"[]"#, "top level must be an object"),
        (r#"{"doc": "b.txt"}"#, "`doc` is \"b.txt\""),
        (r#"{"people": {"name": "x"}}"#, "`people` must be an array"),
        (r#"{"people": ["Ann"]}"#, "people[0] must be an object"),
        (
            r#"{"people": [{"role": "x"}]}"#,
            "people[0]: missing `name`",
        ),
        (
            r#"{"locations": [{"name": "X", "aliases": "Y"}]}"#,
            "`aliases` must be an array",
        ),
        (
            r#"{"dates": [{"text": "Friday"}]}"#,
            "dates[0]: missing `value`",
        ),
        (
            r#"{"dates": [{"value": 2025}]}"#,
            "`value` must be a string",
        ),
        (
            r#"{"agreements": [{"count": 1}]}"#,
            "agreements[0]: missing `instrument`",
        ),
        (
            r#"{"agreements": [{"instrument": "memo", "count": 1}]}"#,
            "unknown instrument \"memo\"",
        ),
        (
            r#"{"agreements": [{"instrument": "mou", "count": -1}]}"#,
            "non-negative integer",
        ),
        (
            r#"{"agreements": [{"instrument": "mou", "accept": [["mou"]]}]}"#,
            "[instrument, count]",
        ),
        (
            r#"{"domains": [{"name": "AI", "optional": "yes"}]}"#,
            "`optional` must be true or false",
        ),
        (
            r#"{"published": 20251206}"#,
            "`published` must be a string or null",
        ),
    ];
    for (json, expected) in cases {
        let err = parse_gold("a.txt", json).unwrap_err().to_string();
        assert!(err.starts_with("a.gold.json: "), "{err}");
        assert!(err.contains(expected), "{err:?} lacks {expected:?}");
    }
}

#[test]
fn load_gold_dir_reports_the_offending_path() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_gold_dir(dir.path()).unwrap_err();
    assert!(matches!(err, EvalError::NoGold { .. }), "{err}");

    fs::write(dir.path().join("x.gold.json"), "{}").unwrap();
    let err = load_gold_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("x.gold.json") && err.contains("x.txt does not exist"),
        "{err}"
    );

    fs::write(dir.path().join("x.txt"), "text").unwrap();
    fs::write(dir.path().join("x.gold.json"), r#"{"dates": [{}]}"#).unwrap();
    let err = load_gold_dir(dir.path()).unwrap_err().to_string();
    let path = dir.path().join("x.gold.json").display().to_string();
    assert_eq!(err, format!("{path}: dates[0]: missing `value`"));
}
