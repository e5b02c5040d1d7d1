//! Hand-computed scoring cases; each expected number is derived in a comment.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};

use super::score::role_right;
use super::*;

fn gold_doc(name: &str, json: &str) -> GoldDoc {
    parse_gold(name, json).unwrap()
}

/// A prediction record for `path` with the given top-level fields.
fn rec(path: &str, body: Value) -> Value {
    let mut obj = body.as_object().cloned().unwrap_or_default();
    obj.insert("schema".into(), json!(1));
    obj.insert("source".into(), json!({"path": path, "bytes": 1}));
    Value::Object(obj)
}

/// Scores a single gold document `a.txt` against one record.
fn score_one(gold: &str, body: Value) -> Report {
    score(&[gold_doc("a.txt", gold)], &[rec("in/a.txt", body)]).unwrap()
}

fn prf<'a>(r: &'a Report, field: &str) -> &'a Prf {
    &r.fields.iter().find(|(f, _)| *f == field).unwrap().1
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

fn check(p: &Prf, tp: usize, fp: usize, fn_: usize, pr: f64, re: f64, f1: f64) {
    assert_eq!((p.tp, p.fp, p.fn_), (tp, fp, fn_), "counts of {p:?}");
    close(p.p, pr);
    close(p.r, re);
    close(p.f1, f1);
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
fn exact_match() {
    // 1 gold, 1 identical prediction: tp 1, fp 0, fn 0; P = R = F1 = 1.
    let r = score_one(r#"{"people": [{"name": "Kazem Jalali"}]}"#, json!({"people": [{"name": "Kazem Jalali"}]}));
    check(prf(&r, "people"), 1, 0, 0, 1.0, 1.0, 1.0);
    check(&r.overall, 1, 0, 0, 1.0, 1.0, 1.0);
}

#[test]
fn gold_alias_matches_predicted_name() {
    // "IRNA" is an alias of the gold entry: tp 1.
    let r = score_one(
        r#"{"organizations": [{"name": "Islamic Republic News Agency", "aliases": ["IRNA"]}]}"#,
        json!({"organizations": [{"name": "IRNA"}]}),
    );
    check(prf(&r, "organizations"), 1, 0, 0, 1.0, 1.0, 1.0);
}

#[test]
fn predicted_mention_text_or_alias_matches_gold_name() {
    // Names differ but a mention text, a predicted alias or `text` equals a gold name:
    // tp 3, fp 1 ("Petersburg" matches nothing); P = 3/4, R = 1, F1 = 1.5/1.75 = 6/7.
    let r = score_one(
        r#"{"locations": [{"name": "Moscow"}, {"name": "Tehran"}, {"name": "Kyiv"}]}"#,
        json!({"locations": [
            {"name": "Moskva", "mentions": [{"text": "Sochi"}, {"text": "Moscow"}]},
            {"name": "Teheran", "aliases": ["Tehran"]},
            {"name": "Kiev", "text": "Kyiv"},
            {"name": "Petersburg", "mentions": [{"text": "Petersburg"}]}
        ]}),
    );
    check(prf(&r, "locations"), 3, 1, 0, 0.75, 1.0, 6.0 / 7.0);
}

#[test]
fn matching_is_on_normalized_keys() {
    // Curly apostrophe, case and punctuation runs all normalize away: tp 2.
    let r = score_one(
        r#"{"organizations": [
            {"name": "Iran’s Ministry"},
            {"name": "U.S.-Iran Business Council"}
        ]}"#,
        json!({"organizations": [
            {"name": "iran s ministry"},
            {"name": "u s -- IRAN business council!"}
        ]}),
    );
    check(prf(&r, "organizations"), 2, 0, 0, 1.0, 1.0, 1.0);
}

#[test]
fn empty_keys_never_match() {
    // Both sides normalize "--" to "", which must not count as equal: fp 1, fn 1.
    let r = score_one(r#"{"domains": [{"name": "AI", "aliases": ["--"]}]}"#, json!({"domains": [{"name": "--"}]}));
    check(prf(&r, "domains"), 0, 1, 1, 0.0, 0.0, 0.0);
}

#[test]
fn optional_gold_entry_is_neither_rewarded_nor_punished() {
    let gold = r#"{"organizations": [{"name": "IRNA"}, {"name": "BABL AI", "optional": true}]}"#;
    // Matched optional entry: no TP and no FP; tp 1 (IRNA), fp 0, fn 0.
    let r = score_one(gold, json!({"organizations": [{"name": "IRNA"}, {"name": "BABL AI"}]}));
    check(prf(&r, "organizations"), 1, 0, 0, 1.0, 1.0, 1.0);
    // Unmatched optional entry: no FN; tp 1, fp 0, fn 0.
    let r = score_one(gold, json!({"organizations": [{"name": "IRNA"}]}));
    check(prf(&r, "organizations"), 1, 0, 0, 1.0, 1.0, 1.0);
    // Only the optional entry predicted: tp 0, fp 0, fn 1; P = 0 (0/0), R = 0.
    let r = score_one(gold, json!({"organizations": [{"name": "BABL AI"}]}));
    check(prf(&r, "organizations"), 0, 0, 1, 0.0, 0.0, 0.0);
}

#[test]
fn date_matches_value_or_accept() {
    // The unanchored accept value matches (tp 1); "2025-12-06" matches neither the value
    // nor the accept list (fp 1). P = 1/2, R = 1, F1 = 1/1.5 = 2/3.
    let r = score_one(
        r#"{"dates": [{"text": "December 6 to 7", "value": "2025-12-06/2025-12-07",
                       "accept": ["XXXX-12-06/XXXX-12-07"]}]}"#,
        json!({"dates": [
            {"value": " XXXX-12-06/XXXX-12-07 ", "text": "December 6 to 7"},
            {"value": "2025-12-06"}
        ]}),
    );
    check(prf(&r, "dates"), 1, 1, 0, 0.5, 1.0, 2.0 / 3.0);
}

#[test]
fn agreement_matches_pair_or_accept_pair() {
    // (agreement, 2) is an accepted reading of (contract, 2): tp 1; (agreement, 1) has
    // the wrong count: fp 1. P = 1/2, R = 1, F1 = 2/3.
    let r = score_one(
        r#"{"agreements": [{"instrument": "contract", "count": 2, "accept": [["agreement", 2]]}]}"#,
        json!({"agreements": [
            {"instrument": "agreement", "count": 2},
            {"instrument": "agreement", "count": 1}
        ]}),
    );
    check(prf(&r, "agreements"), 1, 1, 0, 0.5, 1.0, 2.0 / 3.0);
}

#[test]
fn agreement_null_count_equals_null() {
    // (mou, absent count) = (mou, null): tp 1. (agreement, null) vs gold (agreement, 3):
    // fp 1 and fn 1. P = 1/2, R = 1/2, F1 = 1/2.
    let r = score_one(
        r#"{"agreements": [{"instrument": "mou", "count": null},
                           {"instrument": "agreement", "count": 3}]}"#,
        json!({"agreements": [
            {"instrument": "mou"},
            {"instrument": "agreement", "count": null}
        ]}),
    );
    check(prf(&r, "agreements"), 1, 1, 1, 0.5, 0.5, 0.5);
}

#[test]
fn duplicate_predictions_of_one_gold_entry_count_once() {
    // Both predictions match the one entry: the first is the TP, the second is neither
    // TP nor FP. tp 1, fp 0, fn 0.
    let r = score_one(
        r#"{"people": [{"name": "Xi Jinping", "aliases": ["Xi"]}]}"#,
        json!({"people": [{"name": "Xi Jinping"}, {"name": "Xi"}]}),
    );
    check(prf(&r, "people"), 1, 0, 0, 1.0, 1.0, 1.0);
}

#[test]
fn identical_gold_pairs_are_separate_entries() {
    let gold = r#"{"agreements": [{"instrument": "mou", "count": 1},
                                  {"instrument": "mou", "count": 1}]}"#;
    // Two predictions fill both entries: tp 2.
    let two = json!({"instrument": "mou", "count": 1});
    let r = score_one(gold, json!({"agreements": [two.clone(), two.clone()]}));
    check(prf(&r, "agreements"), 2, 0, 0, 1.0, 1.0, 1.0);
    // One prediction fills one: tp 1, fn 1; P = 1, R = 1/2, F1 = 1/1.5 = 2/3.
    let r = score_one(gold, json!({"agreements": [two]}));
    check(prf(&r, "agreements"), 1, 0, 1, 1.0, 0.5, 2.0 / 3.0);
}

#[test]
fn maximum_matching_beats_greedy() {
    // Pred A matches gold 1 ("congo") and gold 2 ("congo kinshasa" via a mention); pred B
    // matches only gold 1. Greedy would give A gold 1 and leave B out (1 TP); the
    // augmenting path moves A to gold 2: tp 2, fp 0, fn 0.
    let r = score_one(
        r#"{"locations": [
            {"name": "Congo", "aliases": ["Republic of the Congo"]},
            {"name": "Democratic Republic of the Congo", "aliases": ["Congo-Kinshasa"]}
        ]}"#,
        json!({"locations": [
            {"name": "Congo", "mentions": [{"text": "Congo-Kinshasa"}]},
            {"name": "Republic of the Congo"}
        ]}),
    );
    check(prf(&r, "locations"), 2, 0, 0, 1.0, 1.0, 1.0);
    assert!(!r.per_doc[0].has_problems());
}

const TWO_DOCS_A: &str = r#"{"doc": "a.txt", "published": null,
    "people": [{"name": "Ann Lee"}]}"#;
const TWO_DOCS_B: &str = r#"{"doc": "b.txt", "published": "2025-01-01",
    "people": [{"name": "Bo Chen"}, {"name": "Cy Diaz"}],
    "dates": [{"value": "2024-12-31"}]}"#;

fn two_docs() -> Vec<GoldDoc> {
    vec![gold_doc("a.txt", TWO_DOCS_A), gold_doc("b.txt", TWO_DOCS_B)]
}

#[test]
fn missing_document_scores_as_empty_prediction() {
    // a.txt: tp 1 and published null == null (right). b.txt has no record: people fn 2,
    // dates fn 1, published gold 2025-01-01 vs null (wrong).
    // people: tp 1, fn 2 -> P = 1, R = 1/3, F1 = (2/3)/(4/3) = 1/2.
    // overall: tp 1, fp 0, fn 3 -> P = 1, R = 1/4, F1 = 0.5/1.25 = 2/5.
    let records = [rec("x/a.txt", json!({"people": [{"name": "Ann Lee"}]}))];
    let r = score(&two_docs(), &records).unwrap();
    check(prf(&r, "people"), 1, 0, 2, 1.0, 1.0 / 3.0, 0.5);
    check(prf(&r, "dates"), 0, 0, 1, 0.0, 0.0, 0.0);
    check(&r.overall, 1, 0, 3, 1.0, 0.25, 0.4);
    assert_eq!((r.published_right, r.documents), (1, 2));
    close(r.published_acc, 0.5);
    assert_eq!(r.per_doc[1].record, RecordStatus::Missing);
    assert_eq!(r.per_doc[1].fields[0].missed, ["Bo Chen", "Cy Diaz"]);
}

#[test]
fn error_record_scores_as_empty_prediction() {
    // b.txt's record is an error record even though it carries a people list: fn 2 people,
    // fn 1 date, published wrong. a.txt has no record at all: fn 1, published right.
    // overall: tp 0, fp 0, fn 4.
    let records = [rec(
        "x/b.txt",
        json!({"error": {"kind": "decode", "message": "invalid UTF-8"},
               "people": [{"name": "Bo Chen"}]}),
    )];
    let r = score(&two_docs(), &records).unwrap();
    check(&r.overall, 0, 0, 4, 0.0, 0.0, 0.0);
    assert_eq!(r.per_doc[1].record, RecordStatus::Error("invalid UTF-8".into()));
    assert_eq!(r.published_right, 1);
    assert_eq!(r.unmatched_records, 0);
}

#[test]
fn records_without_gold_are_ignored_but_counted() {
    // Two records name no gold document: unmatched 2, and they add no FP.
    // people: tp 1 (a.txt), fn 2 (b.txt missing).
    let records = [
        rec("x/a.txt", json!({"people": [{"name": "Ann Lee"}]})),
        rec("x/other.txt", json!({"people": [{"name": "Nobody"}]})),
        rec("y/other.txt", json!({})),
    ];
    let r = score(&two_docs(), &records).unwrap();
    assert_eq!(r.unmatched_records, 2);
    check(prf(&r, "people"), 1, 0, 2, 1.0, 1.0 / 3.0, 0.5);
}

#[test]
fn two_records_for_one_gold_document_are_ambiguous() {
    let records = [rec("seeds/a.txt", json!({})), rec(r"dev\a.txt", json!({}))];
    let err = score(&two_docs(), &records).unwrap_err();
    assert!(matches!(&err, EvalError::AmbiguousRecords { name, first: 1, second: 2 } if name == "a.txt"), "{err}");
}

#[test]
fn malformed_records_are_errors() {
    let cases = [
        (json!({"people": [{"name": "x"}]}), "source.path"),
        (rec("a.txt", json!({"people": {"name": "x"}})), "`people` must be an array"),
        (rec("a.txt", json!({"dates": ["2025"]})), "`dates[0]` must be an object"),
        (rec("a.txt", json!({"published": "2025"})), "`published` must be an object"),
    ];
    for (record, expected) in cases {
        let err = score(&two_docs(), &[record]).unwrap_err().to_string();
        assert!(err.starts_with("prediction record 1: "), "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

#[test]
fn role_rule_boundaries() {
    // 2 shared of 4 (larger set): 4 >= 4, right.
    assert!(role_right("deputy minister", "Deputy Minister of Communications"));
    // 1 shared of 3: 2 < 3, wrong.
    assert!(!role_right("head", "head of park"));
    // 1 shared of 2: 2 >= 2, right.
    assert!(role_right("minister", "prime minister"));
    // 3 shared of 5 ({iran, s, ambassador, to, russia}): 6 >= 5, right.
    assert!(role_right("Iran's ambassador to Russia", "ambassador to Russia"));
    // Nothing shared, and the empty role: wrong.
    assert!(!role_right("reporter", "President"));
    assert!(!role_right("", "President"));
}

#[test]
fn roles_are_judged_on_matched_people_with_gold_roles() {
    // Counted: Ann (2 of 4, right), Bo (1 of 3, wrong), Cy (1 of 2, right), Di (role
    // missing, wrong), Ed (role null, wrong). Not counted: Fay (gold has no role), Gus
    // (optional, so never matched), Hal (not predicted). right 2, total 5 -> 0.4.
    let r = score_one(
        r#"{"people": [
            {"name": "Ann", "role": "deputy minister of communications"},
            {"name": "Bo", "role": "head of park"},
            {"name": "Cy", "role": "prime minister"},
            {"name": "Di", "role": "President"},
            {"name": "Ed", "role": "President"},
            {"name": "Fay"},
            {"name": "Gus", "role": "reporter", "optional": true},
            {"name": "Hal", "role": "mayor"}
        ]}"#,
        json!({"people": [
            {"name": "Ann", "role": "Deputy Minister"},
            {"name": "Bo", "role": "head"},
            {"name": "Cy", "role": "minister"},
            {"name": "Di"},
            {"name": "Ed", "role": null},
            {"name": "Fay", "role": "minister"},
            {"name": "Gus", "role": "editor"}
        ]}),
    );
    assert_eq!((r.roles_right, r.roles_total), (2, 5));
    assert_eq!(r.roles_acc, Some(0.4));
    let wrong: Vec<&str> = r.per_doc[0].fields[0].role_mismatches.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(wrong, ["Bo", "Di", "Ed"]);
    // people: tp 6 (all but Gus and Hal), fn 1 (Hal).
    check(prf(&r, "people"), 6, 0, 1, 1.0, 6.0 / 7.0, 12.0 / 13.0);
}

#[test]
fn roles_acc_is_null_without_roles() {
    let r = score_one(r#"{"people": [{"name": "Ann"}]}"#, json!({"people": [{"name": "Ann", "role": "minister"}]}));
    assert_eq!(r.roles_acc, None);
    assert_eq!(r.to_json()["roles_acc"], Value::Null);
}

#[test]
fn published_accuracy_counts_null_as_a_value() {
    let gold = [
        gold_doc("a.txt", r#"{"published": null}"#),
        gold_doc("b.txt", r#"{"published": "2025-12-06"}"#),
        gold_doc("c.txt", r#"{"published": "2025-12-06"}"#),
        gold_doc("d.txt", r#"{}"#),
    ];
    // a: null vs {"value": null} right; b: equal right; c: 2025-12-05 wrong;
    // d: absent gold is null, predicted 2025 wrong. 2/4 = 0.5.
    let records = [
        rec("a.txt", json!({"published": {"value": null}})),
        rec("b.txt", json!({"published": {"value": "2025-12-06", "from": "dateline"}})),
        rec("c.txt", json!({"published": {"value": "2025-12-05"}})),
        rec("d.txt", json!({"published": {"value": "2025"}})),
    ];
    let r = score(&gold, &records).unwrap();
    assert_eq!((r.published_right, r.documents), (2, 4));
    close(r.published_acc, 0.5);
    // No entries anywhere: every ratio has a zero denominator and is 0.0.
    check(&r.overall, 0, 0, 0, 0.0, 0.0, 0.0);
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
        ("{\n  \"people\": [,]\n}", "invalid JSON: expected value at line 2"),
        (r#"[]"#, "top level must be an object"),
        (r#"{"doc": "b.txt"}"#, "`doc` is \"b.txt\""),
        (r#"{"people": {"name": "x"}}"#, "`people` must be an array"),
        (r#"{"people": ["Ann"]}"#, "people[0] must be an object"),
        (r#"{"people": [{"role": "x"}]}"#, "people[0]: missing `name`"),
        (r#"{"locations": [{"name": "X", "aliases": "Y"}]}"#, "`aliases` must be an array"),
        (r#"{"dates": [{"text": "Friday"}]}"#, "dates[0]: missing `value`"),
        (r#"{"dates": [{"value": 2025}]}"#, "`value` must be a string"),
        (r#"{"agreements": [{"count": 1}]}"#, "agreements[0]: missing `instrument`"),
        (r#"{"agreements": [{"instrument": "memo", "count": 1}]}"#, "unknown instrument \"memo\""),
        (r#"{"agreements": [{"instrument": "mou", "count": -1}]}"#, "non-negative integer"),
        (r#"{"agreements": [{"instrument": "mou", "accept": [["mou"]]}]}"#, "[instrument, count]"),
        (r#"{"domains": [{"name": "AI", "optional": "yes"}]}"#, "`optional` must be true or false"),
        (r#"{"published": 20251206}"#, "`published` must be a string or null"),
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
    assert!(err.contains("x.gold.json") && err.contains("x.txt does not exist"), "{err}");

    fs::write(dir.path().join("x.txt"), "text").unwrap();
    fs::write(dir.path().join("x.gold.json"), r#"{"dates": [{}]}"#).unwrap();
    let err = load_gold_dir(dir.path()).unwrap_err().to_string();
    let path = dir.path().join("x.gold.json").display().to_string();
    assert_eq!(err, format!("{path}: dates[0]: missing `value`"));
}

#[test]
fn load_gold_dir_reads_every_level_and_wants_unique_names() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("seeds").join("b");
    fs::create_dir_all(&sub).unwrap();
    fs::write(sub.join("x.txt"), "text").unwrap();
    fs::write(sub.join("x.gold.json"), "{}").unwrap();
    let gold = load_gold_dir(dir.path()).unwrap();
    assert_eq!(gold.len(), 1);
    assert_eq!(gold[0].name, "x.txt");
    assert_eq!(gold[0].txt_path, sub.join("x.txt"));

    // Records are matched by file name: the same name in two folders is an error.
    fs::write(dir.path().join("x.txt"), "text").unwrap();
    fs::write(dir.path().join("x.gold.json"), "{}").unwrap();
    let gold = load_gold_dir(dir.path()).unwrap();
    let err = score(&gold, &[]).unwrap_err();
    assert!(matches!(err, EvalError::DuplicateGold { .. }), "{err}");
}

#[test]
fn report_json_has_exactly_the_contract_keys() {
    let r = score_one(
        r#"{"people": [{"name": "Ann", "role": "minister"}]}"#,
        json!({"people": [{"name": "Ann", "role": "Minister"}, {"name": "Bo"}]}),
    );
    let j = r.to_json();
    let mut keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["documents", "fields", "overall", "published_acc", "roles_acc"]);
    let fields = j["fields"].as_object().unwrap();
    assert_eq!(fields.len(), 6);
    assert!(FIELDS.iter().all(|f| fields.contains_key(*f)));
    // people: tp 1, fp 1 -> P = 1/2, R = 1, F1 = 2/3, unrounded.
    assert_eq!(j["fields"]["people"], json!({"p": 0.5, "r": 1.0, "f1": 2.0 / 3.0, "tp": 1, "fp": 1, "fn": 0}));
    assert_eq!(j["overall"], j["fields"]["people"]);
    assert_eq!(j["roles_acc"], json!(1.0));
    assert_eq!(j["published_acc"], json!(1.0));
    assert_eq!(j["documents"], json!(1));
}

#[test]
fn renderings_show_scores_and_problems() {
    let r = score_one(
        r#"{"published": "2025-12-06",
            "people": [{"name": "Ann", "role": "prime minister"}, {"name": "Bo"}],
            "agreements": [{"instrument": "mou", "count": 5, "text": "five MOUs"}]}"#,
        json!({"people": [
                  {"name": "Ann", "role": "editor"},
                  {"name": "Zed", "mentions": [{"text": "Mr Zed"}]}
              ],
              "agreements": [{"instrument": "mou", "count": 4}]}),
    );
    let table = r.render_table();
    assert!(table.starts_with("field"), "{table}");
    assert!(table.contains("people         0.500  0.500  0.500      1      1      1"), "{table}");
    assert!(table.contains("overall        0.333  0.333  0.333      1      2      2"), "{table}");
    assert!(table.contains("roles accuracy: 0.000 (0/1)"), "{table}");
    assert!(table.contains("published accuracy: 0.000 (0/1)"), "{table}");

    let per_doc = r.render_per_doc();
    let expected = "\
== a.txt
published: gold \"2025-12-06\", predicted null
people (tp 1, fp 1, fn 1):
  missed: Bo
  spurious: Zed (mention \"Mr Zed\")
  wrong role: Ann: gold \"prime minister\", predicted \"editor\"
agreements (tp 0, fp 1, fn 1):
  missed: (mou, 5) \"five MOUs\"
  spurious: (mou, 4)
";
    assert_eq!(per_doc, expected);
}

#[test]
fn mini_gold_set_end_to_end() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/eval");
    let gold = load_gold_dir(&dir).unwrap();
    let names: Vec<&str> = gold.iter().map(|d| d.name.as_str()).collect();
    // gamma.txt has no gold file, so it is not a gold document.
    assert_eq!(names, ["alpha.txt", "beta.txt"]);
    assert_eq!(gold[0].txt_path, dir.join("alpha.txt"));

    let records = [
        rec(
            "eval/alpha.txt",
            json!({
                "published": {"value": "2024-03-13"},
                "people": [
                    {"name": "William Ruto", "role": "President"},
                    {"name": "Abiy", "role": "Ethiopian leader"}
                ],
                "organizations": [
                    {"name": "KPA", "mentions": [{"text": "Kenya Ports Authority"}]},
                    {"name": "State House"},
                    {"name": "Ethiopian Shipping"}
                ],
                "locations": [{"name": "Kenya"}, {"name": "Ethiopia"}, {"name": "NAIROBI"}],
                "dates": [{"value": "2024-03-13"}, {"value": "2024-03-14"}],
                "agreements": [
                    {"instrument": "mou", "count": 7},
                    {"instrument": "agreement", "count": 1}
                ],
                "domains": [{"name": "energy"}, {"name": "shipping"}]
            }),
        ),
        rec(
            "eval/beta.txt",
            json!({
                "published": null,
                "people": [{"name": "António Costa Silva", "role": "minister"}],
                "organizations": [{"name": "Siemens"}],
                "locations": [{"name": "Lisbon"}, {"name": "Portugal"}, {"name": "Lisboa"}],
                "dates": [{"value": "2023-05"}],
                "agreements": [{"instrument": "agreement", "count": null}],
                "domains": [{"name": "renewable energy"}, {"name": "grid software"}]
            }),
        ),
        rec("eval/gamma.txt", json!({})),
    ];
    let r = score(&gold, &records).unwrap();
    // alpha: people tp 2; orgs tp 1 (KPA), State House optional, "Ethiopian Shipping"
    //   fp 1, Ethiopian Shipping Lines fn 1; locations tp 3; dates tp 1 (the dateline is
    //   optional); agreements tp 2 ((agreement, 1) via accept); domains tp 1, fp 1
    //   (shipping), fn 1 (trade).
    // beta: people tp 1; orgs tp 1, fn 1 (Ministry of Economy); locations tp 2, fp 1
    //   (Lisboa); dates fp 1, fn 1; agreements fp 1, fn 1 (null vs 1); domains tp 1
    //   (grid software optional).
    check(prf(&r, "people"), 3, 0, 0, 1.0, 1.0, 1.0);
    // P = 2/3, R = 2/4, F1 = (2/3)/(7/6) = 4/7.
    check(prf(&r, "organizations"), 2, 1, 2, 2.0 / 3.0, 0.5, 4.0 / 7.0);
    // P = 5/6, R = 1, F1 = (5/3)/(11/6) = 10/11.
    check(prf(&r, "locations"), 5, 1, 0, 5.0 / 6.0, 1.0, 10.0 / 11.0);
    check(prf(&r, "dates"), 1, 1, 1, 0.5, 0.5, 0.5);
    let third = 2.0 / 3.0;
    check(prf(&r, "agreements"), 2, 1, 1, third, third, third);
    check(prf(&r, "domains"), 2, 1, 1, third, third, third);
    // overall: tp 15, fp 5, fn 5 -> 0.75 each.
    check(&r.overall, 15, 5, 5, 0.75, 0.75, 0.75);
    // Roles: Ruto right; Abiy "Ethiopian leader" vs "Prime Minister" shares nothing,
    // wrong; Costa Silva "minister" vs "Economy minister" 1 of 2, right: 2/3.
    assert_eq!((r.roles_right, r.roles_total), (2, 3));
    // Published: alpha 2024-03-13 vs 2024-03-14 wrong; beta null == null right: 1/2.
    assert_eq!(r.published_right, 1);
    close(r.published_acc, 0.5);
    assert_eq!((r.documents, r.unmatched_records), (2, 1));
    assert!(r.render_per_doc().contains("organizations (tp 1, fp 1, fn 1):\n  missed: Ethiopian Shipping Lines\n"));
}
