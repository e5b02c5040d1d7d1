//! Whole-word matching of many word lists at once, with few automata.
//!
//! Lists are matched case-sensitively unless the rule says otherwise: "Chad"
//! the country, not "chad". For all-capitals wire copy ("IRAQ DEFERS
//! PAYMENTS"), each case-sensitive entry also gets an upper-case form, which is
//! accepted only where the surrounding line has no lower-case letters.
//!
//! A whole-word match can only start where a word does (or at a character
//! that is not part of a word), so the automaton is walked anchored from
//! those positions alone, and only where the first two bytes are those of
//! some entry (a byte per pair, cheaper than the automaton's first steps). A
//! word's leading run of ASCII letters and digits is then looked up whole
//! ([`Heads`]) rather than walked a byte at a time. An unanchored search
//! would also report every entry inside a longer word ("Ada" in "made"),
//! most of the cost on ordinary text. The positions are found once per
//! document ([`match_starts`], kept in [`Doc::starts`]) for every gazetteer.
//!
//! Each extractor holds a [`Gazetteer`] (its lists, and how their matches
//! compete); the [`Extractor`](super::Extractor) walks them together in
//! [`Lexicons`] (two automata, not one per extractor), so that a word's
//! first letters are read once or twice, not once per extractor. Each
//! gazetteer gets the matches it would find alone.

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{self, JoinHandle};

use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::{dfa, nfa::contiguous, Anchored, MatchKind, StartKind};

use super::{is_word_char, whole_word, Doc, Map, RuleId, RuleNames};
use crate::rules::ListRule;
use crate::swar::{alphanumeric_len, alphanumerics, HIGH, ONES};
use crate::Span;

/// Lists up to this many bytes of entries get a DFA (a table lookup per
/// byte); larger ones the smaller contiguous NFA. A walk waits on memory more
/// than it computes: the domains' 293 entries (about 4 KB) made a 1.3 MB DFA,
/// which walked slower than their 79 KB NFA (3% of a run), while the
/// agreement heads' 80 KB DFA stays in cache.
const DFA_MAX_BYTES: usize = 2 * 1024;

/// A match of one list entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GazetteerMatch {
    pub span: Span,
    /// Index of the list among those the gazetteer was built from.
    pub list: usize,
    /// Index of the canonical form in that list.
    pub canonical: usize,
    pub rule: RuleId,
}

/// ASCII bytes that are word characters ([`is_word_char`]); false for every
/// non-ASCII byte, so that one lookup tells an ASCII word byte.
static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// An automaton for anchored walks.
#[derive(Clone, Debug)]
enum Walker {
    Dfa(dfa::DFA),
    Nfa(contiguous::NFA),
}

/// An automaton, with the states after its entries' leading runs.
#[derive(Debug)]
struct Built {
    walker: Walker,
    heads: Heads,
}

/// An automaton that may still be compiling on a thread of its own.
#[derive(Debug)]
struct Pending {
    built: OnceLock<Option<Built>>,
    building: Mutex<Option<JoinHandle<Option<Built>>>>,
}

impl Pending {
    fn ready(built: Option<Built>) -> Pending {
        Pending { built: OnceLock::from(built), building: Mutex::new(None) }
    }

    /// The automaton, once built (waits for the build the first time).
    fn get(&self) -> Option<&Built> {
        self.built
            .get_or_init(|| {
                let handle = self.building.lock().unwrap_or_else(|e| e.into_inner()).take();
                handle.and_then(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            })
            .as_ref()
    }
}

/// Several word lists: their entries, and how their matches compete. A
/// gazetteer is searched as part of a [`Lexicon`] (with the other
/// gazetteers of the rule set, in one automaton), or alone ([`Gazetteer::find_groups`]).
#[derive(Debug)]
pub struct Gazetteer {
    /// Per pattern: (list, canonical, caps-only form).
    targets: Vec<(usize, usize, bool)>,
    /// The surface form of each pattern, to check case exactly. Shared with
    /// the thread that builds a [`Lexicon`]'s automaton, rather than copied.
    patterns: Arc<[String]>,
    rules: Vec<RuleId>,
    /// Per list: matched ignoring ASCII case.
    case_insensitive: Vec<bool>,
    /// Per list: the group whose matches it competes with (see [`Gazetteer::grouped`]).
    group: Vec<usize>,
    /// This gazetteer's own automaton, for searches of it alone: built on first use.
    alone: OnceLock<Lexicon>,
}

impl Gazetteer {
    pub fn new(lists: &[&ListRule], names: &mut RuleNames) -> Gazetteer {
        Gazetteer::mixed(&lists.iter().map(|l| (*l, true)).collect::<Vec<_>>(), names)
    }

    /// Like [`Gazetteer::new`], but without the upper-case forms for
    /// all-capitals lines: for long lists that are only read in context.
    pub fn without_caps(lists: &[&ListRule], names: &mut RuleNames) -> Gazetteer {
        Gazetteer::mixed(&lists.iter().map(|l| (*l, false)).collect::<Vec<_>>(), names)
    }

    /// Lists with (true) or without their upper-case forms. All lists form
    /// one group: leftmost-longest matches, none overlapping another.
    pub fn mixed(lists: &[(&ListRule, bool)], names: &mut RuleNames) -> Gazetteer {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        let mut rules = Vec::new();
        for (li, (list, caps)) in lists.iter().enumerate() {
            rules.push(names.intern(&list.id));
            for (surface, canonical) in &list.entries {
                patterns.push(surface.clone());
                targets.push((li, *canonical, false));
                if *caps && !list.case_insensitive {
                    let upper = surface.to_uppercase();
                    if upper != *surface {
                        patterns.push(upper);
                        targets.push((li, *canonical, true));
                    }
                }
            }
        }
        let case_insensitive = lists.iter().map(|(l, _)| l.case_insensitive).collect();
        let group = vec![0; lists.len()];
        Gazetteer { targets, patterns: patterns.into(), rules, case_insensitive, group, alone: OnceLock::new() }
    }

    /// The same lists in groups: `group[list]`, numbered from 0. Matches are
    /// leftmost-longest and non-overlapping within each group; groups do not
    /// see each other's matches.
    pub fn grouped(mut self, group: Vec<usize>) -> Gazetteer {
        assert_eq!(group.len(), self.rules.len(), "one group per list");
        self.group = group;
        self
    }

    /// The same gazetteer with its lists' rule ids interned in `names`, as
    /// [`Gazetteer::mixed`] interns them: a gazetteer built before the
    /// extractors (for [`super::Early`]), numbered as if built in its turn.
    pub fn renumbered(mut self, lists: &[&ListRule], names: &mut RuleNames) -> Gazetteer {
        assert_eq!(lists.len(), self.rules.len(), "the lists it was built from");
        self.rules = lists.iter().map(|l| names.intern(&l.id)).collect();
        self
    }

    /// Each list in a group of its own: the matches of each list as a
    /// gazetteer of that list alone would give them.
    pub fn each_list(self) -> Gazetteer {
        let n = self.rules.len();
        self.grouped((0..n).collect())
    }

    /// How many groups the matches come in.
    fn groups(&self) -> usize {
        self.group.iter().max().map_or(0, |g| g + 1)
    }

    /// True when some list folds ASCII case.
    fn folds_case(&self) -> bool {
        self.case_insensitive.iter().any(|&ci| ci)
    }

    /// Every whole-word match of a gazetteer with one group, leftmost-longest
    /// and non-overlapping.
    pub fn find(&self, text: &str) -> Vec<GazetteerMatch> {
        self.alone().find(&[self], text, &match_starts(text)).pop().unwrap_or_default()
    }

    /// The matches in `doc`, per group, from a walk of this gazetteer alone
    /// (a [`Lexicon`] gives the same for several gazetteers in one automaton).
    pub fn find_groups(&self, doc: &Doc<'_>) -> Vec<Vec<GazetteerMatch>> {
        self.alone().find(&[self], doc.text, &doc.starts)
    }

    fn alone(&self) -> &Lexicon {
        self.alone.get_or_init(|| Lexicon::new(&[self], 0..1))
    }

    /// The match of pattern `pid` over `span`, if its end is a word's end
    /// and its case is right. `exact`: the span's bytes are known to be the
    /// pattern's (an automaton that does not fold case matched them).
    fn accept(&self, text: &str, span: Span, pid: usize, exact: bool) -> Option<GazetteerMatch> {
        let (list, canonical, caps_only) = self.targets[pid];
        if !ends_of_words(text, span) {
            return None;
        }
        if !self.case_insensitive[list] {
            if !exact && text[span] != self.patterns[pid] {
                return None;
            }
            if caps_only && !line_is_caps(text, span) {
                return None;
            }
        }
        Some(GazetteerMatch { span, list, canonical, rule: self.rules[list] })
    }
}

/// [`whole_word`], told from the bytes at the span's edges when they are
/// ASCII (nearly always): decoding the chars on either side was half of
/// accepting a match.
fn ends_of_words(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.get(span.start), bytes[..span.end].last()) else {
        return whole_word(text, span);
    };
    let before = span.start.checked_sub(1).map_or(b' ', |i| bytes[i]);
    let after = bytes.get(span.end).copied().unwrap_or(b' ');
    if span.is_empty() || !(first | last | before | after).is_ascii() {
        return whole_word(text, span);
    }
    let word = |b: u8| WORD_BYTE[usize::from(b)];
    !(word(before) && word(first) || word(after) && word(last))
}

/// Several gazetteers in one automaton, walked once from each word start:
/// each gazetteer's matches are those it would find alone (its groups
/// compete only among themselves), for the cost of one walk where they share
/// a word's first letters, instead of one per gazetteer.
#[derive(Debug)]
pub struct Lexicon {
    walker: Pending,
    /// How entries start: most words that start like an entry do not
    /// continue like one, and the test costs less than the automaton's first
    /// steps.
    prefixes: Prefixes,
    /// Some entry starts with ASCII white space, which [`match_starts`] skips.
    space_first: bool,
    /// The automaton folds ASCII case (some member does).
    folds: bool,
    /// Per pattern: the gazetteer (its index among the members) and its
    /// pattern there. (Indexes as u32: there is one per entry of the towns.)
    owner: Vec<(u32, u32)>,
    /// Per pattern: its group, numbered across all the members.
    group: Vec<u32>,
    /// Per member: its first group; one more entry for the total.
    first_group: Vec<usize>,
}

impl Lexicon {
    /// One automaton for the gazetteers `members[take]`. Every search must be
    /// given `members` again, or more gazetteers after them.
    pub fn new(members: &[&Gazetteer], take: Range<usize>) -> Lexicon {
        let taken = &members[take.clone()];
        let all = Entries(taken.iter().map(|g| Arc::clone(&g.patterns)).collect());
        let ci = taken.iter().any(|g| g.folds_case());
        // A large automaton (the towns) takes a third of start-up to build:
        // it is built on a thread of its own while the other rules compile,
        // and the first search waits for it. Started first: it is the
        // longest thread of a start-up, and the tables below do not need it.
        let walker = if all.bytes() > DFA_MAX_BYTES {
            let shared = Entries(all.0.clone());
            match thread::Builder::new().name("newsx-gazetteer".into()).spawn(move || build(&shared, ci)) {
                Ok(handle) => Pending { built: OnceLock::new(), building: Mutex::new(Some(handle)) },
                Err(_) => Pending::ready(build(&all, ci)),
            }
        } else {
            Pending::ready(build(&all, ci))
        };
        let (mut owner, mut group, mut first_group) = (Vec::new(), Vec::new(), vec![0]);
        for (m, g) in members.iter().enumerate() {
            let first = *first_group.last().expect("starts with 0");
            if !take.contains(&m) {
                first_group.push(first);
                continue;
            }
            owner.extend((0..g.patterns.len()).map(|pid| (m as u32, pid as u32)));
            group.extend(g.targets.iter().map(|t| (first + g.group[t.0]) as u32));
            first_group.push(first + g.groups());
        }
        let prefixes = Prefixes::new(all.iter(), ci);
        let space_first = (0..=127u8).any(|b| b.is_ascii_whitespace() && prefixes.first[usize::from(b)]);
        Lexicon { walker, prefixes, space_first, folds: ci, owner, group, first_group }
    }

    /// True when this lexicon holds as many entries of each of `members`
    /// as they have (a check that it was built from them).
    pub fn built_from(&self, members: &[&Gazetteer]) -> bool {
        let mut held = vec![0; members.len()];
        for &(m, _) in &self.owner {
            if let Some(n) = held.get_mut(m as usize) {
                *n += 1;
            }
        }
        held.iter().zip(members).all(|(&n, g)| n == 0 || n == g.patterns.len())
            && self.owner.iter().all(|&(m, _)| (m as usize) < members.len())
    }

    /// Leftmost-longest, non-overlapping matches within each group of
    /// lists, numbered across `members` (the gazetteers this lexicon was
    /// built from, in the same order): member `m`'s groups are
    /// `first_group[m]..first_group[m + 1]`. `starts` are the text's
    /// `match_starts` (or more).
    fn find(&self, members: &[&Gazetteer], text: &str, starts: &[usize]) -> Vec<Vec<GazetteerMatch>> {
        self.find_in(members, text, starts, true)
    }

    /// [`Lexicon::find`], with its shortcuts or (`shortcuts` false) without:
    /// the leading runs looked up in [`Heads`] rather than walked like the
    /// rest, and the bytes of a case-sensitive entry's match not compared
    /// with the entry when the automaton does not fold case.
    fn find_in(
        &self,
        members: &[&Gazetteer],
        text: &str,
        starts: &[usize],
        shortcuts: bool,
    ) -> Vec<Vec<GazetteerMatch>> {
        debug_assert!(members.len() + 1 >= self.first_group.len(), "the members the lexicon was built from");
        // Sized for a match every few hundred bytes: grown one push at a
        // time, these vectors took a realloc per few matches.
        let groups = *self.first_group.last().expect("starts with 0");
        let mut out: Vec<Vec<GazetteerMatch>> = (0..groups).map(|_| Vec::with_capacity(text.len() / 256)).collect();
        let with_space;
        let starts = if self.space_first {
            with_space = match_starts_with_space(text);
            &with_space
        } else {
            starts
        };
        if let Some(built) = self.walker.get() {
            let h = shortcuts.then_some(&built.heads);
            match &built.walker {
                Walker::Dfa(a) => self.find_with(a, h, members, text, starts, &mut out),
                Walker::Nfa(a) => self.find_with(a, h, members, text, starts, &mut out),
            }
        }
        out
    }

    /// Sets `out[m]` to member `m`'s matches, per group
    /// ([`Gazetteer::find_groups`]), for each member of this lexicon.
    fn fill(&self, members: &[&Gazetteer], doc: &Doc<'_>, out: &mut [Vec<Vec<GazetteerMatch>>]) {
        let mut groups = self.find(members, doc.text, &doc.starts).into_iter();
        for (m, w) in self.first_group.windows(2).enumerate() {
            if w[1] > w[0] {
                out[m] = groups.by_ref().take(w[1] - w[0]).collect();
            }
        }
    }

    fn find_with<A: Automaton>(
        &self,
        a: &A,
        heads: Option<&Heads>,
        members: &[&Gazetteer],
        text: &str,
        starts: &[usize],
        out: &mut [Vec<GazetteerMatch>],
    ) {
        let bytes = text.as_bytes();
        // With the shortcuts (`heads`), a case-sensitive entry's match is not
        // compared with the entry where the automaton matched bytes exactly.
        let exact = heads.is_some() && !self.folds;
        let Ok(from) = a.start_state(Anchored::Yes) else { return };
        // Matches starting at one position: (end, pattern).
        let mut here: Vec<(usize, usize)> = Vec::new();
        // Per group, where the last match taken ends: nothing may start
        // before it (leftmost-longest, no overlaps). (A position where every
        // group is taken is rare: testing for one cost more than it spared.)
        let mut free_from = vec![0; out.len()];
        // The starts where some entry may start, found in a loop of their
        // own: the test turns down four starts in five, and alone in its loop
        // it keeps what it reads in registers, where the loop below spilled them.
        // Empty: the filter sizes it to every start once (it writes each
        // before it knows whether to keep it).
        let mut maybe = Vec::new();
        self.prefixes.filter(bytes, starts, &mut maybe);
        for &at in &maybe {
            let lead = match bytes.get(at..at + 16) {
                Some(chunk) => heads.map(|heads| heads.lead(words(chunk), bytes, at)),
                None => heads.map(|heads| heads.lead_near_end(bytes, at)),
            };
            here.clear();
            let mut push = |pid, end| here.push((end, pid));
            match lead {
                // Matches inside the run end inside a word: none counts.
                Some((run, head)) if run > 0 => {
                    let Some(head) = head else { continue };
                    // Tested here, not only in `matches_of`: most heads
                    // match nothing, and the call cost more than the test.
                    if a.is_match(head.sid) {
                        matches_of(a, head.sid, at, at + run, &mut push);
                    }
                    if head.goes_on(bytes, at + run) {
                        walk(a, head.sid, bytes, at, at + run, &mut push);
                    }
                }
                _ => walk(a, from, bytes, at, at, &mut push),
            }
            if here.len() > 1 {
                // Longest first; among equal spans the earlier list entry
                // (members' patterns come in order, so within a member too).
                here.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            }
            for &(end, pid) in &here {
                let g = self.group[pid] as usize;
                if free_from[g] > at {
                    continue;
                }
                let (member, local) = self.owner[pid];
                if let Some(m) = members[member as usize].accept(text, Span::new(at, end), local as usize, exact) {
                    free_from[g] = end;
                    out[g].push(m);
                }
            }
        }
    }
}

/// The gazetteers of a rule set, walked in a few [`Lexicon`]s: each of them
/// in exactly one.
#[derive(Debug, Default)]
pub struct Lexicons {
    parts: Vec<Lexicon>,
}

impl Lexicons {
    pub fn new(parts: Vec<Lexicon>) -> Lexicons {
        Lexicons { parts }
    }

    /// Each member's matches in `doc`, per group ([`Gazetteer::find_groups`]);
    /// `members` as given to the parts' [`Lexicon::new`].
    pub fn find(&self, members: &[&Gazetteer], doc: &Doc<'_>) -> Vec<Vec<Vec<GazetteerMatch>>> {
        let mut out = vec![Vec::new(); members.len()];
        for lexicon in &self.parts {
            lexicon.fill(members, doc, &mut out);
        }
        out
    }
}

/// The first bytes of a gazetteer's entries (both cases where case is
/// folded): the first byte exactly, the first two exactly (two bits per pair
/// ([`pair`]): some entry starts so; some entry that short does), the
/// first three by a hash into as many bits (a collision only costs a walk).
#[derive(Debug)]
struct Prefixes {
    first: [bool; 256],
    /// Per pair, bit 0: some entry starts with it; bit 1: some entry shorter
    /// than three bytes does (no third byte to test). A byte per pair, not
    /// two bits: the test runs at most word starts, and picking two bits
    /// out of a word took four instructions more.
    pairs: Box<[u8; 1 << 16]>,
    triples: Box<[u64; 1024]>,
}

impl Prefixes {
    fn new<'p>(patterns: impl Iterator<Item = &'p String>, ci: bool) -> Prefixes {
        let pairs = vec![0; 1 << 16].into_boxed_slice().try_into().expect("a byte per pair");
        let mut p = Prefixes { first: [false; 256], pairs, triples: Box::new([0; 1024]) };
        let set = |bits: &mut [u64], bit: usize| bits[bit / 64] |= 1 << (bit % 64);
        let cases = |b: u8| if ci { [b.to_ascii_lowercase(), b.to_ascii_uppercase()] } else { [b, b] };
        let any = || (0..=255).collect::<Vec<u8>>();
        for pattern in patterns {
            let bytes = pattern.as_bytes();
            let Some(&b0) = bytes.first() else { continue };
            for b0 in cases(b0) {
                p.first[usize::from(b0)] = true;
                let seconds = bytes.get(1).map_or_else(any, |&b| cases(b).to_vec());
                for b1 in seconds {
                    p.pairs[pair(b0, b1)] |= 1;
                    match bytes.get(2) {
                        Some(&b2) => {
                            for b2 in cases(b2) {
                                set(&mut p.triples[..], triple(b0, b1, b2));
                            }
                        }
                        None => p.pairs[pair(b0, b1)] |= 2,
                    }
                }
            }
        }
        p
    }

    /// Pushes to `out` the `starts` where some entry may start.
    fn filter(&self, bytes: &[u8], starts: &[usize], out: &mut Vec<usize>) {
        // Below `wide`, eight bytes are there to read: one comparison, where
        // `bytes.get(at..at + 8)` tested for an overflow too.
        let wide = bytes.len().saturating_sub(7);
        // Without a branch on the answer: the test keeps one start in five,
        // at no pattern a predictor learns, and a mispredicted branch cost
        // more than the stores. Every start is written and the count moves
        // on by the answer.
        let first = out.len();
        out.resize(first + starts.len(), 0);
        let mut n = first;
        for &at in starts {
            let keep = if at < wide {
                self.may_start_word(u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes")))
            } else {
                self.may_start(bytes, at)
            };
            out[n] = at;
            n += usize::from(keep);
        }
        out.truncate(n);
    }

    /// [`Prefixes::may_start`] where the eight bytes at `at` are there to
    /// read, given as a word (the first in its low byte): the pair is its
    /// low sixteen bits and the triple its low 24, with no bounds to check.
    /// Both tables are read and the bits combined, without branches.
    #[inline]
    fn may_start_word(&self, word: u64) -> bool {
        let bits = self.pairs[usize::from(word as u16)];
        let t = triple_of(word as u32 & 0xFF_FFFF);
        let triple = (self.triples[t / 64] >> (t % 64)) as u8;
        bits & (bits >> 1 | triple) & 1 == 1
    }

    /// False when no entry can start at `at`.
    #[inline]
    fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        let b0 = bytes[at];
        let Some(&b1) = bytes.get(at + 1) else { return self.first[usize::from(b0)] };
        let bits = self.pairs[pair(b0, b1)];
        if bits & 1 == 0 {
            return false;
        }
        match bytes.get(at + 2) {
            Some(&b2) if bits & 2 == 0 => {
                let t = triple(b0, b1, b2);
                self.triples[t / 64] >> (t % 64) & 1 == 1
            }
            _ => true,
        }
    }
}

/// Two bytes as a number, the first in the low byte, as a little-endian
/// read of them gives it ([`Prefixes::may_start_word`]).
fn pair(b0: u8, b1: u8) -> usize {
    usize::from(b1) << 8 | usize::from(b0)
}

/// Three bytes hashed to 16 bits.
fn triple(b0: u8, b1: u8, b2: u8) -> usize {
    triple_of(u32::from(b2) << 16 | u32::from(b1) << 8 | u32::from(b0))
}

/// Three bytes as a number ([`pair`]'s order) hashed to 16 bits
/// (multiplicative hashing: the top bits of the product mix all three).
#[inline]
fn triple_of(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// Byte offsets of the chars where a whole-word match may start: every char
/// that is neither a word character nor ASCII white space, and every word
/// character that begins a word. The gazetteers skip from one to the next
/// instead of testing every byte. (An entry that starts with white space
/// needs [`match_starts_with_space`].)
pub fn match_starts(text: &str) -> Vec<usize> {
    starts(text, false)
}

/// [`match_starts`] and the ASCII white space too.
pub fn match_starts_with_space(text: &str) -> Vec<usize> {
    starts(text, true)
}

fn starts(text: &str, with_space: bool) -> Vec<usize> {
    let bytes = text.as_bytes();
    // Eight ASCII bytes hold one or two starts: `FLAT` slots are written for
    // each such chunk whatever their number, and `n` moves on by it. A loop
    // over the starts found, ended by a mispredicted branch in most chunks,
    // cost more than the stores.
    const FLAT: usize = 4;
    let mut starts = vec![0; bytes.len() / 4 + FLAT];
    let mut n = 0;
    let mut prev_word = false;
    let mut at = 0;
    while at < bytes.len() {
        // Eight ASCII bytes at a time: one test per byte was most of the cost.
        if let Some(chunk) = bytes.get(at..at + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if x & HIGH == 0 {
                let word = alphanumerics(x) | equal(x, b'_');
                // Each byte's lane gets the word bit of the byte before it.
                let before = word << 8 | if prev_word { 0x80 } else { 0 };
                let other = !word & HIGH;
                let other = if with_space { other } else { other & !ascii_space(x) };
                let mut found = (word & !before) | other;
                let count = found.count_ones() as usize;
                if starts.len() < n + 8 {
                    starts.resize(2 * starts.len() + 8, 0);
                }
                // Past the last start, `found` is 0 and the slot written is
                // `at + 8`, overwritten or cut off later.
                for slot in &mut starts[n..n + FLAT] {
                    *slot = at + found.trailing_zeros() as usize / 8;
                    found &= found.wrapping_sub(1);
                }
                let mut k = n + FLAT;
                while found != 0 {
                    starts[k] = at + found.trailing_zeros() as usize / 8;
                    found &= found - 1;
                    k += 1;
                }
                n += count;
                prev_word = word >> 63 == 1;
                at += 8;
                continue;
            }
        }
        let b = bytes[at];
        let (start, word, len) = if b.is_ascii() {
            let word = WORD_BYTE[usize::from(b)];
            ((word && !prev_word) || (!word && (with_space || !b.is_ascii_whitespace())), word, 1)
        } else {
            let c = text[at..].chars().next().expect("at a char boundary");
            let word = is_word_char(c);
            (!(prev_word && word), word, c.len_utf8())
        };
        if start {
            if starts.len() == n {
                starts.resize(2 * n + 8, 0);
            }
            starts[n] = at;
            n += 1;
        }
        prev_word = word;
        at += len;
    }
    starts.truncate(n);
    starts
}

/// The high bit of each byte of the ASCII word `x` that equals `b`.
fn equal(x: u64, b: u8) -> u64 {
    // Lanes are below 0x80: setting bit 7 before subtracting keeps borrows in
    // their lane, and bit 7 survives exactly where the lane was not zero.
    let t = x ^ (ONES * u64::from(b));
    !((t | HIGH) - ONES) & HIGH
}

/// The high bit of each byte of the ASCII word `x` that is ASCII white space
/// (`u8::is_ascii_whitespace`: space, tab, line feed, form feed, carriage return).
fn ascii_space(x: u64) -> u64 {
    let space = equal(x, b' ');
    // The high bit of each byte below 0x20 (exact, as in `equal`). Most words
    // of text hold no control character: testing for one first spared four
    // comparisons of every word.
    let controls = !((x | HIGH) - ONES * 0x20) & HIGH;
    if controls == 0 {
        return space;
    }
    space | equal(x, b'\t') | equal(x, b'\n') | equal(x, 0x0c) | equal(x, b'\r')
}

/// Walks `a` on from state `sid` at byte `at`, in a walk anchored at
/// `start`, calling `found(pattern, end)` for every entry that spans exactly
/// `start..end`.
fn walk<A: Automaton>(
    a: &A,
    mut sid: StateID,
    bytes: &[u8],
    start: usize,
    at: usize,
    found: &mut impl FnMut(usize, usize),
) {
    for (i, &b) in bytes[at..].iter().enumerate() {
        sid = a.next_state(Anchored::Yes, sid, b);
        if !a.is_special(sid) {
            continue;
        }
        if a.is_dead(sid) {
            return;
        }
        matches_of(a, sid, start, at + i + 1, found);
    }
}

/// Calls `found(pattern, end)` for the entries that state `sid`, reached at
/// `end` in a walk anchored at `start`, matches.
fn matches_of<A: Automaton>(a: &A, sid: StateID, start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    if !a.is_match(sid) {
        return;
    }
    for k in 0..a.match_len(sid) {
        let pid = a.match_pattern(sid, k);
        // A state also carries the entries that end here but start later
        // (its suffixes): only those starting here count.
        if a.pattern_len(pid) == end - start {
            found(pid.as_usize(), end);
        }
    }
}

/// Where an automaton stands after each entry's leading run of ASCII
/// letters and digits ("Iran" of "Iran Air"), by that run (lower-cased when
/// the automaton folds case). A whole-word match starting at a text's run
/// of those holds the same run, so a run that is no entry's cannot start
/// one, and one that is skips the walk over it: one lookup instead of a
/// step per byte, where each step waits on memory.
#[derive(Debug)]
struct Heads {
    /// Runs of up to eight bytes, as a number ([`run_key`]): most are, and
    /// hashing a number costs less than hashing and comparing bytes.
    short: Table<u64>,
    /// Runs of nine to sixteen bytes, as a number: a third of the folded
    /// lexicon's lookups ("government", "cooperation"), which as bytes
    /// were lower-cased into a new allocation each.
    mid: Table<[u64; 2]>,
    long: Map<Box<[u8]>, Head>,
    longest: usize,
    fold: bool,
}

impl Heads {
    fn new<A: Automaton>(a: &A, patterns: &Entries, fold: bool) -> Heads {
        let (mut short, mut mid, mut long) = (Map::default(), Map::default(), Map::default());
        let mut longest = 0;
        if let Ok(from) = a.start_state(Anchored::Yes) {
            for p in patterns.iter() {
                let run = &p.as_bytes()[..alphanumeric_len(p.as_bytes())];
                if run.is_empty() {
                    continue;
                }
                let mut first = || {
                    longest = longest.max(run.len());
                    let sid = run.iter().fold(from, |sid, &b| a.next_state(Anchored::Yes, sid, b));
                    Head { sid, after_space: 0 }
                };
                let head = match run_key(run, 0, run.len(), fold) {
                    Some(key) if run.len() <= 8 => short.entry(key as u64).or_insert_with(&mut first),
                    Some(key) => mid.entry(halves(key)).or_insert_with(&mut first),
                    None => long
                        .entry(if fold { run.to_ascii_lowercase() } else { run.to_vec() }.into())
                        .or_insert_with(&mut first),
                };
                head.after_space |= after_space(p.as_bytes(), run.len(), fold);
            }
        }
        Heads { short: Table::new(short), mid: Table::new(mid), long, longest, fold }
    }

    /// The length of the run of ASCII letters and digits at `at`, and its
    /// [`Head`] when it is some entry's leading run; `lo` and `hi` are the
    /// sixteen bytes at `at` ([`words`]). The run's length and its key come
    /// from the same two words, read once rather than once for each.
    #[inline(always)]
    fn lead(&self, (lo, hi): (u64, u64), bytes: &[u8], at: usize) -> (usize, Option<Head>) {
        let fold = if self.fold { ONES * 0x20 } else { 0 };
        let others = !alphanumerics(lo) & HIGH;
        if others != 0 {
            let run = others.trailing_zeros() as usize / 8;
            if run == 0 || run > self.longest {
                return (run, None);
            }
            let key = (lo | fold) & !(u64::MAX << (8 * run));
            return (run, self.short.get(key));
        }
        let others = !alphanumerics(hi) & HIGH;
        if others == 0 {
            let run = alphanumeric_len(&bytes[at..]);
            return (run, self.get(bytes, at, run));
        }
        let run = 8 + others.trailing_zeros() as usize / 8;
        if run > self.longest {
            return (run, None);
        } else if run == 8 {
            return (run, self.short.get(lo | fold));
        }
        (run, self.mid.get([lo | fold, (hi | fold) & !(u64::MAX << (8 * (run - 8)))]))
    }

    /// [`Heads::lead`] within sixteen bytes of the text's end.
    fn lead_near_end(&self, bytes: &[u8], at: usize) -> (usize, Option<Head>) {
        let run = alphanumeric_len(&bytes[at..]);
        (run, self.get(bytes, at, run))
    }

    /// The state after `bytes[at..at + run]` (ASCII letters and digits),
    /// when it is some entry's leading run.
    #[inline]
    fn get(&self, bytes: &[u8], at: usize, run: usize) -> Option<Head> {
        if run > self.longest {
            None
        } else if let Some(key) = run_key(bytes, at, run, self.fold) {
            if run <= 8 {
                self.short.get(key as u64)
            } else {
                self.mid.get(halves(key))
            }
        } else if self.fold {
            self.long.get(&*bytes[at..at + run].to_ascii_lowercase()).copied()
        } else {
            self.long.get(&bytes[at..at + run]).copied()
        }
    }
}

/// Sixteen bytes as two words, the first eight in the low one.
#[inline]
fn words(chunk: &[u8]) -> (u64, u64) {
    let (lo, hi) = chunk.split_at(8);
    (
        u64::from_le_bytes(lo.try_into().expect("eight bytes")),
        u64::from_le_bytes(hi[..8].try_into().expect("eight bytes")),
    )
}

/// A [`run_key`] of nine to sixteen bytes as its low and high words.
fn halves(key: u128) -> [u64; 2] {
    [key as u64, (key >> 64) as u64]
}

/// A key of [`Table`]: never zero (a run has a byte, and no byte of a run
/// is zero), so that zero marks an empty slot.
trait Key: Copy + Eq {
    const EMPTY: Self;
    /// Multiplicative hashing: the top bits of the product mix every bit of the key.
    fn hash(self) -> u64;
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Key for u64 {
    const EMPTY: u64 = 0;
    #[inline]
    fn hash(self) -> u64 {
        self.wrapping_mul(GOLDEN)
    }
}

impl Key for [u64; 2] {
    const EMPTY: [u64; 2] = [0, 0];
    #[inline]
    fn hash(self) -> u64 {
        (self[0].wrapping_mul(GOLDEN) ^ self[1]).wrapping_mul(GOLDEN)
    }
}

/// The heads by key, in open addressing with linear probing, at most half
/// full. Most lookups are of keys that are there, or of keys that are not
/// and whose first slot is empty or holds another key: a multiplication and
/// a slot or two, where the general hash map spent about 70 instructions.
#[derive(Debug)]
struct Table<K> {
    slots: Box<[(K, Head)]>,
    /// 64 less the bits of a slot's index: the hash's top bits pick it.
    shift: u32,
}

impl<K: Key + std::hash::Hash> Table<K> {
    fn new(entries: Map<K, Head>) -> Table<K> {
        let len = (2 * entries.len()).next_power_of_two().max(2);
        let empty = (K::EMPTY, Head { sid: StateID::ZERO, after_space: 0 });
        let mut table = Table { slots: vec![empty; len].into(), shift: 64 - len.trailing_zeros() };
        for (key, head) in entries {
            let mut i = table.home(key);
            while table.slots[i].0 != K::EMPTY {
                i = (i + 1) & (len - 1);
            }
            table.slots[i] = (key, head);
        }
        table
    }

    #[inline]
    fn home(&self, key: K) -> usize {
        (key.hash() >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: K) -> Option<Head> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, head) = self.slots[i & mask];
            if k == key {
                return Some(head);
            } else if k == K::EMPTY {
                return None;
            }
            i += 1;
        }
    }
}

/// Where an automaton stands after an entry's leading run, and where it can
/// go on to after that run and a space. Most walks from a run end two steps
/// on, at the first byte of the next word ("The company"): a walk is spared
/// when that byte cannot follow, and with it a visit to two states, each
/// likely a cache miss in the large automaton.
#[derive(Clone, Copy, Debug)]
struct Head {
    sid: StateID,
    /// Bit `b & 63` for each byte `b` that can follow the run and a space
    /// (each ASCII letter has a bit of its own; a bit per pair of bytes,
    /// "B" and "C" sharing one, sent a tenth more walks on); every bit when
    /// the run and a space are some entry's end.
    after_space: u64,
}

impl Head {
    /// False when a walk on from this head at `bytes[at..]` can find nothing.
    #[inline]
    fn goes_on(&self, bytes: &[u8], at: usize) -> bool {
        match bytes.get(at..at + 2) {
            Some(&[b' ', b]) => self.after_space >> (b & 63) & 1 == 1,
            _ => true,
        }
    }
}

/// The bits of [`Head::after_space`] that `entry`, whose leading run is
/// `run` bytes long, sets. An anchored walk goes only where some entry does
/// (both cases of a letter when the automaton folds case), so the entries
/// tell where it goes, without trying every byte on every head's state
/// while the automaton's thread builds.
fn after_space(entry: &[u8], run: usize, fold: bool) -> u64 {
    let bit = |b: u8| 1u64 << (b & 63);
    match (entry.get(run), entry.get(run + 1)) {
        (Some(b' '), None) => u64::MAX,
        (Some(b' '), Some(&b)) if fold => bit(b.to_ascii_lowercase()) | bit(b.to_ascii_uppercase()),
        (Some(b' '), Some(&b)) => bit(b),
        _ => 0,
    }
}

/// The run `bytes[at..at + len]` of one to sixteen bytes as a number, its
/// bytes in order from the lowest: a run holds no zero byte, so the zero
/// bytes above it tell its length. Folding case sets bit 5 of every byte,
/// which lower-cases a letter and leaves a digit as it is. Read straight
/// from the text where sixteen bytes are there to read (a copy of the run
/// was a call to `memcpy`).
#[inline]
fn run_key(bytes: &[u8], at: usize, len: usize, fold: bool) -> Option<u128> {
    if len == 0 || len > 16 {
        return None;
    }
    let raw = match bytes.get(at..at + 16) {
        Some(chunk) => u128::from_le_bytes(chunk.try_into().expect("sixteen bytes")),
        None => {
            let mut copy = [0u8; 16];
            copy[..len].copy_from_slice(&bytes[at..at + len]);
            u128::from_le_bytes(copy)
        }
    };
    let mask = u128::MAX >> (128 - 8 * len);
    let fold_bits = if fold { 0x2020_2020_2020_2020_2020_2020_2020_2020 } else { 0 };
    Some((raw | fold_bits) & mask)
}

/// The automaton for `patterns` ([`build_walker`]) and its [`Heads`].
/// The entries of several gazetteers, in order.
struct Entries(Vec<Arc<[String]>>);

impl Entries {
    fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter().flat_map(|p| p.iter())
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|p| p.is_empty())
    }

    fn bytes(&self) -> usize {
        self.iter().map(String::len).sum()
    }
}

fn build(patterns: &Entries, ci: bool) -> Option<Built> {
    let walker = build_walker(patterns, ci)?;
    let heads = match &walker {
        Walker::Dfa(a) => Heads::new(a, patterns, ci),
        Walker::Nfa(a) => Heads::new(a, patterns, ci),
    };
    Some(Built { walker, heads })
}

/// The automaton for `patterns`: a DFA (a table lookup per byte) when they
/// are few, else the smaller contiguous NFA. Case-insensitive lists are rare
/// and small; when one is present (`ci`) the automaton folds ASCII case and
/// case-sensitive entries are checked against the text afterwards.
/// No prefilter: it serves unanchored searches, and the walks are anchored;
/// building it for the towns cost a share of start-up.
fn build_walker(patterns: &Entries, ci: bool) -> Option<Walker> {
    if patterns.is_empty() {
        None
    } else if patterns.bytes() <= DFA_MAX_BYTES {
        dfa::Builder::new()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .ascii_case_insensitive(ci)
            .prefilter(false)
            .build(patterns.iter())
            .ok()
            .map(Walker::Dfa)
    } else {
        contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(ci)
            .prefilter(false)
            .build(patterns.iter())
            .ok()
            .map(Walker::Nfa)
    }
}

/// True when the line around `span` has letters and none of them lower-case.
pub fn line_is_caps(text: &str, span: Span) -> bool {
    // Scans outward from the span and stops at the first lower-case letter, so
    // that a call costs little on ordinary text even when its line is huge.
    let mut letters = 0;
    for c in text[span.start..span.end].chars() {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
    }
    for c in text[..span.start].chars().rev().take_while(|&c| c != '\n') {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
    }
    for c in text[span.end..].chars().take_while(|&c| c != '\n') {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
    }
    letters > 0
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::extract::{whole_word, Extractor};
    use proptest::prelude::*;

    /// What [`starts`] finds, by its definition, a char at a time.
    fn starts_reference(text: &str, with_space: bool) -> Vec<usize> {
        let mut out = Vec::new();
        let mut prev_word = false;
        for (at, c) in text.char_indices() {
            let word = is_word_char(c);
            let space = c.is_ascii_whitespace();
            if (word && !prev_word) || (!word && (with_space || !space)) {
                out.push(at);
            }
            prev_word = word;
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn starts_are_those_of_the_definition(parts in prop::collection::vec(prop::sample::select(vec![
            "a", "Zq", "09", "_", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", ".", ",", "-", "'", "@", "`", "[", "{",
            "\x7f", "é", "Ø", "“", "—", "中", "\u{a0}", "abcdefgh", "Word word", "x_y1", "\u{85}",
        ]), 0..24)) {
            let text = parts.concat();
            for with_space in [false, true] {
                prop_assert_eq!(starts(&text, with_space), starts_reference(&text, with_space), "{:?}", text);
            }
        }
    }

    /// Built once: compiling the rules takes longer than a test case.
    static EXTRACTOR: LazyLock<Extractor> =
        LazyLock::new(|| Extractor::new(&crate::rules::load_embedded().expect("rules")).expect("extractor"));

    /// Text made of the gazetteers' own entries (whole, cut short, in other
    /// cases), so that entries of different gazetteers start at the same
    /// words, overlap and compete.
    fn lexicon_text() -> impl Strategy<Value = String> {
        let entries: Vec<String> =
            EXTRACTOR.gazetteers().iter().flat_map(|g| g.patterns.iter().step_by(7).cloned()).collect();
        let word = (prop::sample::select(entries), 0usize..4, 0usize..12).prop_map(|(e, how, cut)| match how {
            0 => e.to_lowercase(),
            1 => e.to_uppercase(),
            2 => e.chars().take(cut.max(1)).collect(),
            _ => e,
        });
        let gap = prop::sample::select(vec![" ", " ", "  ", "-", ", ", ".\n", "'s ", "\n", " é", "x"]);
        prop::collection::vec((word, gap), 0..16).prop_map(|parts| parts.into_iter().map(|(w, g)| w + g).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]
        #[test]
        fn a_lexicon_finds_what_each_gazetteer_finds_alone(text in lexicon_text()) {
            let gazetteers = EXTRACTOR.gazetteers();
            let doc = Doc::new(&text, None);
            let together = EXTRACTOR.lexicons.find(&gazetteers, &doc);
            for (g, found) in gazetteers.iter().zip(together) {
                prop_assert_eq!(found, g.find_groups(&doc), "{:?}", text);
            }
        }

        #[test]
        fn the_shortcuts_find_what_the_plain_walk_finds(text in lexicon_text()) {
            let gazetteers = EXTRACTOR.gazetteers();
            let doc = Doc::new(&text, None);
            for lexicon in &EXTRACTOR.lexicons.parts {
                let walked = lexicon.find_in(&gazetteers, doc.text, &doc.starts, false);
                prop_assert_eq!(lexicon.find_in(&gazetteers, doc.text, &doc.starts, true), walked, "{:?}", text);
            }
        }
    }

    /// Entries cut to one to twelve chars (so that short ones have no
    /// third byte to test), and a text made of them, other words and gaps.
    fn entries_and_text() -> impl Strategy<Value = (Vec<String>, String)> {
        let entries: Vec<String> =
            EXTRACTOR.gazetteers().iter().flat_map(|g| g.patterns.iter().step_by(5).cloned()).collect();
        let entry = (prop::sample::select(entries), 1usize..12).prop_map(|(e, cut)| e.chars().take(cut).collect());
        prop::collection::vec(entry, 1..8).prop_flat_map(|entries| {
            let word = prop::sample::select(entries.clone())
                .prop_union(prop::sample::select(["x", "Zq", "the", "é", "中", "-", "  "].map(String::from).to_vec()));
            let case = 0usize..3;
            let text = prop::collection::vec((word, case), 0..12).prop_map(|words| {
                words
                    .into_iter()
                    .map(|(w, case)| match case {
                        0 => w.to_lowercase(),
                        1 => w.to_uppercase(),
                        _ => w,
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            (Just(entries), text)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]
        #[test]
        fn the_prefix_test_passes_wherever_an_entry_starts((entries, text) in entries_and_text(), ci in any::<bool>()) {
            let prefixes = Prefixes::new(entries.iter(), ci);
            let bytes = text.as_bytes();
            for at in (0..bytes.len()).filter(|&at| text.is_char_boundary(at)) {
                let starts = |e: &String| {
                    bytes.get(at..at + e.len()).is_some_and(|b| if ci { b.eq_ignore_ascii_case(e.as_bytes()) } else { b == e.as_bytes() })
                };
                if entries.iter().any(starts) {
                    prop_assert!(prefixes.may_start(bytes, at), "{:?} at {} of {:?}", entries, at, text);
                }
                if let Some(word) = bytes.get(at..at + 8) {
                    let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
                    prop_assert_eq!(prefixes.may_start_word(word), prefixes.may_start(bytes, at), "{:?} at {}", text, at);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn ends_of_words_are_whole_words(parts in prop::collection::vec(prop::sample::select(vec![
            "a", "Zq", "09", "_", " ", "\n", ".", "'", "é", "Ø", "“", "’", "—", "中", "\u{a0}", "x_y1", "\u{85}",
        ]), 0..10)) {
            let text = parts.concat();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k..] {
                    let span = Span::new(start, end);
                    prop_assert_eq!(ends_of_words(&text, span), whole_word(&text, span), "{:?} {:?}", text, span);
                }
            }
        }
    }

    #[test]
    fn match_starts_are_word_starts_and_other_non_space_chars() {
        let text = "Ærø's “port”, a\tb";
        let got: Vec<&str> = match_starts(text).iter().map(|&i| &text[i..]).collect();
        assert_eq!(
            got,
            [
                "Ærø's “port”, a\tb",
                "'s “port”, a\tb",
                "s “port”, a\tb",
                "“port”, a\tb",
                "port”, a\tb",
                "”, a\tb",
                ", a\tb",
                "a\tb",
                "b"
            ]
        );
        let with_space: Vec<usize> =
            match_starts_with_space(text).into_iter().filter(|&i| !text[i..].starts_with([' ', '\t'])).collect();
        assert_eq!(with_space, match_starts(text));
    }

    #[test]
    fn an_entry_starting_with_space_is_still_found() {
        let list = ListRule {
            id: "t.space".into(),
            field: "orgs".into(),
            tag: "match".into(),
            canonicals: vec![" Co".into()],
            entries: vec![(" Co".into(), 0)],
            case_insensitive: false,
            examples: Vec::new(),
            origin: crate::rules::Origin { file: "t".into(), line: 1 },
        };
        let g = Gazetteer::without_caps(&[&list], &mut RuleNames::default());
        let doc = Doc::new("Acme Co. rose", None);
        assert_eq!(g.find(doc.text).iter().map(|m| m.span).collect::<Vec<_>>(), [Span::new(4, 7)]);
        assert_eq!(g.find_groups(&doc), [g.find(doc.text)]);
    }

    fn list(id: &str, entries: &[&str], case_insensitive: bool) -> ListRule {
        ListRule {
            id: id.into(),
            field: "t".into(),
            tag: "t".into(),
            canonicals: entries.iter().map(|e| e.to_string()).collect(),
            entries: entries.iter().enumerate().map(|(i, e)| (e.to_string(), i)).collect(),
            case_insensitive,
            examples: Vec::new(),
            origin: crate::rules::Origin { file: "t".into(), line: 1 },
        }
    }

    #[test]
    fn the_prefix_tests_keep_short_entries_and_folded_case() {
        // "X" has no second byte to test and "EU" no third; the
        // case-insensitive list folds all three.
        let (short, ci) = (list("t.short", &["X", "Xi'an", "EU"], false), list("t.ci", &["cyber security"], true));
        let g = Gazetteer::new(&[&short, &ci], &mut RuleNames::default());
        let text = "X, Xi'an, X-ray, EU. EUR CYber Security and cYBER SECURITY; Xylo";
        let got: Vec<&str> = g.find(text).iter().map(|m| &text[m.span]).collect();
        assert_eq!(got, ["X", "Xi'an", "X", "EU", "CYber Security", "cYBER SECURITY"]);
    }
}
