//! People: names found by how news introduces a person, with role and
//! affiliation from the title or appositive that introduced them.
//!
//! Candidates are runs of capitalized words in a sentence. Leading words that
//! are titles, demonyms, places or possessives ("Russian Presidential Aide
//! Andrei Fursenko") are peeled off; what is left (one to four words) is a name
//! when there is evidence for it:
//!
//! - a title before it, in the run or reached by reading left over a role
//!   phrase ("Iran’s ambassador to Russia Kazem Jalali", "the head of Pardis
//!   Technology Park, Mehdi Safarinia") — rule `person.title-then-name`;
//! - an appositive after it ("Meysam Abedi, Iran’s deputy minister of …") —
//!   `person.name-then-title`;
//! - an honorific ("Mr Putin") — `person.honorific`;
//! - a known first name and at least two words — `person.first-name`;
//! - a speech verb next to a name of two or more words — `person.speech`.
//!
//! A lone capitalized word is a person only after a title or honorific. Later
//! short forms (the surname alone) join the full name's entry:
//! `person.short-form`. Lines in all capitals are skipped: case tells nothing there.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::collections::HashSet;

use super::gazetteer::line_is_caps;
use super::places::Places;
use super::{tidy, Cover, Doc, Found, Map, OrgX, PersonX, PlaceX, RuleId, RuleNames, Set, Shapes};
use crate::rules::{RuleError, RuleSet};
use crate::swar::{alphanumeric_bits, alphanumeric_len};
use crate::Span;

pub struct People {
    titles: Words,
    modifiers: Words,
    /// Titles and modifiers: what [`People::is_title`] looks up first, in one go.
    title_words: Words,
    honorifics: Words,
    /// The words of two-word honorifics ("Datuk Seri", "Tan Sri"), first and
    /// second, each an honorific only next to the other.
    honorific_pairs: (Words, Words),
    first_names: Words,
    speech: Words,
    stop: Words,
    not_names: Words,
    particles: Words,
    /// Fields of a ministry or department, which "and" joins into one office.
    portfolios: Words,
    /// Given names that are also words or places: names only when vouched for.
    ambiguous_first_names: Words,
    /// Nouns that introduce a company ("company", "firm", "maker"): what an
    /// appositive names when it ends in one ("Novo Astro, a private company").
    descriptors: Words,
    /// Titles of people who speak for a firm ("analyst"): "of" and a name
    /// after theirs give whom they work for.
    staff_titles: Words,
    rule_title: Option<RuleId>,
    rule_appositive: Option<RuleId>,
    rule_honorific: Option<RuleId>,
    rule_first_name: Option<RuleId>,
    rule_speech: Option<RuleId>,
    rule_short: Option<RuleId>,
}

/// A set of rule words. Every token of a sentence is looked up in several of
/// these, so the hash is foldhash's rather than SipHash: the sets are fixed by
/// the rules, and a document can only make its own lookups slower, not the
/// sets. Seeded the same in every run. Entries are bytes so that a word
/// lower-cased into a stack buffer is looked up without checking again that
/// it is UTF-8.
struct Words {
    set: Set<Box<[u8]>>,
    /// The longest entry in bytes: a longer word skips the hash.
    max_len: usize,
    /// Bit `b` is set when some entry starts with byte `b`: a word starting
    /// otherwise skips the hash ("Putin" is no particle, "the" no not-name).
    first: [u64; 4],
    /// A word of a shape no entry has skips the hash, and a title is ruled
    /// out before it is lower-cased.
    shapes: Shapes,
}

impl Words {
    fn new(words: impl IntoIterator<Item = impl Into<Vec<u8>>>) -> Words {
        let set: HashSet<Box<[u8]>, _> = words.into_iter().map(|w| w.into().into_boxed_slice()).collect();
        let max_len = set.iter().map(|w| w.len()).max().unwrap_or(0);
        let mut first = [0; 4];
        for &b in set.iter().filter_map(|w| w.first()) {
            first[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        let shapes = Shapes::of(set.iter().map(|w| &w[..]));
        Words { set, max_len, first, shapes }
    }

    /// False when no entry starts with byte `b`.
    fn may_start_with(&self, b: u8) -> bool {
        self.first[usize::from(b >> 6)] >> (b & 63) & 1 == 1
    }

    /// False when `w` has a shape no entry has.
    fn shaped_like_one(&self, w: &[u8]) -> bool {
        self.shapes.may_hold(w)
    }

    /// False when `w` lower-cased cannot be an entry, told without
    /// lower-casing it (for sets read with `lower`).
    fn may_hold_lower(&self, w: &[u8]) -> bool {
        let ascii_ends = match w {
            [] => false,
            [a, rest @ ..] => {
                a.is_ascii() && rest.first().is_none_or(u8::is_ascii) && rest.last().is_none_or(u8::is_ascii)
            }
        };
        !ascii_ends || self.shaped_like_one(w)
    }

    fn contains(&self, w: &str) -> bool {
        self.contains_bytes(w.as_bytes())
    }

    fn contains_bytes(&self, w: &[u8]) -> bool {
        let first_ok = w.first().is_none_or(|&b| self.may_start_with(b));
        first_ok && w.len() <= self.max_len && self.shaped_like_one(w) && self.set.contains(w)
    }

    /// Looks `w` up lower-cased (for sets read with `lower`).
    fn contains_lower(&self, w: &str) -> bool {
        let mut buf = [0; 32];
        self.contains_bytes(&lowered(w, &mut buf))
    }
}

/// `w` lower-cased, as bytes, without allocating when it is short ASCII, as
/// most words are: one pass copies and lower-cases, and leaves for the
/// general path at the first non-ASCII byte.
fn lowered<'a>(w: &'a str, buf: &'a mut [u8; 32]) -> Cow<'a, [u8]> {
    let Some(out) = buf.get_mut(..w.len()) else {
        return Cow::Owned(w.to_lowercase().into_bytes());
    };
    for (o, &b) in out.iter_mut().zip(w.as_bytes()) {
        if !b.is_ascii() {
            return Cow::Owned(w.to_lowercase().into_bytes());
        }
        *o = b.to_ascii_lowercase();
    }
    Cow::Borrowed(out)
}

/// `w.trim_end_matches('.')`, without the general pattern search.
fn trim_periods(w: &str) -> &str {
    let n = w.bytes().rposition(|b| b != b'.').map_or(0, |p| p + 1);
    &w[..n]
}

/// How many chars the UTF-8 bytes `w` hold: every byte but continuation bytes (`0b10xxxxxx`) starts one.
fn char_count(w: &[u8]) -> usize {
    w.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

fn words_of(rules: &RuleSet, tag: &str, lower: bool) -> Vec<String> {
    rules
        .lists("people", tag)
        .flat_map(|l| l.surfaces().map(|s| if lower { s.to_lowercase() } else { s.to_string() }).collect::<Vec<_>>())
        .collect()
}

/// The strategy rule with this tag; a strategy the rule set leaves out is off.
fn rule_for(rules: &RuleSet, names: &mut RuleNames, tag: &str) -> Option<RuleId> {
    rules.strategy("people", tag).map(|r| names.intern(&r.id))
}

/// A word or punctuation token of a sentence.
#[derive(Clone, Debug)]
struct Tok {
    span: Span,
    word: bool,
    /// A capitalized word ([`is_cap`]), worked out once when tokenizing: most
    /// tokens are asked several times.
    cap: bool,
    /// A word joined over a hyphen or period ("Vice-Chancellor", "Gen."):
    /// else the word is all [`People::is_title`] looks up.
    joined: bool,
    /// What the word sets said of the token, once asked: peeling, the name
    /// checks and the role readers ask the same of the same tokens.
    title: Cell<Option<bool>>,
    not_name: Cell<Option<bool>>,
    honorific: Cell<Option<bool>>,
    /// A word of a two-word honorific with its neighbour ([`People::honorific_at`]).
    in_pair: Cell<Option<bool>>,
}

impl Tok {
    fn new(span: Span, word: bool, cap: bool, joined: bool) -> Tok {
        let unknown = || Cell::new(None);
        Tok { span, word, cap, joined, title: unknown(), not_name: unknown(), honorific: unknown(), in_pair: unknown() }
    }

    fn punct(span: Span) -> Tok {
        Tok::new(span, false, false, false)
    }
}

/// The answer kept in `known`, or `ask`'s, kept there.
fn remembered(known: &Cell<Option<bool>>, ask: impl FnOnce() -> bool) -> bool {
    if let Some(answer) = known.get() {
        return answer;
    }
    let answer = ask();
    known.set(Some(answer));
    answer
}

/// Capitalized words that start a sentence or clause, never a title ("The minister").
const FUNCTION_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "For",
    "Of",
    "And",
    "But",
    "It",
    "He",
    "She",
    "They",
    "We",
    "This",
    "That",
    "These",
    "Those",
    "Both",
    "During",
    "After",
    "Before",
    "Since",
    "Under",
    "Moreover",
    "Additionally",
    "However",
    "Today",
    "Meanwhile",
    "Also",
    "As",
    "While",
    "When",
    "Then",
];

/// Lower-cased words a role phrase may hold between its capitalized ones.
fn is_connector(lower: &[u8]) -> bool {
    matches!(lower, b"of" | b"for" | b"to" | b"the" | b"and" | b"in" | b"on" | b"at" | b"&")
}

impl People {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<People, RuleError> {
        // A multi-word title counts by its head word: the last ("Foreign
        // Minister"), or the first before "of" ("Chief of Staff"). Its other words
        // ("Foreign", "Commerce") are ordinary words elsewhere.
        let split = |set: Vec<String>| -> Words {
            Words::new(
                set.iter()
                    .filter_map(|t| {
                        let head = if t.contains(" of ") { t.split(' ').next() } else { t.split(' ').next_back() };
                        head.map(|h| h.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                    })
                    .filter(|h| h.chars().count() > 1),
            )
        };
        let titles = split(words_of(rules, "title", true));
        let modifiers = split(words_of(rules, "modifier", true));
        Ok(People {
            title_words: Words::new(titles.set.union(&modifiers.set).cloned()),
            titles,
            modifiers,
            honorific_pairs: {
                let pairs: Vec<(String, String)> = words_of(rules, "honorific", false)
                    .iter()
                    .filter_map(|h| h.split_once(' ').filter(|(_, b)| !b.contains(' ')))
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect();
                (Words::new(pairs.iter().map(|p| p.0.clone())), Words::new(pairs.iter().map(|p| p.1.clone())))
            },
            honorifics: Words::new(words_of(rules, "honorific", false)),
            first_names: Words::new(words_of(rules, "first-name", false)),
            speech: Words::new(words_of(rules, "speech-verb", true)),
            stop: Words::new(words_of(rules, "role-stop", true)),
            not_names: Words::new(words_of(rules, "not-name", false)),
            particles: Words::new(words_of(rules, "particle", false)),
            portfolios: Words::new(words_of(rules, "portfolio", true)),
            ambiguous_first_names: Words::new(words_of(rules, "first-name-ambiguous", false)),
            descriptors: Words::new(
                rules
                    .lists("organizations", "descriptor")
                    .flat_map(|l| l.surfaces().map(str::to_lowercase).collect::<Vec<_>>()),
            ),
            staff_titles: Words::new(words_of(rules, "staff-title", true)),
            rule_title: rule_for(rules, names, "title-then-name"),
            rule_appositive: rule_for(rules, names, "name-then-title"),
            rule_honorific: rule_for(rules, names, "honorific"),
            rule_first_name: rule_for(rules, names, "first-name"),
            rule_speech: rule_for(rules, names, "speech"),
            rule_short: rule_for(rules, names, "short-form"),
        })
    }

    fn is_title(&self, w: &str) -> bool {
        // "Gen." is the title "Gen"; "Vice-Chancellor" and "Co-Chair" are titles by their last part.
        let trimmed = trim_periods(w);
        let t = trimmed.as_bytes();
        // Most capitalized words are no title, and their shape tells: no need to
        // lower-case them. Lower-casing makes no hyphen, so the last part
        // after one is the lower-cased last part.
        let last_part = |at: usize| &t[at + 1..];
        if !self.title_words.may_hold_lower(t)
            && t.iter().rposition(|&b| b == b'-').is_none_or(|at| !self.titles.may_hold_lower(last_part(at)))
        {
            return false;
        }
        let mut buf = [0; 32];
        let l = lowered(trimmed, &mut buf);
        self.title_words.contains_bytes(&l)
            || l.iter().rposition(|&b| b == b'-').is_some_and(|at| {
                let last = &l[at + 1..];
                char_count(last) > 2 && self.titles.contains_bytes(last)
            })
    }

    /// [`People::is_title`] of `tok`'s text, worked out once per token.
    fn tok_is_title(&self, text: &str, tok: &Tok) -> bool {
        // Without a hyphen or period the word's shape settles most, at once.
        remembered(&tok.title, || {
            let w = &text[tok.span];
            (tok.joined || self.title_words.may_hold_lower(w.as_bytes())) && self.is_title(w)
        })
    }

    /// [`People::is_honorific`] of `tok`'s text, worked out once per token.
    fn tok_is_honorific(&self, text: &str, tok: &Tok) -> bool {
        // Most tokens start with a byte no honorific does, and so does the
        // word less its periods unless the token is periods alone.
        let first = text.as_bytes()[tok.span.start];
        (first == b'.' || self.honorifics.may_start_with(first))
            && remembered(&tok.honorific, || self.is_honorific(&text[tok.span]))
    }

    /// [`People::tok_is_honorific`] of `toks[k]`, or a word of a two-word
    /// honorific with its neighbour ("Datuk Seri", "Tan Sri"), which neither
    /// word is alone.
    fn honorific_at(&self, text: &str, toks: &[Tok], k: usize) -> bool {
        if self.tok_is_honorific(text, &toks[k]) {
            return true;
        }
        let (firsts, seconds) = &self.honorific_pairs;
        let pair = |a: usize, b: usize| {
            toks.get(b).is_some_and(|t| {
                toks[a].span.end + 1 == t.span.start && self.honorifics.contains(&text[toks[a].span.start..t.span.end])
            })
        };
        // Every word of those honorifics is capitalized.
        toks[k].cap
            && remembered(&toks[k].in_pair, || {
                let w = &text[toks[k].span];
                (k > 0 && seconds.contains(w) && pair(k - 1, k)) || (firsts.contains(w) && pair(k, k + 1))
            })
    }

    /// `tok`'s text, less a possessive, is a word never in a name; worked out once per token.
    fn tok_not_name(&self, text: &str, tok: &Tok) -> bool {
        // A token is a word, which starts with a letter or digit, or one char:
        // never a bare "’s", so its first byte is the stripped word's.
        self.not_names.may_start_with(text.as_bytes()[tok.span.start])
            && remembered(&tok.not_name, || self.not_names.contains(strip_possessive(&text[tok.span])))
    }

    fn is_honorific(&self, w: &str) -> bool {
        // Trimmed only when there is a period to trim: most words have none.
        self.honorifics.contains(w) || (w.ends_with('.') && self.honorifics.contains(trim_periods(w)))
    }

    pub fn extract(&self, doc: &Doc<'_>, orgs: &[OrgX], places: &[PlaceX], gaz: &Places) -> Vec<PersonX> {
        let text = doc.text;
        let org_spans = || orgs.iter().flat_map(|o| o.mentions.iter().map(|f| f.span));
        let place_spans = |city: bool| {
            places.iter().filter(move |p| p.may_be_surname() == city).flat_map(|p| p.mentions.iter().map(|f| f.span))
        };
        // Every organization and place mention, for peeling and short forms,
        // in two parts: a city's or region's name is also a surname
        // ("Governor Ade Bello", "William Rhodes").
        // Collected at their full size first (and the organizations' sorted by
        // end too): growing them one push at a time was half of what building
        // the covers cost.
        let sized = |spans: &mut dyn Iterator<Item = Span>, n: usize| {
            let mut v = Vec::with_capacity(n);
            v.extend(spans);
            v
        };
        let org_count: usize = orgs.iter().map(|o| o.mentions.len()).sum();
        let place_count = |city: bool| -> usize {
            places.iter().filter(|p| p.may_be_surname() == city).map(|p| p.mentions.len()).sum()
        };
        let taken = Taken {
            hard: Cover::new(sized(&mut org_spans().chain(place_spans(false)), org_count + place_count(false))),
            cities: Cover::new(sized(&mut place_spans(true), place_count(true))),
            orgs: {
                let mut v = sized(&mut org_spans(), org_count);
                v.sort_unstable_by_key(|sp| (sp.end, sp.start));
                v
            },
        };
        let mut found = Roster::default();
        // One buffer for every sentence's tokens: growing a fresh one per
        // sentence cost as much as the tokenizing.
        // Room for the longest sentence's tokens up front (rarely more than one
        // per two bytes), rather than growing it a few times in every document.
        let longest = doc.sentences.spans().iter().map(Span::len).max().unwrap_or(0);
        let mut toks: Vec<Tok> = Vec::with_capacity(longest / 2);
        for &sent in doc.sentences.spans() {
            if self.names_nothing(text, sent, &doc.capitals)
                || (!starts_lower_case(text, sent) && line_is_caps(text, sent))
            {
                continue;
            }
            self.sentence(doc, sent, &mut toks, &taken, gaz, &mut found);
        }
        let Roster { people: mut out, by_name, .. } = found;
        self.short_forms(doc, &taken, &mut out, &by_name);
        out.retain(|p| !self.names_a_company(p, orgs));
        for p in &mut out {
            tidy(&mut p.mentions);
        }
        out.sort_by_key(|p| p.mentions[0].span.start);
        out
    }

    /// True when what was read as a person is a company: the first words of
    /// a company's name in the story, with no title ("Computer Terminal said",
    /// after "Computer Terminal Systems Inc"), or described as one ("Novo
    /// Astro, a private company").
    fn names_a_company(&self, p: &PersonX, orgs: &[OrgX]) -> bool {
        let Some(role) = &p.role else {
            return orgs.iter().any(|o| super::orgs::first_words_of(&o.name, &p.name));
        };
        // A role of one noun phrase ending in a descriptor noun.
        let words: Vec<&str> = role.split(' ').collect();
        words.len() <= 3
            && words.last().is_some_and(|w| self.descriptors.contains_lower(w))
            && words.iter().all(|w| !matches!(*w, "of" | "at" | "for" | "in" | "to" | "with" | "and"))
    }

    /// True when the sentence `sent` can name no one, told without
    /// tokenizing it: its only capital, if any, is in its first word, and
    /// that word is no first name. `capitals` are the text's
    /// ([`Doc::capitals`]). A fifth of sentences ("He said the talks were
    /// useful.") are no more, and tokenizing them was a tenth of the work.
    ///
    /// A capitalized word holds an upper-case char (its first, or the one
    /// after "al-"). With none past the first run of ASCII letters and
    /// digits, which only the first token can hold, the first token is the
    /// only capitalized one, and so a lone word at the sentence's start: no
    /// title or honorific before it, and no second word for the other
    /// strategies, so it is a name only before an appositive and only as a
    /// first name ([`People::candidate_run`]'s `role_right`).
    fn names_nothing(&self, text: &str, sent: Span, capitals: &[usize]) -> bool {
        let bytes = &text.as_bytes()[sent.start..sent.end];
        let run = alphanumeric_len(bytes);
        let from = capitals.partition_point(|&at| at < sent.start + run);
        let upper_later = capitals[from..]
            .iter()
            .take_while(|&&at| at < sent.end)
            .any(|&at| text.as_bytes()[at].is_ascii() || text[at..].chars().next().is_some_and(char::is_uppercase));
        if upper_later {
            return false;
        }
        // A first byte that is a lower-case letter or digit starts no
        // capitalized word ("al-Sisi" has its capital past the run).
        if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
            return true;
        }
        // The first token is the run unless the tokenizer joins it on over
        // what follows; a word of ASCII letters holds no possessive.
        let first_is_run = bytes.get(run).is_none_or(|&d| d.is_ascii() && !matches!(d, b'\'' | b'-' | b'.'));
        first_is_run && !self.first_names.contains(&text[sent.start..sent.start + run])
    }

    /// Finds the names of the sentence `sent` into `out`; `toks` is a buffer
    /// for its tokens.
    fn sentence(&self, doc: &Doc<'_>, sent: Span, toks: &mut Vec<Tok>, taken: &Taken, gaz: &Places, out: &mut Roster) {
        self.sentence_to(doc, sent, names_end(doc.text, sent, &doc.capitals), toks, taken, gaz, out);
    }

    /// [`People::sentence`], with the tokens past `cut` (a place [`names_end`]
    /// may give) made only if [`People::role_right`] reads there.
    #[allow(clippy::too_many_arguments)]
    fn sentence_to(
        &self,
        doc: &Doc<'_>,
        sent: Span,
        cut: usize,
        toks: &mut Vec<Tok>,
        taken: &Taken,
        gaz: &Places,
        out: &mut Roster,
    ) {
        let text = doc.text;
        tokenize(text, Span::new(sent.start, cut), toks);
        let tail = Tail { rest: Span::new(cut, sent.end), all: OnceCell::new() };
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].cap {
                i += 1;
                continue;
            }
            // A name may hold particles ("bin", "da", "van", "von der") and
            // end in a regnal number ("Mohammed VI").
            let mut j = i;
            while j < toks.len() {
                // The set is asked last: most tokens are settled before it.
                let is_particle = |k: usize| self.particles.contains(&text[toks[k].span]);
                let particle = || {
                    j > i
                        && j + 1 < toks.len()
                        && (toks[j + 1].cap || (j + 2 < toks.len() && toks[j + 2].cap && is_particle(j + 1)))
                        && is_particle(j)
                };
                if toks[j].cap || particle() {
                    j += 1;
                } else {
                    break;
                }
            }
            self.candidate(doc, toks, &tail, i, j, taken, gaz, out);
            i = j;
        }
    }

    /// Looks at the run of capitalized tokens `toks[i..j]`.
    #[allow(clippy::too_many_arguments)]
    fn candidate(
        &self,
        doc: &Doc<'_>,
        toks: &[Tok],
        tail: &Tail,
        i: usize,
        j: usize,
        taken: &Taken,
        gaz: &Places,
        out: &mut Roster,
    ) {
        let text = doc.text;
        // Most runs are a lone word ("The", "Tehran"): its neighbours settle it
        // before anything else is asked.
        if j == i + 1 && !self.lone_word_may_name(text, toks, i) {
            return;
        }
        // A run inside one organization's or place's name ("Pardis Technology
        // Park"), as a third of those left are: every word of it is peeled off
        // as taken, and nothing is left to name. One lookup for the run, where
        // peeling asked for each word what else it might be first.
        if taken.contains(Span::new(toks[i].span.start, toks[j - 1].span.end)) {
            return;
        }
        self.candidate_run(doc, toks, tail, i, j, taken, gaz, out);
    }

    /// False when the lone capitalized word `toks[i]` cannot be a name: one
    /// word is a name only right after a title (`role_left` and its
    /// `after_title`) or an honorific, or before an appositive (what
    /// `role_right` reads first); the other strategies want two words.
    fn lone_word_may_name(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        // Bytes: asked of most capitalized words, and a `str` slice checks its
        // char boundaries again.
        let tok = |k: usize| toks.get(k).map(|t| &text.as_bytes()[t.span.start..t.span.end]);
        let appositive =
            matches!((tok(i + 1), tok(i + 2)), (Some(b","), _) | (Some(b"is" | b"was"), Some(b"the" | b"a" | b"an")));
        // The title must be capitalized (`after_title` in `candidate_run`): most
        // words before a capitalized one are not, and need no lookup.
        appositive
            || (i > 0
                && ((toks[i - 1].cap && self.tok_is_title(text, &toks[i - 1])) || self.honorific_at(text, toks, i - 1)))
    }

    /// [`People::candidate`] past its shortcut.
    #[allow(clippy::too_many_arguments)]
    fn candidate_run(
        &self,
        doc: &Doc<'_>,
        toks: &[Tok],
        tail: &Tail,
        i: usize,
        j: usize,
        taken: &Taken,
        gaz: &Places,
        out: &mut Roster,
    ) {
        let text = doc.text;
        let w = |k: usize| strip_possessive(&text[toks[k].span]);
        // Peel titles, demonyms, places and possessives off the front, up to the
        // last title word ("Prime Minister Narendra Modi", "Russian Presidential
        // Aide Andrei Fursenko").
        let peelable = |k: usize| {
            let t = &text[toks[k].span];
            self.tok_is_title(text, &toks[k])
                || gaz.country_of(strip_possessive(t)).is_some()
                || t.ends_with("’s")
                || t.ends_with("'s")
                || taken.contains(toks[k].span)
                || self.honorific_at(text, toks, k)
                // The end of a role in capitals ("… and Co-operative Development Wasantha Samarasinghe").
                || self.tok_not_name(text, &toks[k])
                // "Minister of Defence Boris Pistorius".
                || (toks[k].cap && self.portfolios.may_hold_lower(t.as_bytes()) && self.portfolios.contains_lower(t))
        };
        let mut s = i;
        loop {
            while s < j && peelable(s) {
                s += 1;
            }
            // Two-word countries and demonyms ("Sri Lankan leader", "New Zealand's").
            let pair = (s + 1 < j).then(|| strip_possessive(&text[toks[s].span.start..toks[s + 1].span.end]));
            if pair.is_some_and(|p| gaz.country_of(p).is_some()) {
                s += 2;
            } else {
                break;
            }
        }
        // toks[s] stopped the peeling (when s < j), so it is no title.
        if let Some(last_title) = (s + 1..j).rev().find(|&k| self.tok_is_title(text, &toks[k])) {
            if last_title + 1 < j {
                s = last_title + 1;
            }
        }
        // Words never in a name end what comes before them ("Co-operative Development Wasantha …").
        if let Some(last) = (s..j).rev().find(|&k| self.tok_not_name(text, &toks[k])) {
            if last + 1 < j {
                s = last + 1;
            }
        }
        while s + 1 < j && self.honorific_at(text, toks, s) {
            s += 1;
        }
        let mut e = j;
        // A possessive ends a name: "Jalali’s remarks".
        if let Some(k) = (s..j).find(|&k| text[toks[k].span].ends_with("’s") || text[toks[k].span].ends_with("'s")) {
            e = k + 1;
        }
        // Particles do not count towards a name's length, capitalized or not
        // ("Mohammed Bin Hamad Bin Qassim Al Thani"), but the first word.
        let is_particle = |k: usize| {
            let w = &text[toks[k].span];
            self.particles.contains(w) || (k > s && self.particles.contains(&w.to_lowercase()))
        };
        if s >= e || (e - s > 4 && e - s - (s..e).filter(|&k| is_particle(k)).count() > 4) {
            return;
        }
        let name = strip_possessive(&text[Span::new(toks[s].span.start, toks[e - 1].span.end)]);
        let name_span = Span::new(toks[s].span.start, toks[s].span.start + name.len());
        let name = crate::text::squeeze_spaces(name);
        let first_word = toks[s].span;
        // A city's name may be a given name after a title or a country's
        // possessive ("Paraguay's Santiago Peña"), followed by a surname.
        let given_name_city = s > i && e - s >= 2 && self.first_names.contains(&text[first_word]);
        if taken.hard.overlaps(name_span) || (taken.cities.overlaps(first_word) && !given_name_city) {
            return;
        }
        let surname_is_city = taken.cities.overlaps(name_span);
        // "Mr. Lorenzo ANGELONI": a surname in capitals after an honorific and a
        // known first name, as protocol lists write them.
        let caps_surname = |k: usize| {
            let t = w(k);
            t.chars().count() >= 4
                && t.chars().all(|c| c.is_uppercase() || c == '-')
                && self.first_names.contains(w(s))
                && s > 0
                && self.honorific_at(text, toks, s - 1)
        };
        // Acronym-shaped words ("MOUs", "ICT"), plural titles ("Chancellors")
        // and words with digits ("Virgin Media O2") are never names.
        if (s..e).any(|k| {
            let t = w(k);
            if t.bytes().any(|b| b.is_ascii_digit()) {
                return true;
            }
            // `t` is the token's text unless a possessive came off.
            let title =
                || if t.len() == toks[k].span.len() { self.tok_is_title(text, &toks[k]) } else { self.is_title(t) };
            self.tok_not_name(text, &toks[k])
                || title()
                // Without its "s" only when it has one: else the line above asked already.
                || t.strip_suffix('s').is_some_and(|one| self.is_title(one))
                || (acronym_shaped(t) && !(k + 1 == e && k > s && (is_roman(t) || caps_surname(k))))
        }) {
            return;
        }
        // "Minister of Communications and Information Technology": a capitalized
        // run right after "of"/"for"/"the", or after "Capitalized and", continues
        // a role or a name; it is a person only with a first name to show for it.
        let words = e - s;
        if s > 0 {
            let mut buf = [0; 32];
            let prev = lowered(&text[toks[s - 1].span], &mut buf);
            let after_cap_and = matches!(&prev[..], b"and" | b"&")
                && s > 1
                && toks[s - 2].cap
                && out.owner(toks[s - 2].span, toks[0].span.start).is_none();
            let first_named = words >= 2 && self.first_names.contains(w(s));
            if matches!(&prev[..], b"of" | b"for" | b"the") || (after_cap_and && !first_named) {
                return;
            }
        }
        let honorific = s > 0 && self.honorific_at(text, toks, s - 1);
        // A single word is a name only right after its title ("President Raisi").
        // A single word is a name only right after a capitalized title ("President
        // Raisi"), not after a modifier ("the first European country").
        let capitalized_title = |k: usize| {
            let prev = &text[toks[k].span];
            self.tok_is_title(text, &toks[k])
                && !self.modifiers.contains_lower(prev)
                && prev.chars().next().is_some_and(char::is_uppercase)
        };
        // Or after a title and honorifics ("Prime Minister Sheikh Hasina"),
        // which `role_left` crosses.
        let after_title = s > 0 && {
            let (mut k, mut crossed) = (s - 1, 0);
            while crossed < 2 && k > 0 && self.honorific_at(text, toks, k) && !capitalized_title(k) {
                k -= 1;
                crossed += 1;
            }
            capitalized_title(k)
        };
        // Read left only where a role found there would count.
        let role_left = self.rule_title.filter(|_| words >= 2 || after_title).and_then(|_| {
            self.represented_by(text, toks, s, &taken.orgs).or_else(|| self.role_left(text, toks, s, gaz, taken, out))
        });
        // A city as the last word is a surname only right after a title, or
        // after a given name that is no other word ("said Scott Sheffield",
        // "He succeeds Anne Toulouse").
        let titled = role_left.is_some() && s > 0 && self.tok_is_title(text, &toks[s - 1]);
        if surname_is_city && !titled && !(words >= 2 && self.first_names.contains(w(s))) {
            return;
        }
        let role_left = role_left.map(|(role, aff)| {
            let titled = s > 0 && self.tok_is_title(text, &toks[s - 1]);
            match self.role_of_after(text, toks, e).filter(|_| titled) {
                // "Analyst Robert Gordon of Shearson Lehman Brothers Inc": the
                // company is where the analyst works, not part of the title.
                Some((of, of_end)) => match taken.orgs.iter().find(|o| o.start == toks[e + 1].span.start) {
                    Some(org) => (role, Some(text[*org].to_string())),
                    // "Analyst Rosa Marin of Ingalls and Snyder": a firm the
                    // organizations' rules do not know is still the employer.
                    None if self.staff_titles.contains_lower(&text[toks[s - 1].span]) => {
                        let firm = self.partnership_end(text, toks, e + 1, of_end);
                        (role, aff.or_else(|| Some(text[firm].to_string())))
                    }
                    None => (format!("{role} {}", &text[of]), aff),
                },
                None => (role, aff),
            }
        });
        // A sentence-initial word alone is never a name: it is capitalized anyway.
        // A rank's abbreviation alone ("Lt. Gen. Mark Hale, commander of the
        // U.S. Army Pacific") says less than the appositive after the name.
        let rank_only = role_left.as_ref().is_some_and(|(r, _)| r.split(' ').all(|w| w.ends_with('.')));
        let role_right = if (role_left.is_none() || rank_only)
            && self.rule_appositive.is_some()
            && (words >= 2 || self.first_names.contains(w(s)))
        {
            self.role_right(text, toks, tail, e, gaz)
        } else {
            None
        };
        let role_left = if rank_only && role_right.is_some() { None } else { role_left };
        // An ambiguous given name counts after a country's possessive or an
        // honorific peeled off the run ("Paraguay's Santiago Peña").
        let vouched = s > i && {
            let before = &text[toks[s - 1].span];
            before != strip_possessive(before) || self.honorific_at(text, toks, s - 1)
        };
        let first_name =
            words >= 2 && (self.first_names.contains(w(s)) || (vouched && self.ambiguous_first_names.contains(w(s))));
        let speech = words >= 2
            && ((e < toks.len() && self.speech.contains_lower(&text[toks[e].span]))
                || (s > 0 && self.speech.contains_lower(&text[toks[s - 1].span])));
        let chosen = [
            (self.rule_title, role_left),
            (self.rule_appositive, role_right),
            (self.rule_honorific.filter(|_| honorific), None),
            (self.rule_first_name.filter(|_| first_name), None),
            (self.rule_speech.filter(|_| speech), None),
        ]
        .into_iter()
        .find(|(rule, role)| {
            rule.is_some()
                && (role.is_some() || !matches!(rule, r if *r == self.rule_title || *r == self.rule_appositive))
        });
        let Some((Some(rule), role)) = chosen else {
            return;
        };
        let found = Found { span: name_span, rule };
        let (role, affiliation) = match role {
            Some((r, a)) => (Some(r), a),
            None => (None, None),
        };
        out.add(&name, found, role, affiliation);
    }

    /// Reads left from the name at token `s` for a role phrase ending at it.
    fn role_left(
        &self,
        text: &str,
        toks: &[Tok],
        s: usize,
        gaz: &Places,
        taken: &Taken,
        people: &Roster,
    ) -> Option<(String, Option<String>)> {
        let mut k = s;
        // Skip honorifics and one comma between role and name ("…Innovation,
        // Meysam Abedi", "the Acting Vice-Chancellor, Dr Esther Williams", "the
        // Ambassador …, His Excellency, Mr Yuval Rotem").
        // Honorifics are crossed only when a comma sets them off from the role:
        // in "… Finance and Mr. Chen Chen" the role before "and" is another's.
        let skip_honorifics = |mut k: usize| {
            while k > 0 && (self.honorific_at(text, toks, k - 1) || matches!(&text[toks[k - 1].span], "His" | "Her")) {
                k -= 1;
            }
            k
        };
        // "Prime Minister Shri Narendra Modi": a title right before the
        // honorifics, or before one of them when the title's own last word is
        // one ("Crown Prince Sheikh Mohamed": "Prince" is both).
        let mut j = k;
        while j > 0 && self.honorific_at(text, toks, j - 1) {
            j -= 1;
            if j > 0 && self.tok_is_title(text, &toks[j - 1]) {
                k = j;
                break;
            }
        }
        for _ in 0..2 {
            let h = skip_honorifics(k);
            if h > 0 && &text[toks[h - 1].span] == "," {
                k = h - 1;
            } else {
                break;
            }
        }
        let end = k;
        // Nearest title word to the left, crossing only role-like words.
        let mut title_at = None;
        let mut steps = 0;
        while k > 0 && steps < 20 {
            if self.tok_is_title(text, &toks[k - 1]) {
                // A title word in a body's name ("General Dynamics Electric
                // Boat") introduces nobody.
                if taken.hard.contains(toks[k - 1].span) {
                    return None;
                }
                title_at = Some(k - 1);
                break;
            }
            let t = &text[toks[k - 1].span];
            // "X, Minister of State for Foreign Trade, and Lee Kinyanjui": a
            // role closed by a comma before "and" was another's.
            if t == "and" && k >= 2 && &text[toks[k - 2].span] == "," {
                return None;
            }
            // "(CEO)" after "Chief Executive Officer" is part of the role.
            let bracket = match t {
                ")" => k >= 2 && acronym_shaped(&text[toks[k - 2].span]),
                "(" => k < toks.len() && acronym_shaped(&text[toks[k].span]),
                _ => false,
            };
            // Lower-cased only past the cheaper tests, and compared by a
            // `match` rather than one slice comparison per connector.
            let allowed = t == "," || bracket || {
                let mut buf = [0; 32];
                let lower = lowered(t, &mut buf);
                is_connector(&lower)
                    || (toks[k - 1].word
                        && !self.stop.contains_bytes(&lower)
                        && !t.ends_with("’s")
                        && !t.ends_with("'s"))
            };
            // Crossing another person's name ("Putin and Raisi") ends the search;
            // a first name inside an organization's name ("Park") does not.
            let other_name = (self.first_names.contains(t) && !taken.contains(toks[k - 1].span))
                || self.honorific_at(text, toks, k - 1);
            if !allowed || other_name {
                return None;
            }
            k -= 1;
            steps += 1;
        }
        let title_at = title_at?;
        let mut start = title_at;
        // "Saudi Arabian Oil Minister": the country of the two words before
        // `start`, a demonym or a country's name.
        let pair = |start: usize| {
            (start > 1 && toks[start - 2].cap)
                .then(|| strip_possessive(&text[toks[start - 2].span.start..toks[start - 1].span.end]))
                .and_then(|p| gaz.country_of(p))
        };
        // Extend left over modifiers and capitalized words ("deputy ICT Minister"),
        // and over an acronym in brackets ("Chief Executive Officer (CEO)").
        while start > 0 {
            let t = &text[toks[start - 1].span];
            if t == "(" && start > 1 && toks.get(start + 1).is_some_and(|x| &text[x.span] == ")") {
                start -= 1;
                continue;
            }
            // "chief trade negotiator", "deputy foreign minister": a word in
            // lower case between a modifier or title and the title; after a
            // country's adjective, the affiliation ("Canadian trade negotiator").
            let inner = start > 1 && !toks[start - 1].cap && toks[start - 1].word && self.office_word(t);
            if inner && self.tok_is_title(text, &toks[start - 2]) {
                start -= 2;
                continue;
            }
            if inner && toks[start - 2].cap && gaz.country_of(strip_possessive(&text[toks[start - 2].span])).is_some() {
                start -= 1;
                continue;
            }
            // After a body's name, whom the person works for ("EU trade chief").
            if inner && toks[start - 2].cap && taken.org_ending_at(toks[start - 2].span.end).is_some() {
                start -= 1;
                continue;
            }
            // "Special Assistant to the President": an office held to another.
            if t == "the"
                && start > 2
                && &text[toks[start - 2].span] == "to"
                && self.tok_is_title(text, &toks[start - 3])
            {
                start -= 3;
                continue;
            }
            if t == "to" && start > 1 && self.tok_is_title(text, &toks[start - 2]) {
                start -= 2;
                continue;
            }
            // Two portfolios make one office: "Commerce and Industry Minister".
            if matches!(t, "and" | "&")
                && start > 1
                && toks[start - 2].cap
                && self.portfolios.contains_lower(&text[toks[start - 2].span])
            {
                start -= 2;
                continue;
            }
            // Two offices of one person: "chairman and chief executive",
            // "Altair founder and CEO"; not "the King and Crown Prince", which
            // may be two people.
            if matches!(t, "and" | "&") && start > 1 && self.tok_is_title(text, &toks[start - 2]) {
                let left = &toks[start - 2];
                let before = (start > 2).then(|| &toks[start - 3]);
                let company = before
                    .is_some_and(|b| b.cap && !FUNCTION_WORDS.contains(&&text[b.span]) && !self.tok_is_title(text, b));
                if !left.cap || company {
                    start -= 2;
                    continue;
                }
            }
            // A two-word demonym is the affiliation, not part of the role.
            if pair(start).is_some() {
                break;
            }
            if self.tok_is_title(text, &toks[start - 1])
                || (toks[start - 1].cap
                    && gaz.country_of(t).is_none()
                    && !FUNCTION_WORDS.contains(&t)
                    && !self.honorific_at(text, toks, start - 1)
                    && !t.ends_with("’s")
                    && !t.ends_with("'s"))
            {
                start -= 1;
            } else {
                break;
            }
        }
        let mut affiliation = None;
        if start > 0 {
            let tok = toks[start - 1].span;
            let t = strip_possessive(&text[tok]);
            affiliation = pair(start).or_else(|| gaz.country_of(t)).map(str::to_string);
            // "Nvidia's chief executive, Jensen Huang": a body's possessive.
            if affiliation.is_none() && t.len() < tok.len() {
                affiliation = taken.org_ending_at(tok.start + t.len()).map(|org| text[org].to_string());
            }
        }
        // "Siemens Chief Executive Roland Busch": a body named before the
        // title is whom the person works for. It stays in the role too, as
        // the article words it.
        let title_start = toks[title_at].span.start;
        let from = toks[start].span.start;
        let first = taken.orgs.partition_point(|sp| sp.end <= from);
        if let Some(org) = taken.orgs[first..].iter().take_while(|sp| sp.end < title_start).find(|sp| sp.start == from)
        {
            affiliation = affiliation.or_else(|| Some(text[*org].to_string()));
        }
        let role = Span::new(toks[start].span.start, toks[end - 1].span.end);
        // "Tengku Muhammad Taufik, head of Petronas, Jeff Miller, head of
        // Halliburton": a role between commas that the person named right
        // before it took as theirs is not the next one's too. (In "Kazem
        // Jalali, Deputy Minister of ..., Meysam Abedi", Jalali's role was
        // another, and this one is Abedi's.)
        let set_off = end < s && &text[toks[end].span] == ",";
        if set_off && start > 1 && &text[toks[start - 1].span] == "," {
            let before = toks[start - 2].span;
            let owner = people.owner(before, toks[0].span.start);
            if owner.is_some_and(|p| p.role.as_deref() == Some(&text[role])) {
                return None;
            }
        }
        let (role, aff) = split_affiliation(&text[role], gaz);
        Some((role, affiliation.or(aff)))
    }

    /// A word in lower case that can stand inside an office ("trade" in
    /// "chief trade negotiator"): no role-ending word, article, connector or
    /// possessive pronoun.
    fn office_word(&self, t: &str) -> bool {
        !self.stop.contains_lower(t)
            && !matches!(t, "and" | "or" | "of" | "the" | "a" | "an" | "to" | "for" | "in" | "on" | "at")
            && !matches!(t, "his" | "her" | "its" | "their")
    }

    /// Reads right from the name ending at token `e` for ", (the|Iran’s) title …".
    /// `toks` may stop short of the sentence's end, where `tail` goes on.
    fn role_right(
        &self,
        text: &str,
        toks: &[Tok],
        tail: &Tail,
        e: usize,
        gaz: &Places,
    ) -> Option<(String, Option<String>)> {
        let tok = |k: usize| toks.get(k).map(|t| &text[t.span]);
        // ", the deputy minister …", " is the chief analyst …", or "named Name
        // as chief executive": a title must follow within a few words.
        let mut k = match (tok(e), tok(e + 1)) {
            (Some(","), _) => e + 1,
            (Some("is" | "was"), Some("the" | "a" | "an")) => e + 1,
            (Some("as"), _) => e + 1,
            _ => return None,
        };
        // The role may run on past the tokens the names needed.
        let toks = tail.all(text, toks);
        // "Roger Wicker, R-Miss., chairman of …": a US party and state tag
        // between two commas comes before the role.
        let party_tag = |t: &str| {
            let b = t.as_bytes();
            b.len() > 2 && matches!(b[0], b'R' | b'D' | b'I') && b[1] == b'-' && b[2].is_ascii_uppercase()
        };
        // "Dana Kovac, 54, chairman of …": an age between commas too.
        let age = |t: &str| (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        if toks.get(k).is_some_and(|t| age(&text[t.span])) && toks.get(k + 1).is_some_and(|t| &text[t.span] == ",") {
            k += 2;
        }
        if toks.get(k).is_some_and(|t| party_tag(&text[t.span])) {
            // The tag's period may be a token of its own ("R-Miss" ".").
            let after = k + 1 + usize::from(toks.get(k + 1).is_some_and(|t| &text[t.span] == "."));
            if toks.get(after).is_some_and(|t| &text[t.span] == ",") {
                k = after + 1;
            }
        }
        let mut affiliation = None;
        while k < toks.len() && k < e + 4 {
            let t = &text[toks[k].span];
            let mut buf = [0; 32];
            // "Wael Sawan, its chief executive": a possessive pronoun as an article.
            if matches!(&lowered(t, &mut buf)[..], b"a" | b"an" | b"the" | b"its" | b"his" | b"her" | b"their") {
                k += 1;
            } else if let Some(c) = gaz.country_of(strip_possessive(t)) {
                affiliation = Some(c.to_string());
                k += 1;
            } else if t != strip_possessive(t) && t.chars().next().is_some_and(char::is_lowercase) {
                // "the country’s deputy prime minister"
                k += 1;
            } else {
                break;
            }
        }
        // A title may follow one or two words of its own ("Country Director",
        // "Managing Director", "national security adviser").
        let start_at = (k..(k + 3).min(toks.len())).find(|&x| self.tok_is_title(text, &toks[x]))?;
        if (k..start_at).any(|x| {
            let t = &text[toks[x].span];
            !toks[x].word || self.stop.contains_lower(t) || self.first_names.contains(t)
        }) {
            return None;
        }
        let start = k;
        let mut end = k;
        let mut segments = 0;
        while end < toks.len() {
            let t = &text[toks[end].span];
            if t == "," {
                // Continue over ", communications and mass media," but not ", and Name".
                let seg_end = (end + 1..toks.len()).find(|&x| !toks[x].word).unwrap_or(toks.len());
                let seg: Vec<&str> = (end + 1..seg_end).map(|x| &text[toks[x].span]).collect();
                let continues = segments == 0
                    && seg.len() <= 8
                    && seg.contains(&"and")
                    && seg.first().is_some_and(|f| *f != "and" && *f != "or")
                    && seg.iter().all(|w| !self.stop.contains_lower(w) && !self.first_names.contains(w));
                if continues {
                    segments += 1;
                    end = seg_end;
                    continue;
                }
                break;
            }
            if !toks[end].word || self.stop.contains_lower(t) || self.honorific_at(text, toks, end) {
                break;
            }
            end += 1;
        }
        if end == start {
            return None;
        }
        let role = Span::new(toks[start].span.start, toks[end - 1].span.end);
        let (role, aff) = split_affiliation(&text[role], gaz);
        Some((role, affiliation.or(aff)))
    }

    /// "the X Association, represented by Name": the name represents the body.
    /// `orgs`: organization mentions sorted by end.
    fn represented_by(&self, text: &str, toks: &[Tok], s: usize, orgs: &[Span]) -> Option<(String, Option<String>)> {
        if s < 4 || &text[toks[s - 1].span] != "by" || &text[toks[s - 2].span] != "represented" {
            return None;
        }
        let before = if &text[toks[s - 3].span] == "," { s - 4 } else { s - 3 };
        let end = toks[before].span.end;
        let i = orgs.partition_point(|sp| sp.end < end);
        let org = orgs.get(i).filter(|sp| sp.end == end)?;
        Some((format!("representative of the {}", &text[*org]), Some(text[*org].to_string())))
    }

    /// The run of capitals `toks[from..to]`, with the names joined to it by
    /// "and" or "&" ("Ingalls and Snyder").
    fn partnership_end(&self, text: &str, toks: &[Tok], from: usize, to: usize) -> Span {
        let mut end = toks[to - 1].span.end;
        let mut k = to;
        while k + 1 < toks.len() && matches!(&text[toks[k].span], "and" | "&") && toks[k + 1].cap {
            k += 1;
            while k < toks.len() && toks[k].cap && !self.honorific_at(text, toks, k) {
                end = toks[k].span.end;
                k += 1;
            }
        }
        Span::new(toks[from].span.start, end)
    }

    /// "Governor Dave Umahi of Ebonyi State": an "of" phrase right after a name
    /// that followed its title completes the title. The phrase, and the index
    /// of the token after it.
    fn role_of_after(&self, text: &str, toks: &[Tok], e: usize) -> Option<(Span, usize)> {
        if toks.get(e).map(|t| &text[t.span]) != Some("of") {
            return None;
        }
        let mut end = e + 1;
        while end < toks.len() && toks[end].cap && !self.honorific_at(text, toks, end) {
            end += 1;
        }
        (end > e + 1 && end - e <= 5).then(|| (Span::new(toks[e].span.start, toks[end - 1].span.end), end))
    }

    /// Adds the surname alone ("Abedi said") to the full name's mentions,
    /// and joins a person named by the surname alone to the full name.
    /// `by_name`: each person's index in `out` ([`Roster::by_name`]).
    fn short_forms(&self, doc: &Doc<'_>, taken: &Taken, out: &mut Vec<PersonX>, by_name: &Map<String, usize>) {
        if self.rule_short.is_some() {
            let by_surname = self.find_short_forms(doc, taken, out);
            join_surnames(out, by_name, &by_surname);
        }
    }

    /// The search of [`People::short_forms`]; returns the surnames it
    /// searched for ([`surnames`]), which the search leaves as they were.
    fn find_short_forms(&self, doc: &Doc<'_>, taken: &Taken, out: &mut [PersonX]) -> Vec<(String, usize)> {
        let by_surname = surnames(out);
        let Some(rule_short) = self.rule_short else {
            return by_surname;
        };
        let text = doc.text;
        // Nor inside another person's name ("Lee" in "Lee Jae-yong").
        let named = Cover::new(out.iter().flat_map(|p| p.mentions.iter().map(|f| f.span)));
        let mut add = |i: usize, span: Span| {
            if !super::whole_word(text, span) || taken.overlaps(span) {
                return;
            }
            if out[i].mentions.iter().any(|f| f.span.overlaps(span)) || named.overlaps(span) {
                return;
            }
            out[i].mentions.push(Found { span, rule: rule_short });
        };
        // Matches of a surname that cannot overlap itself are every place its
        // first byte starts it. Most surnames start with a capital or a char
        // past ASCII, and every such byte of the text is one of the document's
        // `capitals`, a few per line: those are tried there. For the others
        // one scan for up to three first bytes at once finds them, where a
        // substring search per surname cost more (most documents name fewer
        // than four people). One that can overlap itself is searched on its
        // own, as its matches are found without overlaps.
        let bytes = text.as_bytes();
        let mut by_first: Vec<(u8, &[u8], usize)> = Vec::with_capacity(by_surname.len());
        let mut by_capital: Vec<(u8, &[u8], usize)> = Vec::with_capacity(by_surname.len());
        for (surname, i) in &by_surname {
            let w = surname.as_bytes();
            if overlaps_itself(w) {
                for at in memchr::memmem::find_iter(bytes, w) {
                    add(*i, Span::new(at, at + w.len()));
                }
            } else if w[0].is_ascii_uppercase() || w[0] >= 0xc0 {
                by_capital.push((w[0], w, *i));
            } else {
                by_first.push((w[0], w, *i));
            }
        }
        // A text naming hundreds of people (a list, a directory) would
        // compare each capital with hundreds of surnames: one automaton pass
        // finds every occurrence of all of them instead. None overlaps
        // itself, so each one's occurrences are those found one by one.
        if by_capital.len() + by_first.len() > MANY_SURNAMES {
            let all: Vec<(&[u8], usize)> = by_capital.iter().chain(&by_first).map(|&(_, w, i)| (w, i)).collect();
            let built = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(all.iter().map(|&(w, _)| w));
            if let Ok(ac) = built {
                for m in ac.find_overlapping_iter(bytes) {
                    add(all[m.pattern().as_usize()].1, Span::new(m.start(), m.end()));
                }
                return by_surname;
            }
        }
        if !by_capital.is_empty() {
            // Most capitals start no surname: their byte alone tells.
            let mut starts_one = [false; 256];
            for &(first, _, _) in &by_capital {
                starts_one[usize::from(first)] = true;
            }
            for &at in doc.capitals.iter().filter(|&&at| starts_one[usize::from(bytes[at])]) {
                for &(first, w, i) in &by_capital {
                    if first == bytes[at] && bytes[at..].starts_with(w) {
                        add(i, Span::new(at, at + w.len()));
                    }
                }
            }
        }
        let mut firsts: Vec<u8> = by_first.iter().map(|&(b, _, _)| b).collect();
        firsts.sort_unstable();
        firsts.dedup();
        for three in firsts.chunks(3) {
            let (b0, b1, b2) = (three[0], *three.get(1).unwrap_or(&three[0]), *three.get(2).unwrap_or(&three[0]));
            for at in memchr::memchr3_iter(b0, b1, b2, bytes) {
                for &(first, w, i) in &by_first {
                    if first == bytes[at] && bytes[at..].starts_with(w) {
                        add(i, Span::new(at, at + w.len()));
                    }
                }
            }
        }
        by_surname
    }
}

/// More surnames than [`People::find_short_forms`] looks for place by place.
const MANY_SURNAMES: usize = 256;

/// Each surname (a name's last word, longer than two chars) with the first
/// person named in full who has it, else the first who has it: a headline
/// names people by surname before the story names them in full ("Governor
/// Hochul announces ..." over "Governor Kathy Hochul today announced").
fn surnames(people: &[PersonX]) -> Vec<(String, usize)> {
    let mut by_surname: Vec<(String, usize)> = Vec::new();
    // Surname to index in `by_surname`.
    let mut seen: Map<&str, usize> = Map::default();
    for (i, p) in people.iter().enumerate() {
        if let Some(last) = p.name.split(' ').next_back() {
            if last.chars().count() <= 2 {
                continue;
            }
            match seen.get(last) {
                None => {
                    seen.insert(last, by_surname.len());
                    by_surname.push((last.to_string(), i));
                }
                Some(&k) if !people[by_surname[k].1].name.contains(' ') && p.name.contains(' ') => by_surname[k].1 = i,
                Some(_) => {}
            }
        }
    }
    by_surname
}

/// A person found only by the surname ("Mr. Parker") joins the full name,
/// role, affiliation and mentions: one person, not two.
/// `by_name`: each person's index in `out`; `by_surname`: [`surnames`] of `out`.
fn join_surnames(out: &mut Vec<PersonX>, by_name: &Map<String, usize>, by_surname: &[(String, usize)]) {
    // Each search below is a lookup in a map made once: a text naming
    // thousands of people made a search through all of them per person
    // quadratic. Names are unique in `out`, and squeezed: words are one
    // space apart.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    let mut is_merged = vec![false; out.len()];
    for &(ref surname, i) in by_surname {
        if let Some(&j) = by_name.get(surname.as_str()).filter(|&&j| j != i && out[i].name.contains(' ')) {
            merged.push((j, i));
            is_merged[j] = true;
        }
    }
    // A family name written first ("President Lee", "Xi") found alone is
    // the one person whose name begins with it, if only one does: East Asian
    // names put the family name first, and a given name alone is rare in news.
    // First word of a name of several words: the first such person, and
    // whether there are more.
    let mut by_first: Map<&str, (usize, bool)> = Map::default();
    // Every proper ending of a name at a space ("Al Zeyoudi" of "Thani Al
    // Zeyoudi"): the first person whose name ends so.
    let mut by_ending: Map<&str, usize> = Map::default();
    for (i, q) in out.iter().enumerate() {
        if let Some((first, _)) = q.name.split_once(' ') {
            by_first.entry(first).and_modify(|(_, more)| *more = true).or_insert((i, false));
        }
        for (k, _) in q.name.match_indices(' ') {
            by_ending.entry(&q.name[k + 1..]).or_insert(i);
        }
    }
    for (j, p) in out.iter().enumerate() {
        if p.name.contains(' ') || is_merged[j] {
            continue;
        }
        if let Some(&(i, false)) = by_first.get(p.name.as_str()) {
            merged.push((j, i));
        }
    }
    // A surname of several words ("Al Zeyoudi", "bin Salman") found alone
    // is the person named in full too.
    for (j, p) in out.iter().enumerate() {
        if !p.name.contains(' ') || is_merged[j] {
            continue;
        }
        if let Some(&i) = by_ending.get(p.name.as_str()) {
            merged.push((j, i));
        }
    }
    for &(from, into) in &merged {
        let (role, aff) = (out[from].role.take(), out[from].affiliation.take());
        let mentions = std::mem::take(&mut out[from].mentions);
        let into = &mut out[into];
        if into.role.is_none() {
            into.role = role;
        }
        if into.affiliation.is_none() {
            into.affiliation = aff;
        }
        into.mentions.extend(mentions);
        // The surname's own short form ("Zeyoudi" in "Al Zeyoudi") is held
        // by the mention it joined with.
        let all = into.mentions.clone();
        into.mentions.retain(|m| !all.iter().any(|o| o.span != m.span && o.span.contains(m.span)));
    }
    if !merged.is_empty() {
        out.retain(|p| !p.mentions.is_empty());
    }
}

/// True when two matches of `w` can overlap: some proper suffix of it is also a prefix.
fn overlaps_itself(w: &[u8]) -> bool {
    (1..w.len()).any(|p| w[p..] == w[..w.len() - p])
}

/// Splits "Minister of … of Iran" into ("Minister of …", Some("Iran")).
fn split_affiliation(role: &str, gaz: &Places) -> (String, Option<String>) {
    let role = crate::text::squeeze_spaces(role);
    let mut role = role.trim_end_matches([',', ' ']);
    // "Secretary to the Ministry of Finance and" before a second name.
    while let Some((head, last)) = role.rsplit_once(' ') {
        if matches!(last, "and" | "or" | "of" | "the" | "to" | "for" | "in" | "at" | "on" | "&") {
            role = head.trim_end_matches([',', ' ']);
        } else {
            break;
        }
    }
    for (marker, at) in AFFILIATION_MARKERS.iter().zip(rfind_markers(role.as_bytes())) {
        if let Some(at) = at {
            let tail = &role[at + marker.len()..];
            if let Some(c) = gaz.country_of(tail) {
                return (role[..at].to_string(), Some(c.to_string()));
            }
        }
    }
    (role.to_string(), None)
}

/// What comes before the country in a role, most specific first. Each starts
/// with a space, which [`rfind_markers`] relies on.
const AFFILIATION_MARKERS: [&str; 3] = [" of the ", " of ", " from "];

/// Where each of [`AFFILIATION_MARKERS`] last starts in `hay`, found in one
/// pass from the end that compares only at spaces. A role is a few words:
/// comparing at each byte costs less than setting up a searcher, as `rfind`
/// and memchr's one-off search do for every call.
fn rfind_markers(hay: &[u8]) -> [Option<usize>; 3] {
    let mut found = [None; 3];
    for at in (0..hay.len()).rev() {
        if hay[at] != b' ' {
            continue;
        }
        for (f, m) in found.iter_mut().zip(AFFILIATION_MARKERS) {
            if f.is_none() && hay[at..].starts_with(m.as_bytes()) {
                *f = Some(at);
            }
        }
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    found
}

/// "MOUs", "ICT": mostly capitals. "Al-Falih" and "McDonald" are not.
fn acronym_shaped(t: &str) -> bool {
    let (mut upper, mut letters) = (0, 0);
    if t.is_ascii() {
        // Most words asked are capitalized once ("Technology"): with no second
        // capital they are no acronym, told before anything is counted.
        if !t.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
            return false;
        }
        // Bytes rather than chars: every word of a name is asked.
        for b in t.bytes() {
            upper += usize::from(b.is_ascii_uppercase());
            letters += usize::from(b.is_ascii_alphabetic());
        }
    } else {
        for c in t.chars() {
            upper += usize::from(c.is_uppercase());
            letters += usize::from(c.is_alphabetic());
        }
    }
    upper >= 2 && upper * 2 > letters
}

/// A regnal number: "II", "VI", "XIV".
fn is_roman(t: &str) -> bool {
    !t.is_empty() && t.len() <= 5 && t.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Spans that people must not take, looked up in logarithmic time.
struct Taken {
    /// Organizations and places other than cities.
    hard: Cover,
    cities: Cover,
    orgs: Vec<Span>,
}

impl Taken {
    /// An organization's mention that ends at byte `end`.
    fn org_ending_at(&self, end: usize) -> Option<Span> {
        let first = self.orgs.partition_point(|sp| sp.end < end);
        self.orgs[first..].iter().take_while(|sp| sp.end == end).next().copied()
    }

    // Every organization and place mention is in `hard` or `cities`: asking
    // both costs less than building a third cover of all of them.

    /// True when an organization or place mention contains `span`.
    fn contains(&self, span: Span) -> bool {
        self.hard.contains(span) || self.cities.contains(span)
    }

    /// True when an organization or place mention overlaps `span`.
    fn overlaps(&self, span: Span) -> bool {
        self.hard.overlaps(span) || self.cities.overlaps(span)
    }
}

/// The people found so far in a document's sentences, with the two things
/// asked of them for every name: who is called this, and whose mention holds
/// a span. Both were searches through every person, and a text naming
/// thousands of people made them quadratic.
#[derive(Default)]
struct Roster {
    people: Vec<PersonX>,
    /// Name to index in `people`.
    by_name: Map<String, usize>,
    /// Every mention and its person's index, in the order found: sentence
    /// by sentence, so a sentence's own come last.
    found: Vec<(Span, usize)>,
}

impl Roster {
    /// A mention of `name`; the role and affiliation fill the person's if
    /// these are still empty.
    fn add(&mut self, name: &str, found: Found, role: Option<String>, affiliation: Option<String>) {
        let i = match self.by_name.get(name) {
            Some(&i) => {
                let p = &mut self.people[i];
                p.mentions.push(found);
                if p.role.is_none() {
                    p.role = role;
                }
                if p.affiliation.is_none() {
                    p.affiliation = affiliation;
                }
                i
            }
            None => {
                self.people.push(PersonX { name: name.to_string(), role, affiliation, mentions: vec![found] });
                self.by_name.insert(name.to_string(), self.people.len() - 1);
                self.people.len() - 1
            }
        };
        self.found.push((found.span, i));
    }

    /// The person a mention of whom holds `span`, which lies at or after
    /// `from`, the start of the sentence being read: only that sentence's
    /// mentions can, and they are the last ones found.
    fn owner(&self, span: Span, from: usize) -> Option<&PersonX> {
        let mut recent = self.found.iter().rev().take_while(|(m, _)| m.end > from);
        recent.find(|(m, _)| m.contains(span)).map(|&(_, i)| &self.people[i])
    }
}

fn strip_possessive(t: &str) -> &str {
    t.strip_suffix("’s").or_else(|| t.strip_suffix("'s")).unwrap_or(t)
}

/// The tokens of a sentence past where [`People::sentence`] stopped
/// tokenizing it, made when first asked for.
struct Tail {
    rest: Span,
    all: OnceCell<Vec<Tok>>,
}

impl Tail {
    /// Every token of the sentence, `head` being those before `rest`.
    fn all<'a>(&'a self, text: &str, head: &'a [Tok]) -> &'a [Tok] {
        if self.rest.is_empty() {
            return head;
        }
        self.all.get_or_init(|| {
            // Room for the rest's tokens up front (rarely more than one per two bytes).
            let mut all = Vec::with_capacity(head.len() + self.rest.len() / 2);
            all.extend_from_slice(head);
            tokenize_onto(text, self.rest, &mut all);
            all
        })
    }
}

/// Where the tokens of the sentence `sent` stop mattering to all but
/// [`People::role_right`]: past the second token after its last capitalized
/// word, at a space (or the sentence's end). `capitals` are the text's
/// ([`Doc::capitals`]). Three tenths of a sentence's bytes, on average, come
/// after that, and tokenizing was a third of the work.
///
/// Every capitalized word holds an upper-case char among `capitals`, so no
/// token starting past the last one is capitalized: a run of capitalized
/// words ends before, and what is read right of a run (the particle test,
/// [`People::lone_word_may_name`], a speech verb, [`People::role_of_after`])
/// reaches at most two tokens past it, or stops at the first word not
/// capitalized. A token starts right after a space at an ASCII char that is
/// no white space. Tokens never cross a space, so the tokens of the sentence
/// cut at one are the first ones of the whole.
fn names_end(text: &str, sent: Span, capitals: &[usize]) -> usize {
    let bytes = &text.as_bytes()[..sent.end];
    let upto = capitals.partition_point(|&at| at < sent.end);
    let last = capitals[..upto]
        .iter()
        .rev()
        .take_while(|&&at| at >= sent.start)
        .find(|&&at| bytes[at].is_ascii() || text[at..].chars().next().is_some_and(char::is_uppercase));
    let Some(&last) = last else {
        return sent.start;
    };
    let mut at = space_from(bytes, last);
    let mut tokens = 0;
    while tokens < 2 && at < bytes.len() {
        let next = bytes.get(at + 1).copied().unwrap_or(b' ');
        tokens += usize::from(next.is_ascii() && !matches!(next, b' ' | b'\t'..=b'\r'));
        at = space_from(bytes, at + 1);
    }
    at
}

/// True when the sentence `sent`'s first char, or its second after an ASCII
/// one, is an ASCII lower-case letter, as in most sentences ("The", "He"):
/// [`line_is_caps`] says no at its first lower-case letter, so it need not be asked.
fn starts_lower_case(text: &str, sent: Span) -> bool {
    match &text.as_bytes()[sent.start..sent.end] {
        [first, second, ..] if first.is_ascii() => first.is_ascii_lowercase() || second.is_ascii_lowercase(),
        [first, ..] => first.is_ascii_lowercase(),
        [] => false,
    }
}

/// The first space in `bytes` at or after `from`, or their end.
fn space_from(bytes: &[u8], from: usize) -> usize {
    let from = from.min(bytes.len());
    memchr::memchr(b' ', &bytes[from..]).map_or(bytes.len(), |p| from + p)
}

/// A capitalized word: "Putin", "al-Sisi".
fn is_cap(word: &str) -> bool {
    let t = match word.as_bytes() {
        [b'a' | b'e', b'l', b'-', ..] => &word[3..],
        _ => word,
    };
    match t.as_bytes().first() {
        // Most words: an ASCII first letter settles it.
        Some(&b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => t.chars().next().is_some_and(char::is_uppercase),
    }
}

/// The char at byte `i` of `s`; ASCII, as most text is, without decoding.
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        s[i..].chars().next()
    }
}

/// Words (letters, digits, inner apostrophes, hyphens and periods) and single
/// punctuation characters, into `out` (cleared first).
///
/// Where the ASCII letters and digits are is found for 64 bytes at once, and
/// the loop goes from one place a token may start to the next (the first
/// byte of a run of them, or any other byte) by the bits: an ASCII word that
/// ends at a byte joining nothing, the one space after it, and an ASCII mark
/// cost a few bit operations or byte tests each, where a turn per byte was
/// most of tokenizing. A word is joined over an ASCII period, hyphen or
/// apostrophe only as [`token_at`] would ("Dr.", "al-Sisi"; "minister."
/// is not), told from the bytes around it. Every other token takes
/// [`token_at`]'s general path.
fn tokenize(text: &str, sent: Span, out: &mut Vec<Tok>) {
    out.clear();
    tokenize_onto(text, sent, out);
}

/// [`tokenize`], after the tokens `out` holds.
fn tokenize_onto(text: &str, sent: Span, out: &mut Vec<Tok>) {
    let first = out.len();
    tokenize_words(text, sent, out);
    if memchr::memchr(b'&', text[sent].as_bytes()).is_some() {
        join_ampersands(text, out, first);
    }
}

/// Joins capitalized words written against an "&" between them into one
/// word, from `out[first]` on: "AT&T", "Daewoo E&C" and "S&P" are names,
/// where "Ingalls & Snyder" is two.
fn join_ampersands(text: &str, out: &mut Vec<Tok>, first: usize) {
    let bytes = text.as_bytes();
    let mut kept = first;
    let mut k = first;
    while k < out.len() {
        let mut tok = out[k].clone();
        k += 1;
        while tok.word
            && bytes[tok.span.start].is_ascii_uppercase()
            && k + 1 < out.len()
            && &text[out[k].span] == "&"
            && out[k].span.start == tok.span.end
            && out[k + 1].word
            && out[k + 1].span.start == out[k].span.end
            && bytes[out[k + 1].span.start].is_ascii_uppercase()
        {
            tok = Tok::new(
                Span::new(tok.span.start, out[k + 1].span.end),
                true,
                tok.cap,
                tok.joined || out[k + 1].joined,
            );
            k += 2;
        }
        out[kept] = tok;
        kept += 1;
    }
    out.truncate(kept);
}

/// [`tokenize_onto`] but for the "&" joins.
fn tokenize_words(text: &str, sent: Span, out: &mut Vec<Tok>) {
    let s = &text[sent];
    let bytes = s.as_bytes();
    let mut i = 0;
    // The last bytes padded with spaces, which end a word as the sentence's
    // end does and make no token.
    let mut tail = [b' '; 64];
    while i < bytes.len() {
        let block: &[u8; 64] = match bytes.get(i..i + 64) {
            Some(b) => b.try_into().expect("64 bytes"),
            None => {
                tail[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                &tail
            }
        };
        let word = alphanumeric_bits(block);
        // A block starts where a token may: its first byte counts as a word's first.
        let starts = (word & !(word << 1)) | !word;
        let real = (bytes.len() - i).min(64);
        let at = sent.start + i;
        let mut p = 0;
        while p < real {
            let q = p + (starts >> p).trailing_zeros() as usize;
            if q >= real {
                p = real;
                break;
            }
            let b = block[q];
            if word >> q & 1 == 0 {
                match b {
                    // ASCII white space as `char::is_whitespace` has it.
                    b' ' | b'\t'..=b'\r' => p = q + 1,
                    _ if b.is_ascii() => {
                        out.push(Tok::punct(Span::new(at + q, at + q + 1)));
                        p = q + 1;
                    }
                    _ => p = token_at(s, sent.start, i + q, out) - i,
                }
                continue;
            }
            let end = q + (!word >> q).trailing_zeros() as usize;
            if end >= 64 && q > 0 {
                // It may go on past the block: the next block starts with it.
                p = q;
                break;
            }
            let plain = end < 64
                && match block[end] {
                    // An abbreviation's period: a short capitalized word's.
                    b'.' => end - q > 3 || !b.is_ascii_uppercase(),
                    // Joined only to a letter or digit; a char past ASCII is for `token_at` to tell.
                    b'-' | b'\'' => block.get(end + 1).is_some_and(|&e| e.is_ascii() && word >> (end + 1) & 1 == 0),
                    d => d.is_ascii(),
                };
            if !plain {
                p = token_at(s, sent.start, i + q, out) - i;
                continue;
            }
            out.push(Tok::new(Span::new(at + q, at + end), true, b.is_ascii_uppercase(), false));
            // The space after it, without another turn of the loop.
            p = end + usize::from(block[end] == b' ');
        }
        i += p;
    }
}

/// The token (or white space) at byte `i` of the sentence `s`, which starts
/// at `base` in the text, into `out`: where the next one starts.
fn token_at(s: &str, base: usize, i: usize, out: &mut Vec<Tok>) -> usize {
    let bytes = s.as_bytes();
    let b = bytes[i];
    let c = if b.is_ascii() {
        if !b.is_ascii_alphanumeric() {
            // ASCII white space as `char::is_whitespace` has it.
            if b != b' ' && !(b'\t'..=b'\r').contains(&b) {
                out.push(Tok::punct(Span::new(base + i, base + i + 1)));
            }
            return i + 1;
        }
        // Most words are ASCII letters and digits up to a space or a
        // punctuation mark that joins nothing: no "al-", so `cap` is the
        // first letter's case.
        let end = i + 1 + alphanumeric_len(&bytes[i + 1..]);
        let plain = || Tok::new(Span::new(base + i, base + end), true, b.is_ascii_uppercase(), false);
        match bytes.get(end) {
            Some(&d) if d.is_ascii() && !matches!(d, b'\'' | b'-' | b'.') => {
                out.push(plain());
                // The space after it, without another turn of the loop.
                return if d == b' ' { end + 1 } else { end };
            }
            None => {
                out.push(plain());
                return end;
            }
            Some(_) => {}
        }
        char::from(b)
    } else {
        let c = s[i..].chars().next().expect("at a char boundary");
        // Curly quotes and dashes, the commonest chars past ASCII, without the Unicode tables.
        let punct = matches!(c, '’' | '‘' | '“' | '”' | '—' | '–');
        if punct || !c.is_alphanumeric() {
            if punct || !c.is_whitespace() {
                out.push(Tok::punct(Span::new(base + i, base + i + c.len_utf8())));
            }
            return i + c.len_utf8();
        }
        c
    };
    let mut end = i + c.len_utf8();
    let mut joined = false;
    loop {
        end += alphanumeric_len(&bytes[end..]);
        let Some(&d) = bytes.get(end) else {
            break;
        };
        // An ASCII byte here is no letter or digit: the run stopped at it.
        let d = if d.is_ascii() { char::from(d) } else { s[end..].chars().next().expect("at a char boundary") };
        if d != '’' && !d.is_ascii() && (d.is_alphanumeric() || d == '\u{301}') {
            end += d.len_utf8();
        } else if matches!(d, '\'' | '’' | '-' | '.') {
            // Keep "Iran’s", "Knowledge-Based", "St." together; a period
            // only after a short capitalized word (an abbreviation).
            let next_alnum = char_at(s, end + d.len_utf8()).is_some_and(char::is_alphanumeric);
            let abbrev = d == '.' && end - i <= 3 && c.is_uppercase();
            if (d != '.' && next_alnum) || abbrev {
                end += d.len_utf8();
                joined |= matches!(d, '-' | '.');
            } else {
                break;
            }
        } else {
            break;
        }
    }
    // `is_cap` of the word, from its first char already at hand.
    let cap = match bytes.get(i + 1..i + 3) {
        Some(b"l-") if matches!(c, 'a' | 'e') => is_cap(&s[i..end]),
        _ => c.is_uppercase(),
    };
    out.push(Tok::new(Span::new(base + i, base + end), true, cap, joined));
    end
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn tokens() {
        let t = "Iran’s St. Petersburg, Knowledge-Based firms.";
        let mut toks = Vec::new();
        tokenize(t, Span::new(0, t.len()), &mut toks);
        let toks: Vec<&str> = toks.iter().map(|k| &t[k.span]).collect();
        assert_eq!(toks, vec!["Iran’s", "St.", "Petersburg", ",", "Knowledge-Based", "firms", "."]);
    }

    /// The tokenizer as it was before its ASCII fast paths, char by char.
    fn tokenize_by_chars(s: &str) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '\u{301}' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else if matches!(d, '\'' | '’' | '-' | '.') {
                        let mut look = chars.clone();
                        look.next();
                        let next_alnum = look.peek().is_some_and(|&(_, x)| x.is_alphanumeric());
                        let abbrev = d == '.' && end - i <= 3 && c.is_uppercase();
                        if (d != '.' && next_alnum) || abbrev {
                            end = j + d.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                out.push((i, end, true));
            } else if !c.is_whitespace() {
                out.push((i, i + c.len_utf8(), false));
            }
        }
        // "AT&T": capitalized words against an "&" are one.
        let upper = |at: usize| s.as_bytes()[at].is_ascii_uppercase();
        let mut joined: Vec<(usize, usize, bool)> = Vec::new();
        for t in out {
            if let [.., (ls, le, true), (a, ae, false)] = joined[..] {
                if t.2 && upper(ls) && upper(t.0) && &s[a..ae] == "&" && le == a && ae == t.0 {
                    joined.truncate(joined.len() - 2);
                    joined.push((ls, t.1, true));
                    continue;
                }
            }
            joined.push(t);
        }
        joined
    }

    #[test]
    fn tokens_as_char_by_char() {
        let texts = [
            "Iran’s St. Petersburg, Knowledge-Based firms.",
            "U.S. and U.K. officials met Dr. Abdul-Rahman al-Sisi in São Paulo\u{a0}on Friday.",
            "Mohammed VI's visit -- 3.5% growth; e\u{301}lan 'quoted' end-",
            "Ａｂｃ Αθήνα Москва — “Kazem Jalali”\t\r\n\u{b}x.y.z. A.B.C.D. ab.",
            "",
            " trailing space '",
        ];
        for t in texts {
            let mut toks = Vec::new();
            tokenize(t, Span::new(0, t.len()), &mut toks);
            let got: Vec<(usize, usize, bool)> = toks.iter().map(|k| (k.span.start, k.span.end, k.word)).collect();
            assert_eq!(got, tokenize_by_chars(t), "{t:?}");
            for k in &toks {
                let w = &t[k.span];
                let by_chars = w.strip_prefix("al-").or_else(|| w.strip_prefix("el-")).unwrap_or(w);
                assert_eq!(k.cap, k.word && by_chars.chars().next().is_some_and(char::is_uppercase), "{w:?}");
            }
        }
    }

    /// Letters, digits, everything the tokenizer joins a word over or stops
    /// at, in runs long enough for eight-byte reads and at every offset.
    fn sentence_text() -> impl Strategy<Value = String> {
        const TOKENS: &str = "Iran|iran|Kazem|Excellency|Affairs’s|Summit|Kingdom|News’s|Minister|minister|MINISTER|Vice|Chancellor|Co|Chair|Gen|Dr|Mr|al-Sisi|el-|St|Gen|U|S|x|Z|a|z|0|9|42|Knowledge|Based|abcdefghij|\
            ABCDEFGHIJKLMNOPQRSTUVWXYZ|0123456789| | |  |\t|\n|\r|\u{b}|\u{c}|\u{a0}|.|..|,|(|)|-|'|’|’s|_|@|`|[|{|/|:|\
            —|“|”|\u{301}|é|É|ß|Αθήνα|Москва|中国|Ａｂｃ|٣|\u{7f}|&|AT&T|E&|&C";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..40).prop_map(|ts| ts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn tokens_as_char_by_char_anywhere(text in sentence_text(), skip in 0usize..4) {
            // A sentence that starts inside the text, as most do.
            let start = text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i);
            let mut toks = Vec::new();
            tokenize(&text, Span::new(start, text.len()), &mut toks);
            let got: Vec<(usize, usize, bool)> = toks.iter().map(|k| (k.span.start - start, k.span.end - start, k.word)).collect();
            prop_assert_eq!(got, tokenize_by_chars(&text[start..]));
            for k in &toks {
                let w = &text[k.span.start..k.span.end];
                prop_assert_eq!(k.joined, k.word && w.contains(['-', '.']), "{:?}", w);
                prop_assert_eq!(PEOPLE.tok_is_title(&text, k), is_title_reference(&PEOPLE, w), "{:?}", w);
                prop_assert_eq!(PEOPLE.tok_is_honorific(&text, k), PEOPLE.is_honorific(w), "{:?}", w);
                prop_assert_eq!(PEOPLE.tok_not_name(&text, k), PEOPLE.not_names.contains(strip_possessive(w)), "{:?}", w);
                let by_chars = w.strip_prefix("al-").or_else(|| w.strip_prefix("el-")).unwrap_or(w);
                prop_assert_eq!(k.cap, k.word && by_chars.chars().next().is_some_and(char::is_uppercase), "{:?}", w);
            }
        }
    }

    /// Built once: loading the rules takes longer than a test case.
    static PEOPLE: LazyLock<People> = LazyLock::new(|| {
        let rules = crate::rules::load_embedded().unwrap();
        People::new(&rules, &mut RuleNames::default()).unwrap()
    });

    /// [`People::is_title`] as it was before its shape filter.
    fn is_title_reference(p: &People, w: &str) -> bool {
        let l = w.trim_end_matches('.').to_lowercase();
        p.title_words.set.contains(l.as_bytes())
            || l.rfind('-').is_some_and(|at| {
                let last = &l[at + 1..];
                last.chars().count() > 2 && p.titles.set.contains(last.as_bytes())
            })
    }

    /// Titles, their parts and near misses in any case, with hyphens,
    /// periods, accents and the chars whose lower case is longer or shorter.
    fn title_like() -> impl Strategy<Value = String> {
        const PARTS: &str = "Minister|MINISTER|minister|Ministers|Vice|vice|Chancellor|CHANCELLOR|Co|Chair|chair|Gen|Gen.|\
            President|Presidents|Putin|Mr|Dr|Deputy|Ambassador|Émir|émir|Émi|Prince|Ex|-|-|.|..|s|é|É|İ|ẞ|ß|K|Ω|Σ|a|b|Z|\
            Secretary|General|Head|Chief|Ayatollah|Sheikh|Pope|Rev|Hon";
        let part = prop::sample::select(PARTS.split('|').collect::<Vec<_>>());
        prop::collection::vec(part, 0..4).prop_map(|ps| ps.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8192, ..ProptestConfig::default() })]
        #[test]
        fn titles_as_before_the_shape_filter(w in title_like()) {
            prop_assert_eq!(PEOPLE.is_title(&w), is_title_reference(&PEOPLE, &w), "{:?}", w);
        }

        #[test]
        fn rfind_markers_as_std(hay in "([a-z ]{0,12}( of( the)?| from))*[a-z ]{0,12}( of)?") {
            let want = AFFILIATION_MARKERS.map(|m| hay.rfind(m));
            prop_assert_eq!(rfind_markers(hay.as_bytes()), want, "{:?}", hay);
        }

        #[test]
        fn acronyms_as_by_chars(w in title_like()) {
            let upper = w.chars().filter(|c| c.is_uppercase()).count();
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            prop_assert_eq!(acronym_shaped(&w), upper >= 2 && upper * 2 > letters, "{:?}", w);
        }

        #[test]
        fn shapes_never_hide_an_entry(w in title_like()) {
            let p = &*PEOPLE;
            for words in [&p.titles, &p.modifiers, &p.title_words, &p.honorifics, &p.first_names, &p.speech, &p.stop, &p.not_names, &p.particles] {
                prop_assert_eq!(words.contains(&w), words.set.contains(w.as_bytes()), "{:?}", w);
                let lower = w.to_lowercase();
                prop_assert!(words.may_hold_lower(w.as_bytes()) || !words.set.contains(lower.as_bytes()), "{:?}", w);
            }
        }
    }

    #[test]
    fn every_title_word_is_a_title() {
        let p = &*PEOPLE;
        for e in p.title_words.set.iter() {
            let e = std::str::from_utf8(e).unwrap();
            for w in [e.to_string(), e.to_uppercase(), format!("{e}."), format!("Co-{e}")] {
                assert_eq!(p.is_title(&w), is_title_reference(p, &w), "{w:?}");
            }
            assert!(p.is_title(e), "{e:?}");
        }
    }

    static PLACES: LazyLock<Places> =
        LazyLock::new(|| Places::new(&crate::rules::load_embedded().unwrap(), &mut RuleNames::default()).unwrap());

    /// The lone words of `text` that [`People::candidate_run`] names, each
    /// with what the shortcut says of it.
    fn lone_names(text: &str) -> Vec<(String, bool)> {
        let doc = Doc::new(text, None);
        let taken = Taken { hard: Cover::default(), cities: Cover::default(), orgs: Vec::new() };
        let mut toks = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut toks);
        let mut named = Vec::new();
        for i in 0..toks.len() {
            let mut out = Roster::default();
            let tail = Tail { rest: Span::new(text.len(), text.len()), all: OnceCell::new() };
            PEOPLE.candidate_run(&doc, &toks, &tail, i, i + 1, &taken, &PLACES, &mut out);
            named.extend(out.people.into_iter().map(|p| (p.name, PEOPLE.lone_word_may_name(text, &toks, i))));
        }
        named
    }

    #[test]
    fn lone_words_are_named_by_their_neighbours() {
        // What the proptest below checks must happen at all.
        assert_eq!(lone_names("They met President Putin today."), [("Putin".to_string(), true)]);
        assert_eq!(lone_names("They met Mr Abedi today."), [("Abedi".to_string(), true)]);
    }

    /// Titles, honorifics, first names, appositives, speech verbs, places
    /// and plain words, in sentences.
    fn people_text() -> impl Strategy<Value = String> {
        const WORDS: &str = "President|president|Minister|Deputy|Prime|Mr|Mr.|Dr|Sheikh|His|Excellency|Vladimir|Putin|\
            Mohammad|Kazem|Jalali|Jalali’s|Abedi|Iran|Iran’s|Russia|Russian|Tehran|Moscow|The|In|He|Chancellors|ICT|VI|\
            ANGELONI|Co-Chair|Gen.|bin|al-Sisi|da|said|told|is|was|the|a|an|of|for|and|to|met|deputy|minister|ambassador|\
            represented|by|Association|Park|,|,|.|(|)|CEO";
        let word = prop::sample::select(WORDS.split('|').collect::<Vec<_>>());
        prop::collection::vec(word, 0..30).prop_map(|ws| ws.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn lone_words_passed_over_make_no_name(text in people_text()) {
            // Every word, not only those that stand alone: the shortcut
            // looks at nothing but the word's neighbours.
            for (name, may_name) in lone_names(&text) {
                prop_assert!(may_name, "{:?} named {:?}", text, name);
            }
        }
    }

    /// The names [`People::sentence`] finds in each sentence of `text` that
    /// [`People::names_nothing`] passes over.
    fn names_passed_over(text: &str) -> Vec<String> {
        let doc = Doc::new(text, None);
        let taken = Taken { hard: Cover::default(), cities: Cover::default(), orgs: Vec::new() };
        let mut toks = Vec::new();
        let mut out = Roster::default();
        for &sent in doc.sentences.spans() {
            if PEOPLE.names_nothing(text, sent, &doc.capitals) {
                PEOPLE.sentence(&doc, sent, &mut toks, &taken, &PLACES, &mut out);
            }
        }
        out.people.into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn sentences_without_later_capitals_are_passed_over() {
        let passed = |t: &str| {
            let doc = Doc::new(t, None);
            doc.sentences.spans().iter().map(|&s| PEOPLE.names_nothing(t, s, &doc.capitals)).collect::<Vec<_>>()
        };
        assert_eq!(passed("He said the talks were useful.\nthe rest is quiet."), [true, true]);
        assert_eq!(passed("He met Abedi.\nTalks went on.\nal-Sisi came.\nÉmile came."), [false, true, false, false]);
        // The first name before an appositive that the shortcut must leave to the full path.
        let t = "Kazem, the minister of foreign affairs, said so.";
        assert_eq!(passed(t), [false]);
        let mut out = Roster::default();
        let doc = Doc::new(t, None);
        let taken = Taken { hard: Cover::default(), cities: Cover::default(), orgs: Vec::new() };
        PEOPLE.sentence(&doc, doc.sentences.spans()[0], &mut Vec::new(), &taken, &PLACES, &mut out);
        assert_eq!(out.people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Kazem"]);
    }

    /// Sentences with a capital in their first word and few or none later:
    /// first names, appositives, possessives, joined and non-ASCII words.
    fn first_capital_text() -> impl Strategy<Value = String> {
        const FIRST: &str = "Kazem|Kazem’s|Kazem's|Kazem-ali|Kazem.|Ali|Mohammad|He|However|The|Abedi|al-Sisi|Al-Sisi|\
            Mr|Mr.|Dr.|Émile|É|ÉMILE|KAZEM|“Kazem|(Ali|x|9|kazem|Sheikh|President|Iran|Iran’s";
        const REST: &str = "said|the|the|a|an|is|was|,|,|,|.|deputy|minister|of|iran|ambassador|and|to|met|’s|'s|-|\
            “|”|é|ß|bin|da|\u{a0}|\t|Iran|Minister|Putin|ÉLYSÉE|al-Sisi|Émile|Ａｂｃ|ǅ|x";
        let first = prop::sample::select(FIRST.split('|').collect::<Vec<_>>());
        let rest = prop::sample::select(REST.split('|').collect::<Vec<_>>());
        let sentence = (first, prop::collection::vec(rest, 0..12), any::<bool>())
            .prop_map(|(f, ws, joined)| format!("{f}{}{}", if joined { "" } else { " " }, ws.join(" ")));
        let end = prop::sample::select(vec![". ", ".\n", "\n", "? "]);
        prop::collection::vec((sentence, end), 1..5).prop_map(|ss| ss.into_iter().map(|(s, e)| s + e).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8192, ..ProptestConfig::default() })]
        #[test]
        fn sentences_passed_over_name_no_one(text in first_capital_text()) {
            let named = names_passed_over(&text);
            prop_assert!(named.is_empty(), "{:?} names {:?}", text, named);
        }
    }

    /// Sentences whose names and roles come at any place: capitalized words
    /// and runs of them, with what is read left and right of them, joined
    /// by white space of every kind or by nothing.
    fn cut_text() -> impl Strategy<Value = String> {
        const WORDS: &str =
            "President|Minister|minister|deputy|Mr|Dr.|Kazem|Jalali|Abedi’s|Iran|Iran’s|Tehran|bin|al-Sisi|VI|\
            ICT|Émile|ÉLYSÉE|said|told|is|was|the|a|an|of|and|to|represented|by|Association|,|,|.|(|)|“|”|’s|-|x|é|ß";
        const GAPS: &str = " | | | |  |\t|\u{a0}|\u{2009}|";
        let word = prop::sample::select(WORDS.split('|').collect::<Vec<_>>());
        let gap = prop::sample::select(GAPS.split('|').collect::<Vec<_>>());
        prop::collection::vec((word, gap), 0..30)
            .prop_map(|ws| ws.into_iter().map(|(w, g)| format!("{w}{g}")).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8192, ..ProptestConfig::default() })]
        #[test]
        fn names_as_from_every_token(text in prop_oneof![cut_text(), people_text(), first_capital_text()]) {
            let doc = Doc::new(&text, None);
            let taken = Taken { hard: Cover::default(), cities: Cover::default(), orgs: Vec::new() };
            for &sent in doc.sentences.spans() {
                let cut = names_end(&text, sent, &doc.capitals);
                let (mut head, mut all) = (Vec::new(), Vec::new());
                tokenize(&text, Span::new(sent.start, cut), &mut head);
                tokenize(&text, sent, &mut all);
                let spans = |ts: &[Tok]| ts.iter().map(|t| (t.span, t.cap)).collect::<Vec<_>>();
                prop_assert_eq!(spans(&head), spans(&all[..head.len()]), "{:?}", text);
                if head.len() < all.len() {
                    // Two tokens past the last capitalized one.
                    prop_assert!(all.iter().rposition(|t| t.cap).is_none_or(|k| k + 2 < head.len()), "{:?}", text);
                }
                let (mut got, mut want) = (Roster::default(), Roster::default());
                PEOPLE.sentence_to(&doc, sent, cut, &mut head, &taken, &PLACES, &mut got);
                PEOPLE.sentence_to(&doc, sent, sent.end, &mut all, &taken, &PLACES, &mut want);
                prop_assert_eq!(got.people, want.people, "{:?}", text);
            }
        }
    }

    proptest! {
        #[test]
        fn lines_starting_lower_case_are_not_caps(text in "[aAé É.\n]{0,12}", from in 0usize..12) {
            let from = text.char_indices().map(|(i, _)| i).find(|&i| i >= from).unwrap_or(text.len());
            let sent = Span::new(from, text.len());
            prop_assert!(!starts_lower_case(&text, sent) || !line_is_caps(&text, sent), "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn runs_inside_a_name_taken_make_no_name(
            text in prop_oneof![people_text(), cut_text()],
            ranges in prop::collection::vec((0usize..30, 1usize..5), 0..4),
        ) {
            let doc = Doc::new(&text, None);
            let mut toks = Vec::new();
            tokenize(&text, Span::new(0, text.len()), &mut toks);
            // Organizations and places over whole tokens, as their matches are.
            let spans: Vec<Span> = ranges.iter().filter(|&&(a, n)| a + n <= toks.len()).map(|&(a, n)| Span::new(toks[a].span.start, toks[a + n - 1].span.end)).collect();
            let (hard, cities) = spans.split_at(spans.len() / 2);
            let taken = Taken { hard: Cover::new(hard.iter().copied()), cities: Cover::new(cities.iter().copied()), orgs: Vec::new() };
            let tail = Tail { rest: Span::new(text.len(), text.len()), all: OnceCell::new() };
            for i in 0..toks.len() {
                for j in i + 1..toks.len().min(i + 5) + 1 {
                    if j == i + 1 && !PEOPLE.lone_word_may_name(&text, &toks, i) {
                        continue;
                    }
                    let (mut got, mut want) = (Roster::default(), Roster::default());
                    PEOPLE.candidate(&doc, &toks, &tail, i, j, &taken, &PLACES, &mut got);
                    PEOPLE.candidate_run(&doc, &toks, &tail, i, j, &taken, &PLACES, &mut want);
                    prop_assert_eq!(got.people, want.people, "{:?} {:?} {}..{}", text, spans, i, j);
                }
            }
        }
    }

    /// [`People::short_forms`]'s search as it was: a substring search of the
    /// whole text per surname.
    fn short_forms_by_substring(text: &str, taken: &Taken, rule: RuleId, out: &mut [PersonX]) {
        let named: Vec<Span> = out.iter().flat_map(|p| p.mentions.iter().map(|f| f.span)).collect();
        for (surname, i) in &surnames(out) {
            for at in memchr::memmem::find_iter(text.as_bytes(), surname.as_bytes()) {
                let span = Span::new(at, at + surname.len());
                if !crate::extract::whole_word(text, span) || taken.overlaps(span) {
                    continue;
                }
                if out[*i].mentions.iter().any(|f| f.span.overlaps(span)) || named.iter().any(|n| n.overlaps(span)) {
                    continue;
                }
                out[*i].mentions.push(Found { span, rule });
            }
        }
    }

    /// Names that can and cannot overlap themselves, sharing first bytes, in
    /// text with word and non-word chars around them.
    fn surname_text() -> impl Strategy<Value = (String, Vec<String>, Vec<(usize, usize)>)> {
        const NAMES: &str = "Ab-Ab|Ab|Aba|Ali|Bob|Éa|Éaé|Ab-Ab-Ab|Al|x";
        const PARTS: &str = "Ab-Ab|Ab|Aba|Ali|Bob|Éa|Éaé|Ab-Ab-Ab|Al|x|Al-|-|.|_|,| | |\u{a0}|’s|é|Ω";
        let part = |parts: &'static str| prop::sample::select(parts.split('|').collect::<Vec<_>>());
        let text = prop::collection::vec(part(PARTS), 0..24).prop_map(|ps| ps.concat());
        let name = prop::collection::vec(part(NAMES), 1..3).prop_map(|ws| ws.join(" "));
        let spans = prop::collection::vec((0usize..60, 0usize..8), 0..4);
        (text, prop::collection::vec(name, 0..6), spans)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn short_forms_as_by_substring((text, names, spans) in surname_text()) {
            let doc = Doc::new(&text, None);
            let hard: Vec<Span> = spans.iter().map(|&(a, n)| Span::new(a, a + n)).collect();
            let taken = Taken { hard: Cover::new(hard[..hard.len() / 2].iter().copied()), cities: Cover::new(hard[hard.len() / 2..].iter().copied()), orgs: Vec::new() };
            let rule = PEOPLE.rule_short.unwrap();
            let people = |names: &[String]| -> Vec<PersonX> {
                names.iter().enumerate().map(|(k, n)| PersonX { name: n.clone(), role: None, affiliation: None, mentions: vec![Found { span: Span::new(k, k + 3), rule }] }).collect()
            };
            let mut want = people(&names);
            short_forms_by_substring(&text, &taken, rule, &mut want);
            let mut got = people(&names);
            PEOPLE.find_short_forms(&doc, &taken, &mut got);
            let mentions = |ps: &[PersonX]| ps.iter().map(|p| p.mentions.clone()).collect::<Vec<_>>();
            prop_assert_eq!(mentions(&got), mentions(&want), "{:?} {:?}", text, names);
        }
    }

    #[test]
    fn many_surnames_are_found_as_by_substring() {
        // Over MANY_SURNAMES people, sharing first bytes, some surnames
        // overlapping themselves, in lower case or past ASCII.
        let syl = ["ka", "zem", "ja", "la", "li", "é", "ab"];
        let mut names: Vec<String> = (0..400)
            .map(|k: usize| {
                let sur: String = (0..3).map(|d| syl[(k / 7usize.pow(d)) % 7]).collect();
                let first = sur.chars().next().unwrap();
                let sur =
                    if k % 5 == 0 { sur } else { format!("{}{}", first.to_uppercase(), &sur[first.len_utf8()..]) };
                format!("Ali {sur}")
            })
            .collect();
        names.extend(["Bob Ab-Ab", "Al Abab", "x Éaé"].map(String::from));
        let mut text = String::new();
        for (k, n) in names.iter().enumerate().rev() {
            let sep = [" ", ", ", "-", "’s ", "\u{a0}", "_"][k % 6];
            text.push_str(n.rsplit(' ').next().unwrap());
            text.push_str(sep);
            if k % 3 == 0 {
                text.push_str(n);
                text.push_str(". ");
            }
        }
        let doc = Doc::new(&text, None);
        let taken = Taken { hard: Cover::default(), cities: Cover::default(), orgs: Vec::new() };
        let rule = PEOPLE.rule_short.unwrap();
        let people = || -> Vec<PersonX> {
            let at = |k: usize| Span::new(text.len() + k, text.len() + k + 1);
            let one = |(k, n): (usize, &String)| PersonX {
                name: n.clone(),
                role: None,
                affiliation: None,
                mentions: vec![Found { span: at(k), rule }],
            };
            names.iter().enumerate().map(one).collect()
        };
        assert!(surnames(&people()).len() > MANY_SURNAMES);
        let mut want = people();
        short_forms_by_substring(&text, &taken, rule, &mut want);
        let mut got = people();
        PEOPLE.find_short_forms(&doc, &taken, &mut got);
        let found: usize = got.iter().map(|p| p.mentions.len() - 1).sum();
        assert!(found > 400, "{found}");
        assert_eq!(got, want);
    }

    /// [`join_surnames`] as it was: a search through every person for each.
    fn join_surnames_by_search(out: &mut Vec<PersonX>, by_surname: &[(String, usize)]) {
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for &(ref surname, i) in by_surname {
            for (j, p) in out.iter().enumerate() {
                if j != i && p.name == *surname && out[i].name.contains(' ') {
                    merged.push((j, i));
                }
            }
        }
        for (j, p) in out.iter().enumerate() {
            if p.name.contains(' ') || merged.iter().any(|&(from, _)| from == j) {
                continue;
            }
            let mut holders = out.iter().enumerate().filter(|(_, q)| {
                q.name.len() > p.name.len()
                    && q.name.starts_with(p.name.as_str())
                    && q.name.as_bytes()[p.name.len()] == b' '
            });
            if let (Some((i, _)), None) = (holders.next(), holders.next()) {
                merged.push((j, i));
            }
        }
        for (j, p) in out.iter().enumerate() {
            if !p.name.contains(' ') || merged.iter().any(|&(from, _)| from == j) {
                continue;
            }
            let longer = out.iter().position(|q| {
                q.name.len() > p.name.len()
                    && q.name.ends_with(p.name.as_str())
                    && q.name.as_bytes()[q.name.len() - p.name.len() - 1] == b' '
            });
            if let Some(i) = longer {
                merged.push((j, i));
            }
        }
        for &(from, into) in &merged {
            let (role, aff) = (out[from].role.take(), out[from].affiliation.take());
            let mentions = std::mem::take(&mut out[from].mentions);
            let into = &mut out[into];
            into.role = into.role.take().or(role);
            into.affiliation = into.affiliation.take().or(aff);
            into.mentions.extend(mentions);
            let all = into.mentions.clone();
            into.mentions.retain(|m| !all.iter().any(|o| o.span != m.span && o.span.contains(m.span)));
        }
        out.retain(|p| !p.mentions.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]
        #[test]
        fn surnames_join_as_by_search(words in prop::collection::vec(prop::collection::vec(0usize..5, 1..4), 0..8)) {
            const WORDS: [&str; 5] = ["Lee", "Jae", "Al", "Zeyoudi", "Xi"];
            let rule = PEOPLE.rule_short.unwrap();
            let mut names: Vec<String> = words.iter().map(|ws| ws.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ")).collect();
            // Names are unique in what `join_surnames` is given.
            let mut seen = std::collections::HashSet::new();
            names.retain(|n| seen.insert(n.clone()));
            let people: Vec<PersonX> = names.iter().enumerate().map(|(k, n)| PersonX {
                name: n.clone(),
                role: (k % 2 == 0).then(|| format!("role {k}")),
                affiliation: (k % 3 == 0).then(|| format!("body {k}")),
                mentions: vec![Found { span: Span::new(10 * k, 10 * k + n.len()), rule }],
            }).collect();
            let by_surname = surnames(&people);
            let (mut got, mut want) = (people.clone(), people);
            let by_name: Map<String, usize> = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
            join_surnames(&mut got, &by_name, &by_surname);
            join_surnames_by_search(&mut want, &by_surname);
            prop_assert_eq!(got, want, "{:?}", names);
        }
    }

    #[test]
    fn words_filters_never_hide_an_entry() {
        let entries = ["bin", "van", "Mr", "é", "vice-chancellor"];
        let words = Words::new(entries.map(String::from));
        for w in entries {
            assert!(words.contains(w), "{w:?}");
        }
        for w in ["", "Bin", "Putin", "vice-chancellors", "e", "Mr."] {
            assert!(!words.contains(w), "{w:?}");
        }
        assert!(words.contains_lower("VAN"));
    }

    #[test]
    fn lowered_and_trimmed_like_std() {
        for w in [
            "Minister",
            "minister",
            "MINISTER",
            "Vice-Chancellor",
            "İstanbul",
            "ÉLYSÉE",
            "Gen.",
            "...",
            "",
            &"A".repeat(40),
        ] {
            let mut buf = [0; 32];
            assert_eq!(&lowered(w, &mut buf)[..], w.to_lowercase().as_bytes(), "{w:?}");
            assert_eq!(trim_periods(w), w.trim_end_matches('.'), "{w:?}");
            assert_eq!(char_count(w.as_bytes()), w.chars().count(), "{w:?}");
        }
    }
}
