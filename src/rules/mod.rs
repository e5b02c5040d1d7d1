//! Rules as data: loading, validating and compiling `rules/`.
//!
//! A rule set is a directory of TOML files (`*.toml` at its top) and the data
//! files they name (`data/*.tsv`). Two kinds of rule exist:
//!
//! - **lists** (`[[list]]`): gazetteers and trigger words, matched with
//!   aho-corasick. Entries come from `terms` (each its own canonical form),
//!   `entries` (canonical → variants) or a tab-separated `file` (canonical in
//!   the first column, variants after, minus any `skip_columns`).
//! - **patterns** (`[[pattern]]`): regular expressions with named groups that
//!   the field's extractor interprets (`name`, `role`, `count`, `d`, `m`, …).
//!   `{VAR}` expands a fragment from the file's `[vars]` table (or another
//!   file's, vars are global); `{list:ID}` expands to an alternation of every
//!   surface form of list `ID`.
//!
//! - **rules** (`[[rule]]`): strategies written in Rust ("a title before a
//!   name makes a person"), declared here so that they carry examples, appear
//!   in provenance, and can be switched off by deleting them.
//!
//! Every rule has an `id` (unique across the set, and written into each
//! mention it produces), a `field` naming the extractor that uses it, a `tag`
//! saying what that extractor does with it, and `examples` (sentence → match)
//! that `newsx rules test` runs; `counter` examples must not match.
//!
//! Errors name `file:line`, the rule id and what to do; see [`RuleError`].

mod cached;
mod load;
mod pattern;

pub use cached::Cached;
pub use load::{load_dir, load_dir_with, load_embedded, load_embedded_with, RuleError};
pub use pattern::{first_bytes, AsciiGroups, Barriers, Group, Groups, Pattern, Scouts};

use std::collections::HashMap;

/// Where a rule was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// An example a rule must satisfy: running the extractors over `text` yields a
/// mention by this rule whose text is `expect` (and, when given, whose value is
/// `value`). A counter-example (`expect` empty) must yield no mention by this rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub expect: Option<String>,
    pub value: Option<String>,
    pub published: Option<String>,
}

/// A word list, compiled by the extractor that owns its field.
#[derive(Clone, Debug)]
pub struct ListRule {
    pub id: String,
    pub field: String,
    pub tag: String,
    /// Canonical forms; `entries` point into this.
    pub canonicals: Vec<String>,
    /// (surface form, index of its canonical form).
    pub entries: Vec<(String, usize)>,
    pub case_insensitive: bool,
    pub examples: Vec<Example>,
    pub origin: Origin,
}

impl ListRule {
    /// Every surface form, canonical forms included.
    pub fn surfaces(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(s, _)| s.as_str())
    }
}

/// A compiled regular expression rule.
#[derive(Clone, Debug)]
pub struct PatternRule {
    pub id: String,
    pub field: String,
    pub tag: String,
    pub regex: Pattern,
    pub examples: Vec<Example>,
    pub origin: Origin,
}

/// A named strategy implemented by an extractor ("a title before a name
/// makes a person"), declared in `rules/` so it carries examples, shows up in
/// provenance and can be switched off by deleting it.
#[derive(Clone, Debug)]
pub struct StrategyRule {
    pub id: String,
    pub field: String,
    pub tag: String,
    /// Lists and patterns the strategy reads (documentation, checked to exist).
    pub uses: Vec<String>,
    pub examples: Vec<Example>,
    pub origin: Origin,
}

/// A loaded, validated and compiled rule set.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// `sha256:<hex>` over every file of the set, by path and content.
    pub fingerprint: String,
    pub lists: Vec<ListRule>,
    pub patterns: Vec<PatternRule>,
    pub strategies: Vec<StrategyRule>,
    ids: HashMap<String, Origin>,
}

/// The lists of one field with one tag among `lists`, in their order.
pub fn lists_of<'a>(lists: &'a [ListRule], field: &str, tag: &str) -> impl Iterator<Item = &'a ListRule> + use<'a> {
    let (field, tag) = (field.to_string(), tag.to_string());
    lists.iter().filter(move |l| l.field == field && l.tag == tag)
}

impl RuleSet {
    /// The lists of one field with one tag, in file order.
    pub fn lists(&self, field: &str, tag: &str) -> impl Iterator<Item = &ListRule> {
        lists_of(&self.lists, field, tag)
    }

    /// The patterns of one field with one tag, in file order.
    pub fn patterns(&self, field: &str, tag: &str) -> impl Iterator<Item = &PatternRule> {
        let (field, tag) = (field.to_string(), tag.to_string());
        self.patterns.iter().filter(move |p| p.field == field && p.tag == tag)
    }

    /// The strategy of one field with one tag, if the rule set declares it.
    pub fn strategy(&self, field: &str, tag: &str) -> Option<&StrategyRule> {
        self.strategies.iter().find(|s| s.field == field && s.tag == tag)
    }

    /// The one list with this id.
    pub fn list(&self, id: &str) -> Option<&ListRule> {
        self.lists.iter().find(|l| l.id == id)
    }

    /// True when a rule with this id exists.
    pub fn has_rule(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Where the rule with this id was written.
    pub fn origin(&self, id: &str) -> Option<&Origin> {
        self.ids.get(id)
    }

    /// Every rule id, sorted.
    pub fn rule_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.ids.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// Every rule with its examples, in file order.
    pub fn examples(&self) -> Vec<(&str, &Origin, &Example)> {
        let mut out = Vec::new();
        for l in &self.lists {
            out.extend(l.examples.iter().map(|e| (l.id.as_str(), &l.origin, e)));
        }
        for p in &self.patterns {
            out.extend(p.examples.iter().map(|e| (p.id.as_str(), &p.origin, e)));
        }
        for s in &self.strategies {
            out.extend(s.examples.iter().map(|e| (s.id.as_str(), &s.origin, e)));
        }
        out
    }
}
