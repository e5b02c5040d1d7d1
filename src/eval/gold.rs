//! Loading and validating gold files.
//!
//! Validation is strict about the keys the scorer reads, because a typo in a gold file
//! would otherwise silently turn into a false negative or an unmatchable entry, and
//! lenient about every other key (`text`, `note`, `affiliation`, …).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{normalize, EvalError, GoldAgreement, GoldDate, GoldDoc, GoldEntity, Instrument};

const GOLD_SUFFIX: &str = ".gold.json";

/// Loads every `NAME.gold.json` in `dir` (not recursive), sorted by `NAME.txt`.
///
/// Each gold file needs its `NAME.txt` beside it; an article without a gold file is
/// simply not annotated. A directory without gold files is an error, because scoring
/// it would report zeros instead of pointing at the mistaken path.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    // Every level below `dir` ("corpus" finds "corpus/seeds/…"), sorted so that,
    // with several broken files, the same one is reported every run. Records are
    // matched to gold files by file name, so names must be unique across folders.
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| EvalError::Io {
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        if entry.file_type().is_file() {
            paths.push(entry.into_path());
        }
    }

    let mut docs = Vec::new();
    for path in paths {
        let Some(file_name) = path.file_name() else {
            continue;
        };
        let Some(file_name) = file_name.to_str() else {
            if file_name.to_string_lossy().ends_with(GOLD_SUFFIX) {
                return Err(EvalError::Gold {
                    file: path.display().to_string(),
                    problem: "file name is not valid UTF-8".into(),
                });
            }
            continue;
        };
        let Some(stem) = file_name.strip_suffix(GOLD_SUFFIX) else {
            continue;
        };
        let name = format!("{stem}.txt");
        let txt_path = path.with_file_name(&name);
        if !txt_path.is_file() {
            return Err(EvalError::MissingText { gold: path, txt: txt_path });
        }
        let json = fs::read_to_string(&path).map_err(|source| EvalError::Io { path: path.clone(), source })?;
        docs.push(parse_labeled(&name, &json, &path.display().to_string(), txt_path)?);
    }
    if docs.is_empty() {
        return Err(EvalError::NoGold { dir: dir.to_path_buf() });
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(docs)
}

/// Parses one gold file for the article `name` (`NAME.txt`).
///
/// Errors name the file as `NAME.gold.json` and say what is wrong: invalid JSON (with
/// line and column), a `doc` other than `name`, a field or key of the wrong type, an
/// entry that is not an object, a person/organization/location/domain without a `name`
/// (or whose name and aliases normalize to nothing), a date without a non-empty `value`,
/// an agreement without `instrument` or with an instrument outside
/// `mou`/`contract`/`agreement`/`letter_of_intent`, a `count` that is not a non-negative
/// integer or `null`, or an `accept` item of the wrong shape.
pub fn parse_gold(name: &str, json: &str) -> Result<GoldDoc, EvalError> {
    let label = match name.strip_suffix(".txt") {
        Some(stem) => format!("{stem}{GOLD_SUFFIX}"),
        None => format!("{name}{GOLD_SUFFIX}"),
    };
    parse_labeled(name, json, &label, PathBuf::from(name))
}

fn parse_labeled(name: &str, json: &str, label: &str, txt_path: PathBuf) -> Result<GoldDoc, EvalError> {
    let value: Value = serde_json::from_str(json).map_err(|source| EvalError::GoldJson {
        file: label.to_owned(),
        line: source.line(),
        column: source.column(),
        source,
    })?;
    parse_value(name, &value, txt_path).map_err(|problem| EvalError::Gold { file: label.to_owned(), problem })
}

/// Problems are plain strings here; the caller attaches the file name.
type Parsed<T> = Result<T, String>;

fn parse_value(name: &str, value: &Value, txt_path: PathBuf) -> Parsed<GoldDoc> {
    let obj = value.as_object().ok_or_else(|| format!("top level must be an object, found {}", kind(value)))?;
    match obj.get("doc") {
        None => {}
        Some(Value::String(doc)) if doc == name => {}
        Some(Value::String(doc)) => {
            return Err(format!("`doc` is {doc:?} but the article is {name:?}"));
        }
        Some(other) => return Err(format!("`doc` must be a string, found {}", kind(other))),
    }
    let published = match obj.get("published") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err("`published` is an empty string (write null when unknown)".into());
        }
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(other) => return Err(format!("`published` must be a string or null, found {}", kind(other))),
    };
    Ok(GoldDoc {
        name: name.to_owned(),
        txt_path,
        published,
        people: entries(obj, "people", |o, at| entity(o, at, true))?,
        organizations: entries(obj, "organizations", |o, at| entity(o, at, false))?,
        locations: entries(obj, "locations", |o, at| entity(o, at, false))?,
        dates: entries(obj, "dates", date)?,
        agreements: entries(obj, "agreements", agreement)?,
        domains: entries(obj, "domains", |o, at| entity(o, at, false))?,
    })
}

fn entries<T>(
    obj: &Map<String, Value>,
    field: &str,
    parse: impl Fn(&Map<String, Value>, &str) -> Parsed<T>,
) -> Parsed<Vec<T>> {
    let items = match obj.get(field) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(format!("`{field}` must be an array, found {}", kind(other))),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{field}[{i}]");
            let entry = item.as_object().ok_or_else(|| format!("{at} must be an object, found {}", kind(item)))?;
            parse(entry, &at)
        })
        .collect()
}

fn entity(obj: &Map<String, Value>, at: &str, with_role: bool) -> Parsed<GoldEntity> {
    let name = required_str(obj, at, "name")?;
    let aliases = match obj.get("aliases") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => string_list(v, at, "aliases")?,
    };
    if normalize(&name).is_empty() && aliases.iter().all(|a| normalize(a).is_empty()) {
        return Err(format!(
            "{at}: `name` {name:?} and its aliases are empty after normalization, so nothing could match it"
        ));
    }
    let role = if with_role { optional_str(obj, at, "role")? } else { None };
    Ok(GoldEntity { name, aliases, role, optional: optional_flag(obj, at)? })
}

fn date(obj: &Map<String, Value>, at: &str) -> Parsed<GoldDate> {
    let value = required_str(obj, at, "value")?.trim().to_owned();
    if value.is_empty() {
        return Err(format!("{at}: `value` is empty"));
    }
    let accept = match obj.get("accept") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => string_list(v, at, "accept")?.into_iter().map(|s| s.trim().to_owned()).collect(),
    };
    Ok(GoldDate { value, accept, text: lenient_text(obj), optional: optional_flag(obj, at)? })
}

fn agreement(obj: &Map<String, Value>, at: &str) -> Parsed<GoldAgreement> {
    let instrument = instrument(&required_str(obj, at, "instrument")?, at)?;
    let count = count(obj.get("count"), at)?;
    let accept = match obj.get("accept") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(pairs)) => pairs.iter().map(|pair| accept_pair(pair, at)).collect::<Parsed<_>>()?,
        Some(other) => {
            return Err(format!("{at}: `accept` must be an array of [instrument, count] pairs, found {}", kind(other)))
        }
    };
    Ok(GoldAgreement { instrument, count, accept, text: lenient_text(obj), optional: optional_flag(obj, at)? })
}

fn accept_pair(pair: &Value, at: &str) -> Parsed<(Instrument, Option<u64>)> {
    match pair.as_array().map(Vec::as_slice) {
        Some([Value::String(i), c]) => Ok((instrument(i, at)?, count(Some(c), at)?)),
        _ => Err(format!("{at}: each `accept` item must be [instrument, count], found {pair}")),
    }
}

fn instrument(s: &str, at: &str) -> Parsed<Instrument> {
    Instrument::parse(s).ok_or_else(|| {
        format!("{at}: unknown instrument {s:?} (expected mou, contract, agreement or letter_of_intent)")
    })
}

fn count(v: Option<&Value>, at: &str) -> Parsed<Option<u64>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("{at}: `count` must be a non-negative integer or null, found {v}")),
    }
}

fn required_str(obj: &Map<String, Value>, at: &str, key: &str) -> Parsed<String> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        None | Some(Value::Null) => Err(format!("{at}: missing `{key}`")),
        Some(other) => Err(format!("{at}: `{key}` must be a string, found {}", kind(other))),
    }
}

fn optional_str(obj: &Map<String, Value>, at: &str, key: &str) -> Parsed<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("{at}: `{key}` must be a string or null, found {}", kind(other))),
    }
}

fn string_list(v: &Value, at: &str, key: &str) -> Parsed<Vec<String>> {
    let bad = || format!("{at}: `{key}` must be an array of strings, found {v}");
    v.as_array().ok_or_else(bad)?.iter().map(|s| s.as_str().map(str::to_owned).ok_or_else(bad)).collect()
}

fn optional_flag(obj: &Map<String, Value>, at: &str) -> Parsed<bool> {
    match obj.get("optional") {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!("{at}: `optional` must be true or false, found {other}")),
    }
}

/// `text` only feeds reports, so a malformed one is dropped rather than rejected.
fn lenient_text(obj: &Map<String, Value>) -> Option<String> {
    obj.get("text").and_then(Value::as_str).map(str::to_owned)
}

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
