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
//! stable across runs and thread counts. [`Output::write_json`] writes the
//! same bytes as serde's derived serializer without it: writing every key
//! through serde's string escaper was a third of serializing a record (a
//! proptest holds the two to the same bytes).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::swar::{HIGH, ONES};

/// Version of this record format.
pub const SCHEMA: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention<'a> {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    /// Borrowed from the document, as long as the record serves only to be
    /// serialized: a copy per mention, made and freed, was most of the cost of
    /// building a record past serializing it.
    pub text: Cow<'a, str>,
    pub sentence: usize,
    /// Borrowed from the pipeline that made the record (a rule set has a few
    /// dozen rule ids; a copy for every mention was a fifth of the cost of
    /// building a record's mentions and a quarter of freeing them). Owned when
    /// read back from JSON.
    pub rule: Cow<'a, str>,
}

impl Mention<'_> {
    pub fn into_owned(self) -> Mention<'static> {
        Mention { text: Cow::Owned(self.text.into_owned()), rule: Cow::Owned(self.rule.into_owned()), ..self }
    }
}

fn owned(mentions: Vec<Mention<'_>>) -> Vec<Mention<'static>> {
    mentions.into_iter().map(Mention::into_owned).collect()
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
/// made it and of the document, whose rule ids and text its mentions borrow
/// ([`Mention::rule`], [`Mention::text`]); a record read back from JSON, or
/// made [`into_owned`](Record::into_owned), owns everything (`Record<'static>`).
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

    /// The record with nothing borrowed, to outlive its document.
    pub fn into_owned(self) -> Record<'static> {
        Record {
            published: self.published.map(|p| Published { value: p.value, from: p.from, mentions: owned(p.mentions) }),
            people: (self.people.into_iter())
                .map(|v| Person { mentions: owned(v.mentions), name: v.name, role: v.role, affiliation: v.affiliation })
                .collect(),
            organizations: (self.organizations.into_iter())
                .map(|v| Organization { mentions: owned(v.mentions), name: v.name, aliases: v.aliases })
                .collect(),
            locations: (self.locations.into_iter())
                .map(|v| Location { mentions: owned(v.mentions), name: v.name, kind: v.kind })
                .collect(),
            dates: (self.dates.into_iter())
                .map(|v| DateValue { mentions: owned(v.mentions), value: v.value, text: v.text })
                .collect(),
            agreements: (self.agreements.into_iter())
                .map(|v| Agreement {
                    mentions: owned(v.mentions),
                    instrument: v.instrument,
                    count: v.count,
                    text: v.text,
                    parties: v.parties,
                    date: v.date,
                    location: v.location,
                    domains: v.domains,
                })
                .collect(),
            domains: (self.domains.into_iter()).map(|v| Domain { mentions: owned(v.mentions), name: v.name }).collect(),
            schema: self.schema,
            doc_id: self.doc_id,
            source: self.source,
            url: self.url,
            title: self.title,
            warnings: self.warnings,
            pipeline: self.pipeline,
        }
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
    /// The output with nothing borrowed (see [`Record::into_owned`]).
    pub fn into_owned(self) -> Output<'static> {
        match self {
            Output::Doc(r) => Output::Doc(Box::new(r.into_owned())),
            Output::Error(e) => Output::Error(e),
        }
    }

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

impl Output<'_> {
    /// Appends the record's JSON: the bytes `serde_json::to_writer` writes.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Output::Doc(r) => r.write_json(out),
            // Rare; the derived serializer of a `Vec` writer cannot fail.
            Output::Error(e) => serde_json::to_writer(out, e).expect("writing JSON to memory"),
        }
    }
}

/// JSON string, escaped as serde_json escapes it.
fn str_json(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        // Writing to a `Vec` cannot fail.
        serde_json::to_writer(out, s).expect("writing JSON to memory");
    } else {
        // Nearly every string: serde_json's escaper looks up each byte in a
        // table, where this checks eight at a time.
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Whether `bytes` holds a byte that serde_json escapes: a control
/// character (below 0x20), `"` or `\\`.
fn needs_escape(bytes: &[u8]) -> bool {
    // Nonzero exactly when some byte of `w` is below `n` (for `n` up to 0x80).
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * n as u64) & !w & HIGH;
    // Tested together, without a branch each: strings are a word or three.
    let escapes = |word: &[u8]| {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        below(w, 0x20) | below(w ^ (ONES * b'"' as u64), 1) | below(w ^ (ONES * b'\\' as u64), 1)
    };
    if bytes.len() < 8 {
        // Padded with a byte that needs no escape.
        let mut word = [b'a'; 8];
        word[..bytes.len()].copy_from_slice(bytes);
        return escapes(&word) != 0;
    }
    // The last eight bytes, which may overlap the last whole word, cover the rest.
    let last = escapes(&bytes[bytes.len() - 8..]);
    bytes.chunks_exact(8).fold(last, |hits, word| hits | escapes(word)) != 0
}

fn num_json(out: &mut Vec<u8>, n: u64) {
    serde_json::to_writer(out, &n).expect("writing JSON to memory");
}

/// `"key":"value"`, preceded by the comma and key given in `key` (`,"name":`).
fn field(out: &mut Vec<u8>, key: &[u8], value: &str) {
    out.extend_from_slice(key);
    str_json(out, value);
}

fn opt_field(out: &mut Vec<u8>, key: &[u8], value: &Option<String>) {
    if let Some(v) = value {
        field(out, key, v);
    }
}

/// A list of strings, omitted when empty (as `skip_serializing_if` does).
fn list_field(out: &mut Vec<u8>, key: &[u8], values: &[String]) {
    if values.is_empty() {
        return;
    }
    out.extend_from_slice(key);
    out.push(b'[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        str_json(out, v);
    }
    out.push(b']');
}

/// `,"mentions":[…]}`: the last field of every value, and the value's end.
fn mentions_json(out: &mut Vec<u8>, mentions: &[Mention]) {
    out.extend_from_slice(b",\"mentions\":[");
    for (i, m) in mentions.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"start\":");
        num_json(out, m.start as u64);
        out.extend_from_slice(b",\"end\":");
        num_json(out, m.end as u64);
        out.extend_from_slice(b",\"char_start\":");
        num_json(out, m.char_start as u64);
        out.extend_from_slice(b",\"char_end\":");
        num_json(out, m.char_end as u64);
        field(out, b",\"text\":", &m.text);
        out.extend_from_slice(b",\"sentence\":");
        num_json(out, m.sentence as u64);
        field(out, b",\"rule\":", &m.rule);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// `"key":[{…},…]`, each value written by `each` up to its mentions.
fn values_json<T>(out: &mut Vec<u8>, key: &[u8], values: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.extend_from_slice(key);
    out.push(b'[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, v);
    }
    out.push(b']');
}

impl Record<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"schema\":");
        num_json(out, self.schema.into());
        field(out, b",\"doc_id\":", &self.doc_id);
        field(out, b",\"source\":{\"path\":", &self.source.path);
        out.extend_from_slice(b",\"bytes\":");
        num_json(out, self.source.bytes);
        if let Some(line) = self.source.line {
            out.extend_from_slice(b",\"line\":");
            num_json(out, line);
        }
        out.push(b'}');
        opt_field(out, b",\"url\":", &self.url);
        opt_field(out, b",\"title\":", &self.title);
        list_field(out, b",\"warnings\":", &self.warnings);
        match &self.published {
            None => out.extend_from_slice(b",\"published\":null"),
            Some(p) => {
                field(out, b",\"published\":{\"value\":", &p.value);
                field(out, b",\"from\":", &p.from);
                mentions_json(out, &p.mentions);
            }
        }
        values_json(out, b",\"people\":", &self.people, |out, v| {
            field(out, b"{\"name\":", &v.name);
            opt_field(out, b",\"role\":", &v.role);
            opt_field(out, b",\"affiliation\":", &v.affiliation);
            mentions_json(out, &v.mentions);
        });
        values_json(out, b",\"organizations\":", &self.organizations, |out, v| {
            field(out, b"{\"name\":", &v.name);
            list_field(out, b",\"aliases\":", &v.aliases);
            mentions_json(out, &v.mentions);
        });
        values_json(out, b",\"locations\":", &self.locations, |out, v| {
            field(out, b"{\"name\":", &v.name);
            field(out, b",\"kind\":", &v.kind);
            mentions_json(out, &v.mentions);
        });
        values_json(out, b",\"dates\":", &self.dates, |out, v| {
            field(out, b"{\"value\":", &v.value);
            field(out, b",\"text\":", &v.text);
            mentions_json(out, &v.mentions);
        });
        values_json(out, b",\"agreements\":", &self.agreements, |out, v| {
            field(out, b"{\"instrument\":", &v.instrument);
            match v.count {
                Some(n) => {
                    out.extend_from_slice(b",\"count\":");
                    num_json(out, n);
                }
                None => out.extend_from_slice(b",\"count\":null"),
            }
            field(out, b",\"text\":", &v.text);
            list_field(out, b",\"parties\":", &v.parties);
            opt_field(out, b",\"date\":", &v.date);
            opt_field(out, b",\"location\":", &v.location);
            list_field(out, b",\"domains\":", &v.domains);
            mentions_json(out, &v.mentions);
        });
        values_json(out, b",\"domains\":", &self.domains, |out, v| {
            field(out, b"{\"name\":", &v.name);
            mentions_json(out, &v.mentions);
        });
        field(out, b",\"pipeline\":{\"version\":", &self.pipeline.version);
        field(out, b",\"rules\":", &self.pipeline.rules);
        out.extend_from_slice(b"}}");
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn needs_escape_finds_each_byte_at_each_position() {
        assert!(!needs_escape(b""));
        for b in 0..=255u8 {
            for len in 1..=17 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let want = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(needs_escape(&bytes), want, "byte {b:#x} at {at} of {len}");
                }
            }
        }
    }

    /// Draws the parts of a record, round and round.
    struct Draw {
        strings: Vec<String>,
        numbers: Vec<u64>,
        at: usize,
    }

    impl Draw {
        fn next(&mut self) -> usize {
            self.at += 1;
            self.at
        }
        fn str(&mut self) -> String {
            let i = self.next();
            self.strings[i % self.strings.len()].clone()
        }
        fn num(&mut self) -> u64 {
            let i = self.next();
            self.numbers[i % self.numbers.len()]
        }
        /// 0 to 2.
        fn count(&mut self) -> usize {
            (self.num() % 3) as usize
        }
        fn opt(&mut self) -> Option<String> {
            (self.num() % 2 == 0).then(|| self.str())
        }
        fn list(&mut self) -> Vec<String> {
            (0..self.count()).map(|_| self.str()).collect()
        }
        fn mentions(&mut self) -> Vec<Mention<'static>> {
            (0..self.count())
                .map(|_| Mention {
                    start: self.num() as usize,
                    end: self.num() as usize,
                    char_start: self.num() as usize,
                    char_end: self.num() as usize,
                    text: Cow::Owned(self.str()),
                    sentence: self.num() as usize,
                    rule: Cow::Owned(self.str()),
                })
                .collect()
        }
        fn record(&mut self) -> Record<'static> {
            Record {
                schema: SCHEMA,
                doc_id: self.str(),
                source: Source { path: self.str(), bytes: self.num(), line: (self.num() % 2 == 0).then(|| self.num()) },
                url: self.opt(),
                title: self.opt(),
                warnings: self.list(),
                published: (self.num() % 2 == 0).then(|| Published {
                    value: self.str(),
                    from: self.str(),
                    mentions: self.mentions(),
                }),
                people: (0..self.count())
                    .map(|_| Person {
                        name: self.str(),
                        role: self.opt(),
                        affiliation: self.opt(),
                        mentions: self.mentions(),
                    })
                    .collect(),
                organizations: (0..self.count())
                    .map(|_| Organization { name: self.str(), aliases: self.list(), mentions: self.mentions() })
                    .collect(),
                locations: (0..self.count())
                    .map(|_| Location { name: self.str(), kind: self.str(), mentions: self.mentions() })
                    .collect(),
                dates: (0..self.count())
                    .map(|_| DateValue { value: self.str(), text: self.str(), mentions: self.mentions() })
                    .collect(),
                agreements: (0..self.count())
                    .map(|_| Agreement {
                        instrument: self.str(),
                        count: (self.num() % 2 == 0).then(|| self.num()),
                        text: self.str(),
                        parties: self.list(),
                        date: self.opt(),
                        location: self.opt(),
                        domains: self.list(),
                        mentions: self.mentions(),
                    })
                    .collect(),
                domains: (0..self.count()).map(|_| Domain { name: self.str(), mentions: self.mentions() }).collect(),
                pipeline: PipelineInfo { version: self.str(), rules: self.str() },
            }
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[a-z \"\\\\\\x00-\\x1f\\x7fé]{0,20}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]
        #[test]
        fn write_json_writes_what_serde_writes(
            strings in prop::collection::vec(text(), 1..40),
            numbers in prop::collection::vec(prop_oneof![0..3u64, any::<u64>()], 1..40),
        ) {
            let record = Draw { strings, numbers, at: 0 }.record();
            let output = Output::Doc(Box::new(record));
            let mut got = Vec::new();
            output.write_json(&mut got);
            prop_assert_eq!(String::from_utf8(got).unwrap(), serde_json::to_string(&output).unwrap());
        }
    }
}
