//! Extraction: from a document's text to values with their evidence.
//!
//! [`Extractor::new`] compiles a [`RuleSet`] once (aho-corasick automata for
//! word lists, regexes for patterns); [`Extractor::extract`] runs over one text
//! and is called from many threads at once. One file per field; they run in a
//! fixed order because later fields use earlier ones: organizations, then
//! places (not inside an organization's name), people (never inside either),
//! dates (publication date first, to anchor relative dates), domains, and
//! agreements last (their parties, dates, places and domains come from the
//! rest).
//!
//! Everything here works in byte offsets of the decoded text ([`Span`]);
//! provenance becomes source and char offsets in [`crate::pipeline`].

pub mod agreements;
pub mod dates;
pub mod domains;
mod gazetteer;
pub mod orgs;
pub mod people;
pub mod places;

pub use gazetteer::{Gazetteer, GazetteerMatch, Lexicon, Lexicons};

use std::collections::{HashMap, HashSet};

use crate::rules::{ListRule, RuleError, RuleSet};
use crate::text::Sentences;
use crate::Span;

/// Maps and sets of rule words, which every token of a document may be
/// looked up in: foldhash's fixed-seed hasher rather than SipHash. The keys
/// are the rules' and the document's own, so a document can only slow its own
/// lookups; the seed is the same in every run.
pub type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
pub type Set<T> = HashSet<T, foldhash::fast::FixedState>;

/// Index of a rule id in [`Extractor::rule_name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(pub u32);

/// One piece of evidence: where, and which rule found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Found {
    pub span: Span,
    pub rule: RuleId,
}

/// The text being read, with what every extractor needs to know about it.
pub struct Doc<'t> {
    pub text: &'t str,
    pub sentences: Sentences,
    /// Where a whole-word match may start: every char that does not
    /// continue a word. Found once here for all the gazetteers.
    pub starts: Vec<usize>,
    /// Every ASCII capital and every char past ASCII (`orgs::capital_starts`):
    /// where organizations' chunks start, and where people look for capitalized
    /// words and surnames; found once here for both.
    pub capitals: Vec<usize>,
    /// The publication date given from outside, if any (ISO `YYYY-MM-DD`).
    pub published_hint: Option<&'t str>,
}

impl<'t> Doc<'t> {
    pub fn new(text: &'t str, published_hint: Option<&'t str>) -> Doc<'t> {
        Doc {
            text,
            sentences: Sentences::split(text),
            starts: gazetteer::match_starts(text),
            capitals: orgs::capital_starts(text),
            published_hint,
        }
    }

    pub fn slice(&self, span: Span) -> &'t str {
        &self.text[span.start..span.end]
    }

    /// The sentence around byte `at`.
    pub fn sentence_at(&self, at: usize) -> Span {
        self.sentences.span_of(at).unwrap_or(Span::new(0, self.text.len()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedX {
    pub value: String,
    pub from: &'static str,
    pub mentions: Vec<Found>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonX {
    pub name: String,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub mentions: Vec<Found>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgX {
    pub name: String,
    pub aliases: Vec<String>,
    pub mentions: Vec<Found>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceX {
    pub name: String,
    pub kind: String,
    pub mentions: Vec<Found>,
}

impl PlaceX {
    /// Cities and regions are also surnames ("Ade Bello", "William Rhodes");
    /// countries and sites are not read as such.
    pub fn may_be_surname(&self) -> bool {
        matches!(self.kind.as_str(), "city" | "region")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateX {
    pub value: String,
    pub text: String,
    pub mentions: Vec<Found>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgreementX {
    pub instrument: String,
    pub count: Option<u64>,
    pub text: String,
    pub parties: Vec<String>,
    pub date: Option<String>,
    pub location: Option<String>,
    pub domains: Vec<String>,
    pub mentions: Vec<Found>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainX {
    pub name: String,
    pub mentions: Vec<Found>,
}

/// Everything found in one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extraction {
    pub published: Option<PublishedX>,
    pub people: Vec<PersonX>,
    pub orgs: Vec<OrgX>,
    pub places: Vec<PlaceX>,
    pub dates: Vec<DateX>,
    pub agreements: Vec<AgreementX>,
    pub domains: Vec<DomainX>,
}

impl Extraction {
    /// Every mention of every value.
    pub fn all_found(&self) -> impl Iterator<Item = &Found> {
        let p = self.published.iter().flat_map(|v| v.mentions.iter());
        p.chain(self.people.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.orgs.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.places.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.dates.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.agreements.iter().flat_map(|v| v.mentions.iter()))
            .chain(self.domains.iter().flat_map(|v| v.mentions.iter()))
    }
}

/// Maps rule ids to [`RuleId`]s while extractors compile.
#[derive(Default)]
pub struct RuleNames {
    names: Vec<String>,
}

impl RuleNames {
    pub fn intern(&mut self, id: &str) -> RuleId {
        if let Some(i) = self.names.iter().position(|n| n == id) {
            return RuleId(i as u32);
        }
        self.names.push(id.to_string());
        RuleId(self.names.len() as u32 - 1)
    }
}

/// A compiled rule set, ready to run on any number of documents in parallel.
pub struct Extractor {
    names: Vec<String>,
    fingerprint: String,
    orgs: orgs::Orgs,
    places: places::Places,
    people: people::People,
    dates: dates::Dates,
    domains: domains::Domains,
    agreements: agreements::Agreements,
    /// Every extractor's word lists, walked together: two walks from each
    /// word start (lists that keep case, lists that fold it) instead of one
    /// per extractor ([`Extractor::gazetteers`]).
    lexicons: Lexicons,
}

/// What an [`Extractor`] needs of a rule set's lists alone, started before
/// the rest compiles ([`Extractor::early`]).
pub struct Early {
    exact: Lexicon,
    /// The gazetteers the lexicon holds, which the extractors take over.
    orgs: Gazetteer,
    places: Gazetteer,
}

impl Extractor {
    /// Compiles every field's rules. Fails when a field's required rules are
    /// missing or malformed.
    pub fn new(rules: &RuleSet) -> Result<Extractor, RuleError> {
        Extractor::with_early(rules, Extractor::early(&rules.lists))
    }

    /// Starts what needs only the lists: the word lists go in two lexicons,
    /// one for the organizations' and places' lists, which keep their case,
    /// and one for the domains' and agreements', which fold it. One automaton
    /// for all would fold every entry's case, and lower-case words would walk
    /// into capitalized entries ("the" into every town named "The ..."). The
    /// first holds the towns, the longest build of start-up: started here
    /// (by the rule loader, while the patterns compile), it builds on a
    /// thread of its own, and the first search waits for it. (Any list may
    /// fold case; that only costs longer walks.)
    pub fn early(lists: &[ListRule]) -> Early {
        // These rule numbers are not [`Extractor::with_early`]'s: it numbers
        // the gazetteers again, in its own order ([`Gazetteer::renumbered`]);
        // the automaton needs only the entries, which are the same.
        let mut names = RuleNames::default();
        let orgs = orgs::Orgs::gazetteer_of(lists, &mut names);
        let places = places::Places::gazetteer_of(lists, &mut names);
        Early { exact: Lexicon::new(&[&orgs, &places], 0..2), orgs, places }
    }

    /// [`Extractor::new`], with what [`Extractor::early`] started from the same rules' lists.
    pub fn with_early(rules: &RuleSet, early: Early) -> Result<Extractor, RuleError> {
        let mut names = RuleNames::default();
        let orgs = orgs::Orgs::with_gazetteer(rules, &mut names, Some(early.orgs))?;
        let places = places::Places::with_gazetteer(rules, &mut names, Some(early.places))?;
        let exact = early.exact;
        debug_assert!(exact.built_from(&[orgs.gazetteer(), places.gazetteer()]), "the same rules' lists");
        let people = people::People::new(rules, &mut names)?;
        let dates = dates::Dates::new(rules, &mut names)?;
        let domains = domains::Domains::new(rules, &mut names)?;
        let agreements = agreements::Agreements::new(rules, &mut names)?;
        let mut ex = Extractor {
            names: names.names,
            fingerprint: rules.fingerprint.clone(),
            orgs,
            places,
            people,
            dates,
            domains,
            agreements,
            lexicons: Lexicons::default(),
        };
        let folded = Lexicon::new(&ex.gazetteers(), 2..4);
        ex.lexicons = Lexicons::new(vec![exact, folded]);
        Ok(ex)
    }

    /// The word lists of every extractor, in the order [`Extractor::lexicons`] holds them.
    fn gazetteers(&self) -> [&Gazetteer; 4] {
        [self.orgs.gazetteer(), self.places.gazetteer(), self.domains.gazetteer(), self.agreements.gazetteer()]
    }

    /// The rule id behind a [`RuleId`].
    pub fn rule_name(&self, id: RuleId) -> &str {
        &self.names[id.0 as usize]
    }

    /// True when mentions can carry this rule id (lists and patterns that only
    /// feed other rules, such as title words, never do).
    pub fn produces(&self, id: &str) -> bool {
        self.names.iter().any(|n| n == id)
    }

    /// The fingerprint of the rule set this extractor was built from.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Extracts every field from one text.
    pub fn extract(&self, doc: &Doc<'_>) -> Extraction {
        let [orgs, places, domains, agreements]: [Vec<Vec<GazetteerMatch>>; 4] =
            self.lexicons.find(&self.gazetteers(), doc).try_into().expect("one per gazetteer");
        let mut ex = Extraction::default();
        ex.orgs = self.orgs.extract(doc, orgs);
        ex.places = self.places.extract(doc, places, &ex.orgs);
        ex.people = self.people.extract(doc, &ex.orgs, &ex.places, &self.places);
        // A city or region that people read as a surname ("Governor Ade
        // Bello", "William Rhodes") is no place.
        let named = Cover::new(ex.people.iter().flat_map(|q| q.mentions.iter().map(|m| m.span)));
        ex.places.retain(|p| !p.may_be_surname() || !p.mentions.iter().any(|f| named.overlaps(f.span)));
        let (published, dates) = self.dates.extract(doc);
        ex.published = published;
        ex.dates = dates;
        ex.domains = self.domains.extract(doc, domains, &ex.orgs);
        ex.agreements = self.agreements.extract(doc, agreements, &ex);
        ex
    }
}

/// The number words of `shared.number-words`, lower-cased, with their values
/// ("five" 5, "a dozen" 12): counts for agreements, spans for "three days ago".
pub(crate) fn number_words(rules: &RuleSet) -> impl Iterator<Item = (String, u64)> + '_ {
    rules.lists("shared", "number").flat_map(|l| {
        l.entries.iter().filter_map(|(surface, c)| l.canonicals[*c].parse().ok().map(|n| (surface.to_lowercase(), n)))
    })
}

/// True when `c` can be part of a word (so a match next to it is not a whole word).
/// General Punctuation (curly quotes, dashes: most chars past ASCII in news
/// text) is answered without the Unicode tables, which took several hundred
/// instructions a char; none of it is alphanumeric.
pub fn is_word_char(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206f}') && (c.is_alphanumeric() || c == '_')
}

/// True when `span` starts and ends at word boundaries of `text`.
pub fn whole_word(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let first = text[span.start..].chars().next();
    let last = text[..span.end].chars().next_back();
    let edge_ok = |outside: Option<char>, inside: Option<char>| match (outside, inside) {
        (Some(o), Some(i)) => !(is_word_char(o) && is_word_char(i)),
        _ => true,
    };
    edge_ok(before, first) && edge_ok(after, last)
}

/// Sorts mentions by position and drops exact repeats.
pub fn tidy(found: &mut Vec<Found>) {
    found.sort();
    found.dedup_by(|a, b| a.span == b.span);
}

/// The shapes of a word set's entries, a word's shape being its first,
/// second and last bytes, five bits of each: a word whose shape no entry has
/// is in none, told without a hash (most words looked up are in no set). The
/// bits leave out ASCII case, so that an ASCII byte has the shape of its
/// lower-case form; a word's shape is that of its lower-cased form when the
/// three bytes are ASCII, as lower-casing keeps ASCII where it was.
#[derive(Clone, Debug)]
pub struct Shapes(Box<[u64; Shapes::COUNT / 64]>);

impl Shapes {
    /// How many shapes there are.
    const COUNT: usize = 1 << 15;

    pub fn of<'w>(words: impl IntoIterator<Item = &'w [u8]>) -> Shapes {
        let mut bits = Box::new([0; Shapes::COUNT / 64]);
        for at in words.into_iter().filter_map(Shapes::shape) {
            bits[at / 64] |= 1 << (at % 64);
        }
        Shapes(bits)
    }

    /// False when `w` has a shape no entry has (an empty word has none, and passes).
    pub fn may_hold(&self, w: &[u8]) -> bool {
        Shapes::shape(w).is_none_or(|at| self.0[at / 64] >> (at % 64) & 1 == 1)
    }

    fn shape(w: &[u8]) -> Option<usize> {
        let (&first, &last) = (w.first()?, w.last()?);
        let second = *w.get(1).unwrap_or(&first);
        Some(usize::from(first & 31) << 10 | usize::from(second & 31) << 5 | usize::from(last & 31))
    }
}

/// A set of spans that answers "does any of them contain (or overlap) this
/// span?" in logarithmic time, where a scan over every span would make
/// checking every match against every mention quadratic in the document.
#[derive(Clone, Debug, Default)]
pub struct Cover {
    /// Sorted by (start, end).
    spans: Vec<Span>,
    /// `max_end[i]`: the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl Cover {
    pub fn new(spans: impl IntoIterator<Item = Span>) -> Cover {
        let mut spans: Vec<Span> = spans.into_iter().collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.end);
            max_end.push(m);
        }
        Cover { spans, max_end }
    }

    /// The largest end among spans starting before `at`.
    fn max_end_before(&self, at: usize) -> Option<usize> {
        let i = self.spans.partition_point(|s| s.start < at);
        i.checked_sub(1).map(|i| self.max_end[i])
    }

    /// True when some span contains `span` ([`Span::contains`]).
    pub fn contains(&self, span: Span) -> bool {
        let i = self.spans.partition_point(|s| s.start <= span.start);
        i > 0 && self.max_end[i - 1] >= span.end
    }

    /// True when some span other than `span` itself contains it.
    pub fn contains_strictly(&self, span: Span) -> bool {
        if self.max_end_before(span.start).is_some_and(|e| e >= span.end) {
            return true;
        }
        // Spans starting where `span` starts: the last one ends furthest.
        let i = self.spans.partition_point(|s| s.start <= span.start);
        i > 0 && self.spans[i - 1].start == span.start && self.spans[i - 1].end > span.end
    }

    /// True when some span overlaps `span` ([`Span::overlaps`]).
    pub fn overlaps(&self, span: Span) -> bool {
        self.max_end_before(span.end).is_some_and(|e| e > span.start)
    }
}

#[cfg(test)]
mod cover_tests {
    use super::*;

    #[test]
    fn cover_answers_like_a_scan() {
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..200 {
            let spans: Vec<Span> = (0..next(8))
                .map(|_| {
                    let a = next(20);
                    Span::new(a, a + next(6))
                })
                .collect();
            let cover = Cover::new(spans.iter().copied());
            for a in 0..24 {
                for len in 0..6 {
                    let q = Span::new(a, a + len);
                    assert_eq!(cover.contains(q), spans.iter().any(|s| s.contains(q)), "{spans:?} {q:?}");
                    assert_eq!(
                        cover.contains_strictly(q),
                        spans.iter().any(|s| s.contains(q) && *s != q),
                        "{spans:?} {q:?}"
                    );
                    assert_eq!(cover.overlaps(q), spans.iter().any(|s| s.overlaps(q)), "{spans:?} {q:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod word_char_tests {
    use super::is_word_char;

    /// The General Punctuation shortcut answers as the definition does.
    #[test]
    fn is_word_char_is_alphanumeric_or_underscore() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || c == '_', "{c:?}");
        }
    }
}
