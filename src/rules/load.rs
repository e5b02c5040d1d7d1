//! Reading rule files, checking them and compiling their patterns.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::{Example, ListRule, Origin, Pattern, PatternRule, RuleSet, StrategyRule};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The fields a rule may serve; `shared` lists are only referenced from
/// patterns (`{list:ID}`), `published` patterns find the publication date.
pub const FIELDS: &[&str] =
    &["people", "organizations", "locations", "dates", "agreements", "domains", "published", "shared"];

/// A rule set that cannot be used. Its `Display` reads
/// `rules/people.toml:12: rule person.title-then-name: <what is wrong>`.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{origin}: {}{message}", rule.as_ref().map(|r| format!("rule {r}: ")).unwrap_or_default())]
    Invalid { origin: Origin, rule: Option<String>, message: String },
    #[error("{path}: cannot read rule file: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{dir}: no rule files (*.toml) found; point --rules at a directory like the repository's rules/")]
    Empty { dir: String },
}

impl RuleError {
    fn at(file: &str, line: usize, rule: Option<&str>, message: impl Into<String>) -> RuleError {
        RuleError::Invalid {
            origin: Origin { file: file.to_string(), line },
            rule: rule.map(str::to_string),
            message: message.into(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Documentation for analysts: accepted, never read.
    #[serde(default)]
    #[allow(dead_code)]
    about: Option<String>,
    #[serde(default)]
    vars: BTreeMap<String, String>,
    #[serde(default)]
    list: Vec<RawList>,
    #[serde(default)]
    pattern: Vec<RawPattern>,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    field: String,
    tag: String,
    #[serde(default)]
    uses: Vec<String>,
    #[serde(default)]
    examples: Vec<RawExample>,
    #[serde(default)]
    counter: Vec<RawCounter>,
    /// Documentation for analysts: accepted, never read.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    id: Spanned<String>,
    field: String,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    terms: Option<Vec<String>>,
    #[serde(default)]
    entries: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    skip_columns: Vec<usize>,
    #[serde(default)]
    filter_column: Option<usize>,
    #[serde(default)]
    filter: Vec<String>,
    #[serde(default)]
    case_insensitive: bool,
    #[serde(default)]
    examples: Vec<RawExample>,
    #[serde(default)]
    counter: Vec<RawCounter>,
    /// Documentation for analysts: accepted, never read.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: Spanned<String>,
    field: String,
    #[serde(default)]
    tag: Option<String>,
    regex: String,
    #[serde(default)]
    case_insensitive: bool,
    #[serde(default)]
    examples: Vec<RawExample>,
    #[serde(default)]
    counter: Vec<RawCounter>,
    /// Documentation for analysts: accepted, never read.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    text: String,
    #[serde(rename = "match")]
    expect: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCounter {
    Text(String),
    Full {
        text: String,
        #[serde(default)]
        published: Option<String>,
    },
}

/// A source of rule files: (path relative to the rule directory, contents).
/// Embedded contents are lent, not copied.
trait Source {
    fn name(&self) -> String;
    fn toml_files(&self) -> Result<Vec<(String, Cow<'static, str>)>, RuleError>;
    fn data_file(&self, rel: &str) -> Result<Cow<'static, str>, RuleError>;
}

struct Embedded;

impl Source for Embedded {
    fn name(&self) -> String {
        "rules".to_string()
    }
    fn toml_files(&self) -> Result<Vec<(String, Cow<'static, str>)>, RuleError> {
        Ok(EMBEDDED
            .iter()
            .filter(|(p, _)| p.ends_with(".toml") && !p.contains('/'))
            .map(|(p, c)| (p.to_string(), Cow::Borrowed(*c)))
            .collect())
    }
    fn data_file(&self, rel: &str) -> Result<Cow<'static, str>, RuleError> {
        EMBEDDED.iter().find(|(p, _)| *p == rel).map(|(_, c)| Cow::Borrowed(*c)).ok_or_else(|| RuleError::Io {
            path: format!("rules/{rel}"),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not in the embedded rule set"),
        })
    }
}

struct Dir(PathBuf);

impl Source for Dir {
    fn name(&self) -> String {
        self.0.display().to_string()
    }
    fn toml_files(&self) -> Result<Vec<(String, Cow<'static, str>)>, RuleError> {
        let io = |e| RuleError::Io { path: self.0.display().to_string(), source: e };
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .map_err(io)?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let path = self.0.join(&n);
                fs::read_to_string(&path)
                    .map(|c| (n, Cow::Owned(c)))
                    .map_err(|e| RuleError::Io { path: path.display().to_string(), source: e })
            })
            .collect()
    }
    fn data_file(&self, rel: &str) -> Result<Cow<'static, str>, RuleError> {
        let path = self.0.join(rel);
        fs::read_to_string(&path)
            .map(Cow::Owned)
            .map_err(|e| RuleError::Io { path: path.display().to_string(), source: e })
    }
}

/// Loads the rule set embedded in the binary (the repository's `rules/`).
pub fn load_embedded() -> Result<RuleSet, RuleError> {
    load(&Embedded)
}

/// Loads a rule set from a directory, replacing the embedded one.
pub fn load_dir(dir: &Path) -> Result<RuleSet, RuleError> {
    load(&Dir(dir.to_path_buf()))
}

/// [`load_embedded`], running `early` on the lists, once they are checked,
/// while the patterns compile (it is not run when the lists fail).
pub fn load_embedded_with<T: Send>(early: impl FnOnce(&[ListRule]) -> T + Send) -> Result<(RuleSet, T), RuleError> {
    load_with(&Embedded, early)
}

/// [`load_dir`], running `early` as [`load_embedded_with`] does.
pub fn load_dir_with<T: Send>(
    dir: &Path,
    early: impl FnOnce(&[ListRule]) -> T + Send,
) -> Result<(RuleSet, T), RuleError> {
    load_with(&Dir(dir.to_path_buf()), early)
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The id of the `[[list]]`, `[[pattern]]` or `[[rule]]` table that holds byte
/// `at`, read from the text: a file that does not deserialize (an unknown key,
/// a value of the wrong type) has no parsed ids, yet its error should still
/// name the rule. Only whole header lines (`[[list]]`, `[vars]`) start a
/// table, so a continuation line of a multi-line array cannot be mistaken for one.
fn enclosing_rule_id(text: &str, at: usize) -> Option<String> {
    let is_header = |t: &str| {
        let inner = t
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .map(|t| t.trim_start_matches('[').trim_end_matches(']'));
        inner.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    };
    let mut offset = 0;
    let mut table: Option<(bool, Option<String>)> = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if is_header(t) {
            if offset > at {
                break;
            }
            table = Some((t.starts_with("[["), None));
        } else if let Some((true, id @ None)) = &mut table {
            let value = t.strip_prefix("id").map(str::trim_start).and_then(|r| r.strip_prefix('='));
            let quoted = value.map(str::trim_start).and_then(|v| {
                let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                v[1..].split(q).next()
            });
            *id = quoted.filter(|v| !v.is_empty()).map(str::to_string);
        }
        offset += line.len();
    }
    table.and_then(|(_, id)| id)
}

fn load(src: &dyn Source) -> Result<RuleSet, RuleError> {
    load_with(src, |_| ()).map(|(rules, ())| rules)
}

fn load_with<T: Send>(
    src: &dyn Source,
    early: impl FnOnce(&[ListRule]) -> T + Send,
) -> Result<(RuleSet, T), RuleError> {
    let files = src.toml_files()?;
    if files.is_empty() {
        return Err(RuleError::Empty { dir: src.name() });
    }
    let prefix = src.name();
    let display = |file: &str| format!("{prefix}/{file}");

    // Every file once, by path: the data files that several lists read too.
    let mut hashed: BTreeMap<&str, &str> = BTreeMap::new();
    let mut data: HashMap<String, Cow<'static, str>> = HashMap::new();
    let mut parsed = Vec::new();
    for (name, text) in &files {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| s.start);
            let line = at.map(|b| line_of(text, b)).unwrap_or(1);
            let rule = at.and_then(|b| enclosing_rule_id(text, b));
            RuleError::at(&display(name), line, rule.as_deref(), e.message().to_string())
        })?;
        hashed.insert(name, text);
        parsed.push((name, text, raw));
    }

    // Ids are unique across the whole set: a mention's rule id must lead back
    // to exactly one place.
    let mut ids: HashMap<String, Origin> = HashMap::new();
    let mut vars: HashMap<String, (String, Origin)> = HashMap::new();
    let mut raw_lists = Vec::new();
    let mut raw_patterns = Vec::new();
    let mut raw_rules = Vec::new();
    // Checked in file order up to the first error; the lists before it are
    // built after, in parallel (the longest, towns and first names, are
    // most of a serial start-up), and an error of theirs comes first.
    let checked = (|| -> Result<(), RuleError> {
        for (name, text, raw) in parsed {
            for (k, v) in raw.vars {
                let line = text.find(&format!("{k} =")).map(|b| line_of(text, b)).unwrap_or(1);
                let origin = Origin { file: display(name), line };
                if let Some((_, prev)) = vars.get(&k) {
                    return Err(RuleError::at(
                        &origin.file,
                        origin.line,
                        None,
                        format!("variable {k} is defined twice (first at {prev}); rename one"),
                    ));
                }
                vars.insert(k, (v, origin));
            }
            for l in raw.list {
                let origin = Origin { file: display(name), line: line_of(text, l.id.span().start) };
                register(&mut ids, l.id.get_ref(), &origin)?;
                check_list(&l, &origin, src, &mut data)?;
                raw_lists.push((l, origin));
            }
            for p in raw.pattern {
                let origin = Origin { file: display(name), line: line_of(text, p.id.span().start) };
                register(&mut ids, p.id.get_ref(), &origin)?;
                raw_patterns.push((p, origin));
            }
            for r in raw.rule {
                let origin = Origin { file: display(name), line: line_of(text, r.id.span().start) };
                register(&mut ids, r.id.get_ref(), &origin)?;
                raw_rules.push((r, origin));
            }
        }
        Ok(())
    })();
    let lists: Vec<ListRule> = raw_lists
        .into_par_iter()
        .map(|(l, origin)| {
            let content = l.file.as_ref().map(|f| &*data[f]);
            build_list(l, origin, content)
        })
        .collect::<Result<_, _>>()?;
    checked?;
    for (path, content) in &data {
        hashed.insert(path, content);
    }
    let mut strategies = Vec::new();
    for (r, origin) in raw_rules {
        let id = r.id.get_ref().clone();
        check_field(&r.field, &origin, &id)?;
        for u in &r.uses {
            if !ids.contains_key(u) {
                return Err(RuleError::at(
                    &origin.file,
                    origin.line,
                    Some(&id),
                    format!("`uses` names unknown rule {u:?}"),
                ));
            }
        }
        let examples = examples(r.examples, r.counter, &origin, &id)?;
        strategies.push(StrategyRule { id, field: r.field, tag: r.tag, uses: r.uses, examples, origin });
    }

    // Expanded in order, compiled in parallel (compiling is a third of
    // start-up), then checked in order again so that the error reported is
    // still the first rule's.
    let mut expanded = Vec::with_capacity(raw_patterns.len());
    let mut expand_error = None;
    for (p, origin) in raw_patterns {
        let id = p.id.get_ref().clone();
        let source =
            check_field(&p.field, &origin, &id).and_then(|()| expand(&p.regex, &vars, &lists, &origin, &id, 0));
        match source {
            // Spelled into the pattern rather than set on the builder, so that
            // `regex.as_str()` alone recompiles it the same (dates.rs builds a set).
            Ok(source) => {
                let source = if p.case_insensitive { format!("(?i){source}") } else { source };
                expanded.push((p, origin, id, source));
            }
            Err(e) => {
                expand_error = Some(e);
                break;
            }
        }
    }
    // What needs only the lists (the largest word-list automaton) starts
    // now rather than after the patterns.
    let (compiled, made_early) = rayon::join(
        || expanded.par_iter().map(|(.., source)| Pattern::new(source)).collect::<Vec<Result<Pattern, String>>>(),
        || expand_error.is_none().then(|| early(&lists)),
    );
    let mut patterns = Vec::with_capacity(expanded.len());
    for ((p, origin, id, _), regex) in expanded.into_iter().zip(compiled) {
        let regex =
            regex.map_err(|e| RuleError::at(&origin.file, origin.line, Some(&id), format!("invalid regex: {e}")))?;
        let examples = examples(p.examples, p.counter, &origin, &id)?;
        patterns.push(PatternRule {
            id,
            field: p.field,
            tag: p.tag.unwrap_or_else(|| "match".to_string()),
            regex,
            examples,
            origin,
        });
    }
    if let Some(e) = expand_error {
        return Err(e);
    }
    let made_early = made_early.expect("no expansion error");

    let mut hasher = Sha256::new();
    for (path, content) in &hashed {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update((content.len() as u64).to_le_bytes());
        hasher.update(content.as_bytes());
    }
    let fingerprint = format!("sha256:{}", hex(&hasher.finalize()));
    Ok((RuleSet { fingerprint, lists, patterns, strategies, ids }, made_early))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn register(ids: &mut HashMap<String, Origin>, id: &str, origin: &Origin) -> Result<(), RuleError> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        return Err(RuleError::at(
            &origin.file,
            origin.line,
            Some(id),
            "rule ids use letters, digits, '.', '-' and '_' only (e.g. person.title-then-name)",
        ));
    }
    if let Some(prev) = ids.get(id) {
        return Err(RuleError::at(
            &origin.file,
            origin.line,
            Some(id),
            format!("duplicate rule id (first defined at {prev}); rule ids must be unique"),
        ));
    }
    ids.insert(id.to_string(), origin.clone());
    Ok(())
}

fn check_field(field: &str, origin: &Origin, id: &str) -> Result<(), RuleError> {
    if FIELDS.contains(&field) {
        Ok(())
    } else {
        Err(RuleError::at(
            &origin.file,
            origin.line,
            Some(id),
            format!("unknown field {field:?}; use one of {}", FIELDS.join(", ")),
        ))
    }
}

fn examples(
    raw: Vec<RawExample>,
    counter: Vec<RawCounter>,
    origin: &Origin,
    id: &str,
) -> Result<Vec<Example>, RuleError> {
    if raw.is_empty() {
        return Err(RuleError::at(
            &origin.file,
            origin.line,
            Some(id),
            "no examples; add `examples = [{ text = \"…\", match = \"…\" }]` so the rule tests itself",
        ));
    }
    let mut out = Vec::new();
    for e in raw {
        if !e.text.contains(&e.expect) {
            return Err(RuleError::at(
                &origin.file,
                origin.line,
                Some(id),
                format!("example match {:?} does not occur in its text {:?}", e.expect, e.text),
            ));
        }
        out.push(Example { text: e.text, expect: Some(e.expect), value: e.value, published: e.published });
    }
    for c in counter {
        let (text, published) = match c {
            RawCounter::Text(t) => (t, None),
            RawCounter::Full { text, published } => (text, published),
        };
        out.push(Example { text, expect: None, value: None, published });
    }
    Ok(out)
}

/// What can be told of a list before building it, and its data file read
/// into `data` (once, for every list that names it).
fn check_list(
    l: &RawList,
    origin: &Origin,
    src: &dyn Source,
    data: &mut HashMap<String, Cow<'static, str>>,
) -> Result<(), RuleError> {
    let id = l.id.get_ref();
    check_field(&l.field, origin, id)?;
    let sources = l.terms.is_some() as u8 + l.entries.is_some() as u8 + l.file.is_some() as u8;
    if sources != 1 {
        return Err(RuleError::at(
            &origin.file,
            origin.line,
            Some(id),
            "a list takes exactly one of `terms`, `entries` or `file`",
        ));
    }
    if let Some(file) = &l.file {
        if !data.contains_key(file) {
            data.insert(file.clone(), src.data_file(file)?);
        }
    }
    Ok(())
}

/// A list [`check_list`] passed, with its data file's `content`.
fn build_list(l: RawList, origin: Origin, content: Option<&str>) -> Result<ListRule, RuleError> {
    let id = l.id.get_ref().clone();
    // Room for a line of the data file each: growing the vectors copied them
    // over and over. Not for a list that keeps some rows only, which would
    // hold the room for the whole file for the whole run.
    let rows = match (content, l.filter_column) {
        (Some(c), None) => memchr::memchr_iter(b'\n', c.as_bytes()).count() + 1,
        _ => 0,
    };
    let mut canonicals: Vec<String> = Vec::with_capacity(rows);
    let mut entries: Vec<(String, usize)> = Vec::with_capacity(rows);
    let mut add = |canonical: &str, variants: &mut dyn Iterator<Item = &str>| {
        let c = canonicals.len();
        canonicals.push(canonical.to_string());
        entries.push((canonical.to_string(), c));
        for v in variants {
            if !v.is_empty() && v != canonical {
                entries.push((v.to_string(), c));
            }
        }
    };
    if let Some(terms) = &l.terms {
        for t in terms {
            add(t, &mut std::iter::empty());
        }
    }
    if let Some(map) = &l.entries {
        for (canonical, variants) in map {
            add(canonical, &mut variants.iter().map(String::as_str));
        }
    }
    if let Some(content) = content {
        // `str::lines` and `split('\t')` cost most of reading the long files
        // (a generic char search per line and per column); the lines and
        // columns are the same.
        for line in split_bytes(content, b'\n') {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols = || split_bytes(line, b'\t').map(str::trim);
            // One file can feed several lists: keep the rows whose column matches.
            if let Some(fc) = l.filter_column {
                if !cols().nth(fc).is_some_and(|v| l.filter.iter().any(|f| f == v)) {
                    continue;
                }
            }
            let mut cols = cols();
            let first = cols.next().unwrap_or_default();
            let mut rest = cols.enumerate().filter(|(i, _)| !l.skip_columns.contains(&(i + 1))).map(|(_, c)| c);
            add(first, &mut rest);
        }
    }
    if entries.is_empty() {
        return Err(RuleError::at(&origin.file, origin.line, Some(&id), "the list is empty"));
    }
    let examples = examples(l.examples, l.counter, &origin, &id)?;
    Ok(ListRule {
        id,
        field: l.field,
        tag: l.tag.unwrap_or_else(|| "match".to_string()),
        canonicals,
        entries,
        case_insensitive: l.case_insensitive,
        examples,
        origin,
    })
}

/// `text.split(char::from(sep))` for an ASCII `sep`, found with the
/// vectorized `memchr`.
fn split_bytes(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(sep, r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Expands `{VAR}` and `{list:ID}` in a pattern.
fn expand(
    pattern: &str,
    vars: &HashMap<String, (String, Origin)>,
    lists: &[ListRule],
    origin: &Origin,
    id: &str,
    depth: usize,
) -> Result<String, RuleError> {
    if depth > 8 {
        return Err(RuleError::at(&origin.file, origin.line, Some(id), "variables nest more than 8 deep (a cycle?)"));
    }
    static REF: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{(list:[A-Za-z0-9._-]+|[A-Z][A-Z0-9_]*)\}").expect("valid"));
    let mut out = String::with_capacity(pattern.len());
    let mut last = 0;
    for caps in REF.captures_iter(pattern) {
        let whole = caps.get(0).expect("group 0");
        // `\{NAME}` is a literal brace and `\p{Lu}` a Unicode class, not references.
        let before = &pattern[..whole.start()];
        if before.ends_with('\\') || before.ends_with("\\p") || before.ends_with("\\P") {
            continue;
        }
        out.push_str(&pattern[last..whole.start()]);
        let name = &caps[1];
        if let Some(list_id) = name.strip_prefix("list:") {
            let list = lists.iter().find(|l| l.id == list_id).ok_or_else(|| {
                RuleError::at(&origin.file, origin.line, Some(id), format!("unknown list {list_id:?} in {{{name}}}"))
            })?;
            let mut forms: Vec<&str> = list.surfaces().collect();
            // Longest first, so the leftmost-first regex prefers "Deputy Minister" to "Deputy".
            forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            forms.dedup();
            out.push_str("(?:");
            out.push_str(&forms.iter().map(|f| regex::escape(f)).collect::<Vec<_>>().join("|"));
            out.push(')');
        } else {
            let (body, _) = vars.get(name).ok_or_else(|| {
                RuleError::at(
                    &origin.file,
                    origin.line,
                    Some(id),
                    format!("unknown variable {{{name}}}; define it under [vars]"),
                )
            })?;
            out.push_str("(?:");
            out.push_str(&expand(body, vars, lists, origin, id, depth + 1)?);
            out.push(')');
        }
        last = whole.end();
    }
    out.push_str(&pattern[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Mem(Vec<(&'static str, &'static str)>);

    impl Source for Mem {
        fn name(&self) -> String {
            "rules".into()
        }
        fn toml_files(&self) -> Result<Vec<(String, Cow<'static, str>)>, RuleError> {
            Ok(self
                .0
                .iter()
                .filter(|(p, _)| p.ends_with(".toml"))
                .map(|(p, c)| (p.to_string(), Cow::Borrowed(*c)))
                .collect())
        }
        fn data_file(&self, rel: &str) -> Result<Cow<'static, str>, RuleError> {
            self.0.iter().find(|(p, _)| *p == rel).map(|(_, c)| Cow::Borrowed(*c)).ok_or_else(|| RuleError::Io {
                path: rel.into(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "missing"),
            })
        }
    }

    fn err(files: Vec<(&'static str, &'static str)>) -> String {
        load(&Mem(files)).unwrap_err().to_string()
    }

    const OK_LIST: &str = "[[list]]\nid = \"a.b\"\nfield = \"locations\"\nterms = [\"Iran\"]\nexamples = [{ text = \"In Iran.\", match = \"Iran\" }]\n";

    #[test]
    fn loads_lists_files_and_patterns() {
        let rules = load(&Mem(vec![
            ("a.toml", OK_LIST),
            (
                "b.toml",
                "[vars]\nX = 'I{list:a.b}'\n[[pattern]]\nid = \"p.q\"\nfield = \"people\"\nregex = '{X}\\d{2}'\nexamples = [{ text = \"IIran12\", match = \"IIran12\" }]\n[[list]]\nid = \"c\"\nfield = \"shared\"\nfile = \"data/c.tsv\"\nskip_columns = [1]\nexamples = [{ text = \"Kyiv\", match = \"Kyiv\" }]\n",
            ),
            ("data/c.tsv", "# comment\nKyiv\tUA\tKiev\n"),
        ]))
        .unwrap();
        assert_eq!(rules.patterns[0].regex.as_str(), "(?:I(?:Iran))\\d{2}");
        let c = rules.list("c").unwrap();
        assert_eq!(c.entries, vec![("Kyiv".to_string(), 0), ("Kiev".to_string(), 0)]);
        assert!(rules.fingerprint.starts_with("sha256:"));
        assert_eq!(rules.rule_ids(), vec!["a.b", "c", "p.q"]);
    }

    proptest::proptest! {
        #[test]
        fn split_bytes_splits_as_str_split(parts in proptest::collection::vec(proptest::sample::select(vec![
            "", "a", "Ærø", "\t", "\n", "\r", " ", "\r\n", "#", "\t\t", "中",
        ]), 0..12)) {
            let text = parts.concat();
            for sep in [b'\t', b'\n'] {
                let ours: Vec<&str> = split_bytes(&text, sep).collect();
                proptest::prop_assert_eq!(ours, text.split(char::from(sep)).collect::<Vec<_>>());
            }
            // The rows `str::lines` gave, once blank lines are skipped.
            let rows = |lines: &mut dyn Iterator<Item = &str>| -> Vec<String> {
                lines.map(|l| l.trim_end_matches('\r')).filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
            };
            proptest::prop_assert_eq!(rows(&mut split_bytes(&text, b'\n')), rows(&mut text.lines()));
        }
    }

    #[test]
    fn errors_name_file_line_and_rule() {
        let dup = err(vec![("a.toml", OK_LIST), ("b.toml", OK_LIST)]);
        assert_eq!(
            dup,
            "rules/b.toml:2: rule a.b: duplicate rule id (first defined at rules/a.toml:2); rule ids must be unique"
        );
        let bad_regex = err(vec![(
            "a.toml",
            "\n[[pattern]]\nid = \"x\"\nfield = \"people\"\nregex = '(unclosed'\nexamples = [{ text = \"a\", match = \"a\" }]\n",
        )]);
        assert!(bad_regex.starts_with("rules/a.toml:3: rule x: invalid regex"), "{bad_regex}");
        let unknown_key =
            err(vec![("a.toml", "[[list]]\nid = \"x\"\nfield = \"people\"\nterms = [\"a\"]\nbogus = 1\n")]);
        assert!(unknown_key.starts_with("rules/a.toml:5: rule x: unknown field `bogus`"), "{unknown_key}");
        // The id may come after the bad key; an error outside any rule names none.
        let id_after = err(vec![("a.toml", "[[list]]\nbogus = 1\nid = 'y' # the id\nfield = \"people\"\n")]);
        assert!(id_after.starts_with("rules/a.toml:2: rule y: unknown field `bogus`"), "{id_after}");
        let in_vars = err(vec![("a.toml", "[vars]\nX = 1\n[[list]]\nid = \"x\"\n")]);
        assert!(in_vars.starts_with("rules/a.toml:2: invalid type"), "{in_vars}");
        let no_examples = err(vec![("a.toml", "[[list]]\nid = \"x\"\nfield = \"people\"\nterms = [\"a\"]\n")]);
        assert!(no_examples.contains("rule x: no examples"), "{no_examples}");
        let field = err(vec![("a.toml", "[[list]]\nid = \"x\"\nfield = \"persons\"\nterms = [\"a\"]\n")]);
        assert!(field.contains("unknown field \"persons\""), "{field}");
        let var = err(vec![(
            "a.toml",
            "[[pattern]]\nid = \"x\"\nfield = \"people\"\nregex = '{NOPE}'\nexamples = [{ text = \"a\", match = \"a\" }]\n",
        )]);
        assert!(var.contains("unknown variable {NOPE}"), "{var}");
        let huge = err(vec![(
            "a.toml",
            "[[pattern]]\nid = \"x\"\nfield = \"people\"\nregex = '(\\w{200}){200}'\nexamples = [{ text = \"a\", match = \"a\" }]\n",
        )]);
        assert!(huge.contains("rule x: invalid regex") && huge.contains("size limit"), "{huge}");
    }
}
