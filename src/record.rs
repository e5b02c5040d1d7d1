//! The output records: the wire format data teams rely on.
//!
//! # Wire format
//!
//! One JSON object per input document, one per line (JSON Lines), as
//! `../shared/RECORDS.md` specifies and `schema/record.schema.json` checks:
//!
//! ```json
//! {"schema": 1, "doc_id": "sha256:…", "source": {"path": "seeds/a.txt", "bytes": 5000},
//!  "published": {"value": "2025-12-06", "from": "dateline", "mentions": […]},
//!  "people": [{"name": "Meysam Abedi", "role": "…", "affiliation": "Iran", "mentions": […]}],
//!  "organizations": […], "locations": […], "dates": […], "agreements": […], "domains": […],
//!  "pipeline": {"version": "0.1.0", "rules": "sha256:…"}}
//! ```
//!
//! A mention is `{"start", "end", "char_start", "char_end", "text", "sentence", "rule"}`:
//! half-open byte offsets into the source file, the same in chars, the exact
//! source slice, the 0-based sentence index and the id of the rule that fired.
//! A document that cannot be read yields `{"schema": 1, "source": {…},
//! "error": {"kind", "message"}}` instead, in the same stream.
//!
//! Field order is fixed by these struct definitions, so output bytes are
//! stable across runs and thread counts.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Version of this record format.
pub const SCHEMA: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention<'a> {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub text: String,
    pub sentence: usize,
    /// Borrowed from the pipeline that made the record (a rule set has a few
    /// dozen rule ids; a copy for every mention was a fifth of the cost of
    /// building a record's mentions and a quarter of freeing them). Owned when
    /// read back from JSON.
    pub rule: Cow<'a, str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub bytes: u64,
    /// Line of a document inside a JSON Lines bundle (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published<'a> {
    pub value: String,
    /// How it was found: `dateline`, `header`, `date_line`, `metadata`.
    pub from: String,
    pub mentions: Vec<Mention<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person<'a> {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    pub mentions: Vec<Mention<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization<'a> {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub mentions: Vec<Mention<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location<'a> {
    pub name: String,
    /// `country`, `city`, `region`, …: the gazetteer it came from.
    pub kind: String,
    pub mentions: Vec<Mention<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue<'a> {
    pub value: String,
    pub text: String,
    pub mentions: Vec<Mention<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement<'a> {
    /// `mou`, `contract`, `agreement` or `letter_of_intent`.
    pub instrument: String,
    /// `null` for a plural with no number ("several agreements").
    pub count: Option<u64>,
    pub text: String,
    /// Countries and organizations named as signing, in the same sentence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    pub mentions: Vec<Mention<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain<'a> {
    pub name: String,
    pub mentions: Vec<Mention<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineInfo {
    pub version: String,
    pub rules: String,
}

/// The record of one document. `'a` is the lifetime of the pipeline that
/// made it, whose rule ids its mentions borrow ([`Mention::rule`]); a record
/// read back from JSON owns everything (`Record<'static>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record<'a> {
    pub schema: u32,
    pub doc_id: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub published: Option<Published<'a>>,
    pub people: Vec<Person<'a>>,
    pub organizations: Vec<Organization<'a>>,
    pub locations: Vec<Location<'a>>,
    pub dates: Vec<DateValue<'a>>,
    pub agreements: Vec<Agreement<'a>>,
    pub domains: Vec<Domain<'a>>,
    pub pipeline: PipelineInfo,
}

impl<'a> Record<'a> {
    /// Number of extracted values (published date included).
    pub fn value_count(&self) -> usize {
        self.published.is_some() as usize
            + self.people.len()
            + self.organizations.len()
            + self.locations.len()
            + self.dates.len()
            + self.agreements.len()
            + self.domains.len()
    }

    /// Every mention of every value, for checks over the whole record.
    pub fn mentions(&self) -> impl Iterator<Item = &Mention<'a>> {
        let p = self.published.iter().flat_map(|p| p.mentions.iter());
        p.chain(self.people.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.organizations.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.locations.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.dates.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.agreements.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.domains.iter().flat_map(|v| v.mentions.iter()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    pub kind: String,
    pub message: String,
}

/// The record of an input that could not be read or decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    pub schema: u32,
    pub source: Source,
    pub error: ErrorInfo,
}

/// One line of output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Output<'a> {
    Doc(Box<Record<'a>>),
    Error(ErrorRecord),
}

impl Output<'_> {
    pub fn is_error(&self) -> bool {
        matches!(self, Output::Error(_))
    }

    pub fn source(&self) -> &Source {
        match self {
            Output::Doc(r) => &r.source,
            Output::Error(e) => &e.source,
        }
    }
}
