//! Matching predictions to gold entries and counting.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::gold::kind;
use super::report::{DocReport, FieldDiff, Prf, RecordStatus, Report, RoleMismatch, Spurious};
use super::{normalize, words, EvalError, GoldAgreement, GoldDate, GoldDoc, GoldEntity, FIELDS};

/// Scores `records` against `gold`; see the module docs for every rule applied.
pub fn score(gold: &[GoldDoc], records: &[Value]) -> Result<Report, EvalError> {
    let mut gold_names = HashMap::new();
    for doc in gold {
        if gold_names.insert(doc.name.as_str(), ()).is_some() {
            return Err(EvalError::DuplicateGold { name: doc.name.clone() });
        }
    }

    // Record numbers count from 1 to line up with JSON Lines line numbers.
    let mut by_name: HashMap<&str, (usize, &Map<String, Value>)> = HashMap::new();
    let mut unmatched_records = 0;
    for (i, rec) in records.iter().enumerate() {
        let number = i + 1;
        let obj = rec.as_object().ok_or_else(|| EvalError::Record {
            record: number,
            problem: format!("must be an object, found {}", kind(rec)),
        })?;
        let path = obj
            .get("source")
            .and_then(|s| s.get("path"))
            .and_then(Value::as_str)
            .ok_or_else(|| EvalError::Record { record: number, problem: "has no string `source.path`".into() })?;
        let base = basename(path);
        if !gold_names.contains_key(base) {
            unmatched_records += 1;
            continue;
        }
        if let Some((first, _)) = by_name.insert(base, (number, obj)) {
            return Err(EvalError::AmbiguousRecords { name: base.to_owned(), first, second: number });
        }
    }

    let mut counts = [(0usize, 0usize, 0usize); FIELDS.len()];
    let (mut roles_right, mut roles_total, mut published_right) = (0, 0, 0);
    let mut per_doc = Vec::with_capacity(gold.len());
    for doc in gold {
        let scored = score_doc(doc, by_name.get(doc.name.as_str()).copied())?;
        for (sum, f) in counts.iter_mut().zip(&scored.report.fields) {
            sum.0 += f.tp;
            sum.1 += f.fp;
            sum.2 += f.fn_;
        }
        roles_right += scored.roles_right;
        roles_total += scored.roles_total;
        published_right += usize::from(scored.report.published_ok());
        per_doc.push(scored.report);
    }

    let fields: Vec<(&'static str, Prf)> =
        FIELDS.iter().zip(counts).map(|(name, (tp, fp, fn_))| (*name, Prf::from_counts(tp, fp, fn_))).collect();
    let (tp, fp, fn_) = counts.iter().fold((0, 0, 0), |acc, c| (acc.0 + c.0, acc.1 + c.1, acc.2 + c.2));
    let documents = gold.len();
    Ok(Report {
        fields,
        overall: Prf::from_counts(tp, fp, fn_),
        roles_acc: (roles_total > 0).then(|| roles_right as f64 / roles_total as f64),
        roles_right,
        roles_total,
        published_acc: if documents == 0 { 0.0 } else { published_right as f64 / documents as f64 },
        published_right,
        documents,
        unmatched_records,
        per_doc,
    })
}

/// Records may come from a run on another OS, so both separators are honoured.
fn basename(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

struct ScoredDoc {
    report: DocReport,
    roles_right: usize,
    roles_total: usize,
}

fn score_doc(doc: &GoldDoc, record: Option<(usize, &Map<String, Value>)>) -> Result<ScoredDoc, EvalError> {
    let (status, pred) = match record {
        None => (RecordStatus::Missing, None),
        Some((number, obj)) => match obj.get("error") {
            None => (RecordStatus::Present, Some((number, obj))),
            Some(err) => {
                let msg =
                    ["message", "kind"].iter().find_map(|k| err.get(k).and_then(Value::as_str)).unwrap_or("no message");
                (RecordStatus::Error(msg.to_owned()), None)
            }
        },
    };
    let items = |field: &str| match pred {
        Some((number, obj)) => pred_items(obj, field, number),
        None => Ok(&[][..]),
    };

    let mut roles_right = 0;
    let mut roles_total = 0;
    let mut fields = Vec::with_capacity(FIELDS.len());
    for field in FIELDS {
        let preds = items(field)?;
        let diff = match field {
            "dates" => date_field(field, &doc.dates, preds),
            "agreements" => agreement_field(field, &doc.agreements, preds),
            _ => {
                let gold = match field {
                    "people" => &doc.people,
                    "organizations" => &doc.organizations,
                    "locations" => &doc.locations,
                    _ => &doc.domains,
                };
                let (diff, right, total) = entity_field(field, gold, preds);
                roles_right += right;
                roles_total += total;
                diff
            }
        };
        fields.push(diff);
    }

    let published_pred = match pred {
        Some((number, obj)) => published(obj, number)?,
        None => None,
    };
    Ok(ScoredDoc {
        report: DocReport {
            doc: doc.name.clone(),
            record: status,
            published_gold: doc.published.clone(),
            published_pred,
            fields,
        },
        roles_right,
        roles_total,
    })
}

fn pred_items<'a>(obj: &'a Map<String, Value>, field: &str, number: usize) -> Result<&'a [Value], EvalError> {
    let problem = match obj.get(field) {
        None | Some(Value::Null) => return Ok(&[]),
        Some(Value::Array(items)) => match items.iter().position(|v| !v.is_object()) {
            None => return Ok(items),
            Some(i) => format!("`{field}[{i}]` must be an object, found {}", kind(&items[i])),
        },
        Some(other) => format!("`{field}` must be an array, found {}", kind(other)),
    };
    Err(EvalError::Record { record: number, problem })
}

fn published(obj: &Map<String, Value>, number: usize) -> Result<Option<String>, EvalError> {
    let problem = match obj.get("published") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(p)) => match p.get("value") {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(s)) => return Ok(Some(s.trim().to_owned())),
            Some(other) => format!("`published.value` must be a string or null, found {}", kind(other)),
        },
        Some(other) => format!("`published` must be an object or null, found {}", kind(other)),
    };
    Err(EvalError::Record { record: number, problem })
}

/// The outcome of matching one field of one document.
struct Matching {
    /// For each gold entry, the prediction assigned to it.
    pred_of_gold: Vec<Option<usize>>,
    tp: usize,
    fp: usize,
    fn_: usize,
    missed: Vec<usize>,
    spurious: Vec<usize>,
}

/// `adj[p]` lists, in gold order, every gold entry prediction `p` matches, optional
/// ones included; only non-optional entries take part in the matching.
fn match_field(adj: &[Vec<usize>], optional: &[bool]) -> Matching {
    let required: Vec<Vec<usize>> =
        adj.iter().map(|gs| gs.iter().copied().filter(|&g| !optional[g]).collect()).collect();
    let mut pred_of_gold = vec![None; optional.len()];
    for p in 0..adj.len() {
        let mut visited = vec![false; optional.len()];
        augment(p, &required, &mut visited, &mut pred_of_gold);
    }
    let mut assigned = vec![false; adj.len()];
    for p in pred_of_gold.iter().flatten() {
        assigned[*p] = true;
    }
    let spurious: Vec<usize> = (0..adj.len()).filter(|&p| !assigned[p] && adj[p].is_empty()).collect();
    let missed: Vec<usize> = (0..optional.len()).filter(|&g| !optional[g] && pred_of_gold[g].is_none()).collect();
    Matching {
        tp: assigned.iter().filter(|a| **a).count(),
        fp: spurious.len(),
        fn_: missed.len(),
        pred_of_gold,
        missed,
        spurious,
    }
}

/// Kuhn's augmenting path step: tries to give `p` a gold entry, re-seating earlier
/// predictions where that frees one up. Depth is bounded by the number of gold entries.
fn augment(p: usize, adj: &[Vec<usize>], visited: &mut [bool], pred_of_gold: &mut [Option<usize>]) -> bool {
    for &g in &adj[p] {
        if visited[g] {
            continue;
        }
        visited[g] = true;
        if pred_of_gold[g].is_none_or(|q| augment(q, adj, visited, pred_of_gold)) {
            pred_of_gold[g] = Some(p);
            return true;
        }
    }
    false
}

fn diff(field: &'static str, m: &Matching, missed: Vec<String>, spurious: Vec<Spurious>) -> FieldDiff {
    FieldDiff { field, tp: m.tp, fp: m.fp, fn_: m.fn_, missed, spurious, role_mismatches: Vec::new() }
}

fn str_of<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str)
}

fn first_mention(item: &Value) -> Option<String> {
    item.get("mentions")?.as_array()?.first()?.get("text")?.as_str().map(str::to_owned)
}

fn insert_key(keys: &mut BTreeSet<String>, s: &str) {
    let k = normalize(s);
    if !k.is_empty() {
        keys.insert(k);
    }
}

fn pred_keys(item: &Value) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for key in ["name", "text"] {
        if let Some(s) = str_of(item, key) {
            insert_key(&mut keys, s);
        }
    }
    let texts = |key: &str, sub: Option<&str>| -> Vec<&str> {
        let Some(list) = item.get(key).and_then(Value::as_array) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|v| match sub {
                Some(sub) => v.get(sub).and_then(Value::as_str),
                None => v.as_str(),
            })
            .collect()
    };
    for s in texts("aliases", None).into_iter().chain(texts("mentions", Some("text"))) {
        insert_key(&mut keys, s);
    }
    keys
}

fn gold_keys(entry: &GoldEntity) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for s in std::iter::once(&entry.name).chain(&entry.aliases) {
        insert_key(&mut keys, s);
    }
    keys
}

/// Returns the diff plus (right, total) role judgements; only people have roles.
fn entity_field(field: &'static str, gold: &[GoldEntity], preds: &[Value]) -> (FieldDiff, usize, usize) {
    let gkeys: Vec<BTreeSet<String>> = gold.iter().map(gold_keys).collect();
    let adj: Vec<Vec<usize>> = preds
        .iter()
        .map(|item| {
            let pk = pred_keys(item);
            (0..gold.len()).filter(|&g| !pk.is_disjoint(&gkeys[g])).collect()
        })
        .collect();
    let optional: Vec<bool> = gold.iter().map(|e| e.optional).collect();
    let m = match_field(&adj, &optional);

    let missed = m.missed.iter().map(|&g| gold[g].name.clone()).collect();
    let spurious = m
        .spurious
        .iter()
        .map(|&p| {
            let item = &preds[p];
            let label = ["name", "text"]
                .iter()
                .find_map(|k| str_of(item, k))
                .map_or_else(|| "<unnamed>".to_owned(), str::to_owned);
            Spurious { item: label, mention: first_mention(item) }
        })
        .collect();
    let mut d = diff(field, &m, missed, spurious);

    let (mut right, mut total) = (0, 0);
    if field == "people" {
        for (g, p) in m.pred_of_gold.iter().enumerate() {
            let (Some(p), Some(gold_role)) = (p, &gold[g].role) else {
                continue;
            };
            if words(gold_role).is_empty() {
                continue;
            }
            total += 1;
            let predicted = str_of(&preds[*p], "role");
            if predicted.is_some_and(|r| role_right(r, gold_role)) {
                right += 1;
            } else {
                d.role_mismatches.push(RoleMismatch {
                    name: gold[g].name.clone(),
                    gold: gold_role.clone(),
                    predicted: predicted.map(str::to_owned),
                });
            }
        }
    }
    (d, right, total)
}

/// The words shared must be at least half of the larger word set (and not none).
pub(super) fn role_right(pred: &str, gold: &str) -> bool {
    let (wp, wg) = (words(pred), words(gold));
    let shared = wp.intersection(&wg).count();
    shared > 0 && shared * 2 >= wp.len().max(wg.len())
}

fn date_field(field: &'static str, gold: &[GoldDate], preds: &[Value]) -> FieldDiff {
    let adj: Vec<Vec<usize>> = preds
        .iter()
        .map(|item| {
            let value = str_of(item, "value").map(str::trim).unwrap_or("");
            (0..gold.len())
                .filter(|&g| !value.is_empty() && (gold[g].value == value || gold[g].accept.iter().any(|a| a == value)))
                .collect()
        })
        .collect();
    let optional: Vec<bool> = gold.iter().map(|e| e.optional).collect();
    let m = match_field(&adj, &optional);
    let missed = m.missed.iter().map(|&g| with_text(&gold[g].value, &gold[g].text)).collect();
    let spurious = m
        .spurious
        .iter()
        .map(|&p| Spurious {
            item: str_of(&preds[p], "value").unwrap_or("<no value>").to_owned(),
            mention: first_mention(&preds[p]),
        })
        .collect();
    diff(field, &m, missed, spurious)
}

/// A predicted count: `None` when it is neither a non-negative integer nor null/absent,
/// which makes the prediction unmatchable.
fn pred_count(item: &Value) -> Option<Option<u64>> {
    match item.get("count") {
        None | Some(Value::Null) => Some(None),
        Some(v) => v.as_u64().map(Some),
    }
}

fn agreement_field(field: &'static str, gold: &[GoldAgreement], preds: &[Value]) -> FieldDiff {
    let adj: Vec<Vec<usize>> = preds
        .iter()
        .map(|item| {
            let instrument = str_of(item, "instrument").map(str::trim);
            let count = pred_count(item);
            (0..gold.len())
                .filter(|&g| {
                    let (Some(i), Some(c)) = (instrument, count) else {
                        return false;
                    };
                    let e = &gold[g];
                    std::iter::once((e.instrument, e.count))
                        .chain(e.accept.iter().copied())
                        .any(|(gi, gc)| gi.as_str() == i && gc == c)
                })
                .collect()
        })
        .collect();
    let optional: Vec<bool> = gold.iter().map(|e| e.optional).collect();
    let m = match_field(&adj, &optional);
    let missed = m
        .missed
        .iter()
        .map(|&g| {
            let e = &gold[g];
            let pair = format!("({}, {})", e.instrument.as_str(), show_count(e.count));
            with_text(&pair, &e.text)
        })
        .collect();
    let spurious = m
        .spurious
        .iter()
        .map(|&p| {
            let item = &preds[p];
            let count = match item.get("count") {
                None | Some(Value::Null) => "null".to_owned(),
                Some(v) => v.to_string(),
            };
            Spurious {
                item: format!("({}, {count})", str_of(item, "instrument").unwrap_or("?")),
                mention: first_mention(item),
            }
        })
        .collect();
    diff(field, &m, missed, spurious)
}

fn show_count(c: Option<u64>) -> String {
    c.map_or_else(|| "null".to_owned(), |n| n.to_string())
}

fn with_text(shown: &str, text: &Option<String>) -> String {
    match text {
        Some(t) => format!("{shown} {t:?}"),
        None => shown.to_owned(),
    }
}
