//! Scoring extraction output against gold annotations.
//!
//! Gold documents are `NAME.gold.json` files next to their `NAME.txt` articles, in the
//! format of `ANNOTATIONS.md`; predictions are output records (`RECORDS.md`) passed in as
//! plain [`serde_json::Value`]s, so this module depends on no other part of newsx and can
//! score any producer of that record format.
//!
//! # How scoring is interpreted
//!
//! `ANNOTATIONS.md` leaves some details open; this module settles them as follows.
//!
//! - Fields are `people`, `organizations`, `locations`, `dates`, `agreements`, `domains`,
//!   always reported in that order ([`FIELDS`]).
//! - Normalization ([`normalize`]): Unicode lowercase, then every maximal run of
//!   characters that are not letters or digits (`!char::is_alphanumeric`) becomes one
//!   space, then trim. No Unicode canonical normalization is applied, so "Brasília" and
//!   "Brasilia" differ (gold lists such variants as aliases).
//! - Keys of a predicted person/organization/location/domain: its normalized `name`,
//!   each of its `aliases`, its `text` and each `mentions[].text`. Keys of a gold entry:
//!   its normalized `name` and `aliases`. A prediction matches a gold entry when the key
//!   sets intersect; empty keys are dropped, so they never match.
//! - A predicted date matches a gold date when its trimmed `value` equals the gold `value`
//!   or one of the gold `accept` values (exact string comparison).
//! - A predicted agreement matches when (`instrument`, `count`) equals the gold pair or one
//!   of its `accept` pairs; a `null` (or absent) count equals a `null` count.
//! - Per document and field, TP is the size of a maximum bipartite matching between the
//!   predictions and the *non-optional* gold entries, so each gold entry and each
//!   prediction is used at most once. FN counts the non-optional gold entries left
//!   unmatched. A prediction left unassigned is a FP only if it matches no gold entry at
//!   all: one that matches an already-matched entry ("predicted items that match the same
//!   gold entry count once") or an optional entry is neither rewarded nor punished.
//! - The matching is computed with Kuhn's augmenting paths, visiting predictions and gold
//!   entries in input order, so results (and which entry a tie goes to) are deterministic.
//! - P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2PR/(P+R); each is 0.0 when its denominator is
//!   0. Counts are summed over documents per field (micro-average); `overall` pools the
//!   counts of all six fields.
//! - Roles: over the matched (prediction, gold person) pairs of the matching whose gold
//!   `role` has at least one normalized word, a predicted role is right when, with W(x) the
//!   set of words of `normalize(x)`, the intersection of W(pred) and W(gold) is non-empty
//!   and `|W(pred) ∩ W(gold)| * 2 >= max(|W(pred)|, |W(gold)|)`. A missing, `null` or
//!   non-string predicted role is wrong. `roles_acc` is right/total, `null` when total is 0.
//! - Published: per gold document, the record's `published.value` (a `null` or absent
//!   `published` is `null`) must equal the gold `published`, both trimmed; `null == null`
//!   is correct.
//!   `published_acc` is correct/documents (0.0 with no documents).
//! - Records are matched to gold documents by the basename of `source.path` (split on `/`
//!   and `\`), which must equal the gold `NAME.txt`. A gold document without a record, or
//!   whose record is an error record (has an `error` key), scores as an empty prediction:
//!   all gold entries are FN and `published` is `null`. Records whose basename names no
//!   gold document are ignored and counted in `unmatched_records`. Two records with the
//!   same basename are an error when that basename names a gold document (the score
//!   would depend on which one is used); among ignored records duplicates do no harm.
//! - Records must follow the record contract at the top level: an object with a string
//!   `source.path`; each field absent, `null` or an array of objects; `published` absent,
//!   `null` or an object whose `value` is a string or `null`. Violations are errors.
//!   Inside an item, values of an unexpected type are treated as absent, so the item
//!   simply matches less (and usually becomes a false positive).
//! - Gold files are validated strictly (see [`parse_gold`]) but unknown extra keys
//!   (`text`, `note`, `affiliation`, …) are ignored. A field absent from a gold file (or
//!   `null`) means no entries; a `count` absent or `null` means `null`.
//!
//! JSON objects produced by [`Report::to_json`] follow `serde_json`'s map ordering (keys
//! sorted unless the crate enables `preserve_order`); consumers should read them by key.

mod gold;
mod report;
mod score;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use gold::{load_gold_dir, parse_gold};
pub use report::{DocReport, FieldDiff, Prf, RecordStatus, Report, RoleMismatch, Spurious};
pub use score::score;

/// The scored fields, in reporting order.
pub const FIELDS: [&str; 6] = ["people", "organizations", "locations", "dates", "agreements", "domains"];

/// Errors from loading gold files or scoring records; each names the file or record at
/// fault so the user can fix it without a debugger.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{file}: invalid JSON: {source}")]
    GoldJson { file: String, line: usize, column: usize, source: serde_json::Error },
    #[error("{file}: {problem}")]
    Gold { file: String, problem: String },
    #[error("{}: the article text {} does not exist", gold.display(), txt.display())]
    MissingText { gold: PathBuf, txt: PathBuf },
    #[error("{}: no *.gold.json files found", dir.display())]
    NoGold { dir: PathBuf },
    #[error("gold document {name} is given twice")]
    DuplicateGold { name: String },
    /// `record` counts from 1 in input order (the line number of a JSON Lines file
    /// without blank lines).
    #[error("prediction record {record}: {problem}")]
    Record { record: usize, problem: String },
    #[error("prediction records {first} and {second} both have the file name {name}")]
    AmbiguousRecords { name: String, first: usize, second: usize },
}

/// Agreement instrument names of `ANNOTATIONS.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instrument {
    Mou,
    Contract,
    Agreement,
    LetterOfIntent,
}

impl Instrument {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mou" => Some(Self::Mou),
            "contract" => Some(Self::Contract),
            "agreement" => Some(Self::Agreement),
            "letter_of_intent" => Some(Self::LetterOfIntent),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mou => "mou",
            Self::Contract => "contract",
            Self::Agreement => "agreement",
            Self::LetterOfIntent => "letter_of_intent",
        }
    }
}

/// A gold person, organization, location or domain.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldEntity {
    pub name: String,
    pub aliases: Vec<String>,
    /// Only read for people.
    pub role: Option<String>,
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoldDate {
    pub value: String,
    pub accept: Vec<String>,
    /// The annotated surface text, kept for reports.
    pub text: Option<String>,
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoldAgreement {
    pub instrument: Instrument,
    pub count: Option<u64>,
    pub accept: Vec<(Instrument, Option<u64>)>,
    /// The annotated surface text, kept for reports.
    pub text: Option<String>,
    pub optional: bool,
}

/// One annotated article.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    /// `NAME.txt`, the key records are matched on.
    pub name: String,
    pub txt_path: PathBuf,
    pub published: Option<String>,
    pub people: Vec<GoldEntity>,
    pub organizations: Vec<GoldEntity>,
    pub locations: Vec<GoldEntity>,
    pub dates: Vec<GoldDate>,
    pub agreements: Vec<GoldAgreement>,
    pub domains: Vec<GoldEntity>,
}

/// Lowercase, collapse every run of non-alphanumeric characters into one space, trim.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    // Lowercase the whole string first: `str::to_lowercase` handles context-dependent
    // mappings (final sigma) that per-char lowercasing gets wrong.
    for c in s.to_lowercase().chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// The set of words of `normalize(s)`.
pub(crate) fn words(s: &str) -> std::collections::BTreeSet<String> {
    normalize(s).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}
