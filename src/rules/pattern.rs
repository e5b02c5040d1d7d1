//! A compiled `[[pattern]]` rule: the `regex` crate's syntax and matches, with
//! the lazy DFA's speed kept on non-ASCII text.
//!
//! The regex engine's lazy DFA cannot evaluate a Unicode `\b` on non-ASCII
//! text; once it meets a non-ASCII byte it gives up and the search runs again
//! in the PikeVM, over the whole rest of the text, one or two orders of
//! magnitude slower (most news text has a curly quote or an accented name
//! somewhere). [`Pattern`] keeps the exact semantics and the DFA's speed: a
//! *scout*, the same pattern with every word-boundary assertion removed, finds
//! where a match could start (dropping an assertion only allows more matches,
//! so no real match starts before the scout's leftmost one); the exact pattern
//! is then tried anchored there, which the PikeVM finishes within a few bytes.
//! Capture groups are read the same way, from the match alone, and for a match
//! of ASCII text by the pattern with its classes held to ASCII, a far smaller
//! automaton ([`AsciiGroups`]).
//!
//! Two more savings come from the pattern's syntax tree: a pattern whose every
//! match starts a line (`(?m)^…`) is tried at line starts only, and a pattern
//! whose every branch starts or ends with one of a few literals is not
//! searched at all in a text that holds none of them. The syntax also tells
//! whether every match stays within one line ([`Pattern::within_lines`]) and
//! which characters no match of some patterns can hold ([`Barriers`]), so that
//! a caller may search a stretch of text alone.
//!
//! ```
//! use newsx::rules::Pattern;
//!
//! let p = Pattern::new(r"\b(?P<name>\p{Lu}\w+) said\b").unwrap();
//! let text = "Jonas Gahr Støre said; Ærø said so.";
//! let names: Vec<&str> = p.captures_iter(text).filter_map(|c| c.name("name")).map(|g| g.as_str()).collect();
//! assert_eq!(names, ["Støre", "Ærø"]);
//! ```

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex_automata::meta::{BuildError, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};

use super::Cached;
use crate::Span;

/// Shortest literal worth a test before a search: shorter ones occur
/// everywhere.
const MIN_REQUIRED_LITERAL: usize = 3;

/// Most literals worth a test before a search (what one vectorized scan
/// handles).
const MAX_REQUIRED_LITERALS: usize = 64;

/// Cap on one compiled pattern, so that a runaway `{list:…}` expansion fails
/// loudly at start instead of eating memory.
pub const SIZE_LIMIT: usize = 64 * 1024 * 1024;

/// A compiled pattern. Matches and groups are exactly those of
/// `regex::Regex` on the same pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    exact: Cached,
    scout: Option<Cached>,
    /// Where every match must start.
    starts: Starts,
    /// Literals one of which every match holds, when the syntax tells: a
    /// text without any is not searched at all.
    required: Option<AhoCorasick>,
    /// The groups of matches of ASCII text alone: most patterns never
    /// report groups, so it is built on first use.
    ascii: AsciiGroups,
    /// For a pattern held to line starts that never matches empty, the bytes
    /// a match can begin with: most lines begin with none (a blank line, a
    /// word in lower case), and are not tried.
    begins: Option<Box<[bool; 256]>>,
}

/// Where a pattern's matches can start, when its syntax says (`^`, `\A`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Starts {
    Anywhere,
    /// Only at a line's start (`(?m)^` before every match).
    Lines,
    /// Only at the text's start (`\A`).
    Text,
}

impl Pattern {
    /// Compiles `pattern`; the error reads as the `regex` crate's would.
    pub fn new(pattern: &str) -> Result<Pattern, String> {
        let (starts, required, begins) = match regex_syntax::parse(pattern) {
            // A pattern held to line starts is tried there alone, which
            // costs less than a test over the whole text.
            Ok(hir) => match starts_of(&hir) {
                Starts::Anywhere => (Starts::Anywhere, required_literals(&hir), None),
                starts => {
                    let mut begins = Box::new([false; 256]);
                    let empty = first_bytes(&hir, &mut begins);
                    (starts, None, (!empty).then_some(begins))
                }
            },
            Err(_) => (Starts::Anywhere, None, None),
        };
        // Searches of a pattern tried at line starts alone are all anchored,
        // and only unanchored ones use a prefilter: finding one cost 7 ms of
        // start-up for the published dateline alone.
        let exact = Cached::new(build(pattern, starts == Starts::Anywhere)?);
        // Nor does such a pattern ever run a scout: building
        // the date lines' scouts cost about 2 ms of start-up.
        let scout = if starts == Starts::Anywhere && has_unicode_boundary(pattern) {
            build(&without_boundaries(pattern), true).ok().map(Cached::new)
        } else {
            None
        };
        Ok(Pattern {
            source: pattern.to_string(),
            exact,
            scout,
            starts,
            required,
            ascii: AsciiGroups::default(),
            begins,
        })
    }

    /// The pattern as written (after the rule loader's expansions).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The pattern with its word-boundary assertions dropped: it matches
    /// wherever this one does, and a DFA can run it over any text.
    pub fn without_boundaries(&self) -> String {
        without_boundaries(&self.source)
    }

    /// True when the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.find_at(text, 0).is_some()
    }

    /// False when `text` lacks every literal a match needs.
    fn may_match(&self, text: &str) -> bool {
        self.required.as_ref().is_none_or(|lits| lits.is_match(text))
    }

    /// Where the leftmost of the literals one of which every match holds
    /// starts, at or after `from`; `from` itself when the pattern has no
    /// such literals. None when no match can start at or after `from`.
    pub fn next_literal(&self, text: &str, from: usize) -> Option<usize> {
        match &self.required {
            None => (from <= text.len()).then_some(from),
            Some(lits) => lits.find(aho_corasick::Input::new(text).range(from..)).map(|m| m.start()),
        }
    }

    /// True when every match lies within one line and the pattern reads
    /// the same on a line cut out of its text: it matches no newline, no empty
    /// string, and asserts nothing a line's ends would change (`\A`, `\z`, CRLF
    /// `^`/`$`; a word boundary or `(?m)^`/`$` sees the newline and the cut alike).
    /// Such a pattern, once its literals are in the text, need only be searched
    /// in the lines that hold one of them.
    pub fn within_lines(&self) -> bool {
        fn no_newline(hir: &Hir) -> bool {
            match hir.kind() {
                HirKind::Empty => true,
                HirKind::Literal(lit) => !lit.0.contains(&b'\n'),
                HirKind::Class(Class::Unicode(c)) => !c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
                HirKind::Class(Class::Bytes(c)) => !c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
                HirKind::Look(look) => matches!(
                    look,
                    Look::StartLF
                        | Look::EndLF
                        | Look::WordAscii
                        | Look::WordAsciiNegate
                        | Look::WordUnicode
                        | Look::WordUnicodeNegate
                        | Look::WordStartAscii
                        | Look::WordEndAscii
                        | Look::WordStartUnicode
                        | Look::WordEndUnicode
                        | Look::WordStartHalfAscii
                        | Look::WordEndHalfAscii
                        | Look::WordStartHalfUnicode
                        | Look::WordEndHalfUnicode
                ),
                HirKind::Repetition(r) => no_newline(&r.sub),
                HirKind::Capture(c) => no_newline(&c.sub),
                HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().all(no_newline),
            }
        }
        regex_syntax::parse(self.as_str())
            .is_ok_and(|hir| hir.properties().minimum_len().is_some_and(|n| n > 0) && no_newline(&hir))
    }

    /// The leftmost-first match starting at or after `start`.
    pub fn find_at(&self, text: &str, start: usize) -> Option<Span> {
        self.find_between(text, start, text.len())
    }

    /// The leftmost-first match within `start..end` (look-around still sees
    /// the text outside).
    fn find_between(&self, text: &str, start: usize, end: usize) -> Option<Span> {
        if self.starts != Starts::Anywhere {
            return self.find_at_line_starts(text, start, end);
        }
        let Some(scout) = &self.scout else {
            return self.exact.search(&Input::new(text).range(start..end)).map(|m| Span::new(m.start(), m.end()));
        };
        let mut pos = start;
        loop {
            let at = scout.search(&Input::new(text).range(pos..end))?.start();
            let exact = Input::new(text).range(at..end).anchored(Anchored::Yes);
            if let Some(m) = self.exact.search(&exact) {
                return Some(Span::new(m.start(), m.end()));
            }
            // A stretch may end before the text does: no search begins past it.
            pos = next_char(text, at).filter(|&p| p <= end)?;
        }
    }

    /// The match that starts exactly at `at`, if any (look-around still sees
    /// the text before it).
    pub fn find_anchored_at(&self, text: &str, at: usize) -> Option<Span> {
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        self.exact.search(&input).map(|m| Span::new(m.start(), m.end()))
    }

    /// [`Pattern::find_at`] for a pattern whose matches start only at line
    /// starts (or the text's): the exact pattern is tried anchored at each
    /// whose first byte a match can begin with, instead of a scan over every
    /// byte. The first that matches is the leftmost match.
    fn find_at_line_starts(&self, text: &str, start: usize, end: usize) -> Option<Span> {
        let bytes = &text.as_bytes()[..end];
        let mut at = start;
        loop {
            if at > 0 && (self.starts == Starts::Text || bytes[at - 1] != b'\n') {
                if self.starts == Starts::Text {
                    return None;
                }
                at += memchr::memchr(b'\n', &bytes[at..])? + 1;
            }
            // No match of a pattern with `begins` is empty: none starts at the end.
            let may_begin = self.begins.as_ref().is_none_or(|b| bytes.get(at).is_some_and(|&x| b[usize::from(x)]));
            if may_begin {
                let input = Input::new(text).range(at..end).anchored(Anchored::Yes);
                if let Some(m) = self.exact.search(&input) {
                    return Some(Span::new(m.start(), m.end()));
                }
            }
            if at == bytes.len() || self.starts == Starts::Text {
                return None;
            }
            at += 1;
        }
    }

    /// Every non-overlapping match, left to right, as `regex::Regex::find_iter`
    /// reports them (an empty match right where the last one ended is skipped).
    pub fn find_iter<'s, 't>(&'s self, text: &'t str) -> impl Iterator<Item = Span> + use<'s, 't> {
        let mut pos = self.may_match(text).then_some(0);
        let mut last_end: Option<usize> = None;
        std::iter::from_fn(move || loop {
            let m = self.find_at(text, pos?)?;
            if m.is_empty() && Some(m.end) == last_end {
                pos = next_char(text, m.end);
                continue;
            }
            pos = Some(m.end);
            last_end = Some(m.end);
            return Some(m);
        })
    }

    /// The matches of [`Pattern::find_iter`] within `within`, when none of
    /// them crosses its ends and none spans its start (a search begun there
    /// then meets the same ones); look-around still sees the text outside.
    pub fn find_iter_within<'s, 't>(&'s self, text: &'t str, within: Span) -> impl Iterator<Item = Span> + use<'s, 't> {
        let mut pos = self.may_match(&text[within.start..within.end]).then_some(within.start);
        let mut last_end: Option<usize> = None;
        std::iter::from_fn(move || loop {
            let m = self.find_between(text, pos?, within.end)?;
            if m.is_empty() && Some(m.end) == last_end {
                pos = next_char(text, m.end).filter(|&p| p <= within.end);
                continue;
            }
            pos = Some(m.end);
            last_end = Some(m.end);
            return Some(m);
        })
    }

    /// The groups of each match of [`Pattern::find_iter`].
    pub fn captures_iter<'s, 't>(&'s self, text: &'t str) -> impl Iterator<Item = Groups<'t>> + use<'s, 't> {
        self.find_iter(text).map(move |m| self.groups(text, m))
    }

    /// The groups of the leftmost match.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        if !self.may_match(text) {
            return None;
        }
        self.find_at(text, 0).map(|m| self.groups(text, m))
    }

    /// The groups of a match already found (by this pattern): the exact
    /// pattern, anchored at its start and held to its end, gives the same
    /// match and so the same groups, over a few bytes. Look-around still sees
    /// the whole text.
    pub fn groups<'t>(&self, text: &'t str, m: Span) -> Groups<'t> {
        let re = self.ascii.reader(&self.source, &self.exact, text, m);
        let mut caps = re.create_captures();
        let input = Input::new(text).range(m.start..m.end).anchored(Anchored::Yes);
        re.search_captures(&input, &mut caps);
        debug_assert!(caps.get_match().is_some_and(|g| g.start() == m.start && g.end() == m.end));
        Groups { text, caps }
    }
}

/// The capture groups of one match.
#[derive(Clone, Debug)]
pub struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    /// Group `index` (0 is the whole match), if it took part.
    pub fn get(&self, index: usize) -> Option<Group<'t>> {
        self.caps.get_group(index).map(|s| Group { text: self.text, span: Span::new(s.start, s.end) })
    }

    /// The group called `name`, if it took part.
    pub fn name(&self, name: &str) -> Option<Group<'t>> {
        self.caps.get_group_by_name(name).map(|s| Group { text: self.text, span: Span::new(s.start, s.end) })
    }

    /// The whole match.
    pub fn whole(&self) -> Group<'t> {
        self.get(0).expect("group 0 of a match")
    }
}

/// One capture group of a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group<'t> {
    text: &'t str,
    span: Span,
}

impl<'t> Group<'t> {
    pub fn start(&self) -> usize {
        self.span.start
    }
    pub fn end(&self) -> usize {
        self.span.end
    }
    pub fn span(&self) -> Span {
        self.span
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.span.start..self.span.end]
    }
}

fn build(pattern: &str, prefilter: bool) -> Result<Regex, String> {
    Regex::builder()
        .configure(
            Regex::config()
                .auto_prefilter(prefilter)
                .nfa_size_limit(Some(SIZE_LIMIT))
                .onepass_size_limit(Some(SIZE_LIMIT))
                .hybrid_cache_capacity(32 << 20),
        )
        .build(pattern)
        .map_err(|e| describe(&e))
}

/// A pattern's reader of the groups of its matches of ASCII text
/// (the pattern with its classes held to ASCII), built the first time one is read.
#[derive(Clone, Debug, Default)]
pub struct AsciiGroups(OnceLock<Option<Cached>>);

impl AsciiGroups {
    /// What reads the groups of the match `text[m]` of `pattern`: its ASCII
    /// reader when the match is ASCII (and the reader builds), else `full`,
    /// the pattern as it is.
    pub fn reader<'r>(&'r self, pattern: &str, full: &'r Cached, text: &str, m: Span) -> &'r Cached {
        if !text.as_bytes()[m.start..m.end].is_ascii() {
            return full;
        }
        self.0.get_or_init(|| ascii_groups(pattern).ok().map(Cached::new)).as_ref().unwrap_or(full)
    }
}

/// `pattern`, with its classes held to ASCII (see [`ascii_classes`]), for
/// reading the groups of a match of ASCII text it is known to have: no DFA,
/// whose pass would only find again the end the caller gives, so the search
/// goes straight to an engine that reports groups. Those engines clear a
/// table as large as the automaton times the match's length on every
/// search, and a Unicode class (`\p{Lu}`, `\w`, `\d`) is dozens to hundreds
/// of states.
fn ascii_groups(pattern: &str) -> Result<Regex, String> {
    let hir = regex_syntax::parse(pattern).map_err(|e| e.to_string())?;
    let config = Regex::config()
        .hybrid(false)
        .dfa(false)
        .auto_prefilter(false)
        .nfa_size_limit(Some(SIZE_LIMIT))
        .onepass_size_limit(Some(SIZE_LIMIT));
    Regex::builder().configure(config).build_from_hir(&ascii_classes(&hir)).map_err(|e| describe(&e))
}

/// `hir` with each Unicode class cut down to its ASCII part. Over ASCII
/// text a class takes the same bytes either way, and the alternations,
/// repetitions, groups and look-arounds (which still see the whole text)
/// are unchanged, so a match held to ASCII bytes takes the same path and
/// gives the same groups.
fn ascii_classes(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(rep) => {
            Hir::repetition(Repetition { sub: Box::new(ascii_classes(&rep.sub)), ..rep.clone() })
        }
        HirKind::Capture(cap) => Hir::capture(Capture { sub: Box::new(ascii_classes(&cap.sub)), ..cap.clone() }),
        HirKind::Concat(items) => Hir::concat(items.iter().map(ascii_classes).collect()),
        HirKind::Alternation(items) => Hir::alternation(items.iter().map(ascii_classes).collect()),
    }
}

/// Where `hir`'s matches can start: its syntax tree knows which assertions
/// begin every match.
fn starts_of(hir: &Hir) -> Starts {
    let prefix = hir.properties().look_set_prefix();
    if prefix.contains(Look::Start) {
        Starts::Text
    } else if prefix.contains(Look::StartLF) {
        Starts::Lines
    } else {
        Starts::Anywhere
    }
}

/// Literals that make a cheap test for "can this pattern match here at all":
/// each branch of the pattern must start with one of a few literals, or end
/// with one (regex-syntax's extractor says which, and only ever answers
/// with literals every match really holds), less the spaces at their ends
/// (the rest is still in every match, and rarer). Short or many literals
/// would make the test no cheaper than the search: then there is none.
fn required_literals(hir: &Hir) -> Option<AhoCorasick> {
    let mut all: Vec<Vec<u8>> = Vec::new();
    for branch in branches(hir) {
        let literals = [ExtractKind::Prefix, ExtractKind::Suffix].into_iter().find_map(|kind| {
            let seq = Extractor::new().kind(kind).extract(branch);
            let usable = seq.min_literal_len()? >= MIN_REQUIRED_LITERAL;
            usable.then(|| {
                seq.literals().map(|l| l.iter().map(|l| l.as_bytes().trim_ascii().to_vec()).collect::<Vec<_>>())
            })?
        })?;
        all.extend(literals);
    }
    all.sort();
    all.dedup();
    if all.is_empty() || all.len() > MAX_REQUIRED_LITERALS || all.iter().any(|l| l.len() < MIN_REQUIRED_LITERAL) {
        return None;
    }
    // Leftmost-first: the kind that gets the vectorized (Teddy) search.
    AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostFirst).build(&all).ok()
}

/// The alternatives of `hir`, seen through groups and the word-boundary
/// assertions around them (which match no text).
fn branches(hir: &Hir) -> Vec<&Hir> {
    match hir.kind() {
        HirKind::Alternation(alternatives) => alternatives.iter().flat_map(branches).collect(),
        HirKind::Capture(group) => branches(&group.sub),
        HirKind::Concat(items) => {
            let mut text = items.iter().filter(|h| !matches!(h.kind(), HirKind::Look(_)));
            match (text.next(), text.next()) {
                (Some(only), None) => branches(only),
                _ => vec![hir],
            }
        }
        _ => vec![hir],
    }
}

/// The message the `regex` crate gives for the same error.
fn describe(e: &BuildError) -> String {
    if let Some(limit) = e.size_limit() {
        format!("Compiled regex exceeds size limit of {limit} bytes.")
    } else if let Some(syntax) = e.syntax_error() {
        syntax.to_string()
    } else {
        e.to_string()
    }
}

/// The byte offset of the char after the one at `at`, if there is one.
fn next_char(text: &str, at: usize) -> Option<usize> {
    text[at..].chars().next().map(|c| at + c.len_utf8())
}

/// True when `pattern` has a `\b` or `\B` that is not spelled as ASCII-only
/// (`(?-u:\b)`), i.e. one the DFA cannot evaluate on non-ASCII text.
fn has_unicode_boundary(pattern: &str) -> bool {
    let rest = pattern.replace(r"(?-u:\b)", "").replace(r"(?-u:\B)", "");
    let found = boundary_tokens(&rest).next().is_some();
    found
}

/// `pattern` with every `\b` and `\B` removed.
fn without_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut last = 0;
    for at in boundary_tokens(pattern) {
        out.push_str(&pattern[last..at]);
        last = at + 2;
    }
    out.push_str(&pattern[last..]);
    out
}

/// Byte offsets of `\b` and `\B` escapes (not `\\b`, an escaped backslash and a "b").
fn boundary_tokens(pattern: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + 1 < bytes.len() {
            if bytes[i] == b'\\' {
                let at = i;
                i += 2;
                if matches!(bytes[at + 1], b'b' | b'B') {
                    return Some(at);
                }
            } else {
                i += 1;
            }
        }
        None
    })
}

/// Whether any of some patterns can match within a stretch of text, told by
/// one forward scan for all of them, which stops at the first match: their
/// scouts (word boundaries dropped, so that they match wherever the patterns
/// do, and a DFA runs them over any text) in one automaton. No: none of the
/// patterns matches there; yes: one of them may.
#[derive(Clone, Debug)]
pub struct Scouts {
    any: Cached,
}

impl Scouts {
    pub fn new(patterns: &[Pattern]) -> Result<Scouts, String> {
        let scouts: Vec<String> = patterns.iter().map(Pattern::without_boundaries).collect();
        let any = Regex::builder()
            .configure(Regex::config().nfa_size_limit(Some(SIZE_LIMIT)).hybrid_cache_capacity(32 << 20))
            .build_many(&scouts)
            .map_err(|e| describe(&e))?;
        Ok(Scouts { any: Cached::new(any) })
    }

    /// False when no match of the patterns lies within `within` (look-around
    /// still sees the text outside).
    pub fn may_match_within(&self, text: &str, within: Span) -> bool {
        self.any.is_match(&Input::new(text).range(within.start..within.end))
    }
}

/// The characters no match of some patterns can hold, from their syntax: those
/// outside every class and literal in them. A class under a bounded repeat
/// right after a literal (`\([^)]{1,12}\)`) is left out of that set, as a
/// *guarded* class: the characters it alone allows are barriers only when
/// the literal's last character is not within the repeat's reach before
/// them.
#[derive(Clone, Debug)]
pub struct Barriers {
    /// Per byte: true for the ASCII characters a match can hold (a byte of
    /// a wider character is false, to be read with its character).
    ascii: [bool; 256],
    /// Other characters a match can hold, as sorted ranges.
    wide: Vec<(char, char)>,
    /// A guard character and the reach, in characters, of its class.
    guards: Vec<(char, usize)>,
}

/// Longest bounded repeat that still counts as a guarded class: beyond, its
/// characters are taken as ones any match can hold.
const MAX_GUARDED_REPEAT: u32 = 64;

impl Barriers {
    /// The barriers of all of `patterns`; none when their syntax does not tell.
    pub fn of<'p>(patterns: impl IntoIterator<Item = &'p Pattern>) -> Barriers {
        let mut b = Barriers { ascii: [false; 256], wide: Vec::new(), guards: Vec::new() };
        // Gathered, then made a set once: a union per literal char or class
        // sorted the whole set again each time (the expanded lists' literals
        // made that a tenth of start-up).
        let mut ranges = Vec::new();
        let mut known = true;
        for p in patterns {
            known = known && regex_syntax::parse(p.as_str()).is_ok_and(|hir| b.collect(&hir, &mut ranges));
        }
        let class = if known {
            ClassUnicode::new(ranges)
        } else {
            b.guards.clear();
            ClassUnicode::new([ClassUnicodeRange::new('\0', char::MAX)])
        };
        for r in class.ranges() {
            for c in r.start()..=r.end() {
                if c.is_ascii() {
                    b.ascii[c as usize] = true;
                } else {
                    break;
                }
            }
            if !r.end().is_ascii() {
                b.wide.push((r.start().max('\u{80}'), r.end()));
            }
        }
        b
    }

    /// Adds the characters `hir` can match to `class`, as ranges (the guarded ones to
    /// the guards); false when they cannot be told.
    fn collect(&mut self, hir: &Hir, class: &mut Vec<ClassUnicodeRange>) -> bool {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => true,
            HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
                Ok(s) => {
                    class.extend(s.chars().map(|c| ClassUnicodeRange::new(c, c)));
                    true
                }
                Err(_) => false,
            },
            HirKind::Class(Class::Unicode(c)) => {
                class.extend_from_slice(c.ranges());
                true
            }
            HirKind::Class(Class::Bytes(c)) => match c.to_unicode_class() {
                Some(c) => {
                    class.extend_from_slice(c.ranges());
                    true
                }
                None => false,
            },
            HirKind::Repetition(r) => self.collect(&r.sub, class),
            HirKind::Capture(c) => self.collect(&c.sub, class),
            HirKind::Alternation(subs) => subs.iter().all(|h| self.collect(h, class)),
            // A guarded class's characters stay out of the set.
            HirKind::Concat(items) => items.iter().enumerate().all(|(i, h)| match guard(items, i) {
                Some(g) => {
                    self.guards.push(g);
                    true
                }
                None => self.collect(h, class),
            }),
        }
    }

    /// True when every byte of `bytes` is an ASCII character a match can hold.
    fn all_held(&self, bytes: &[u8]) -> bool {
        bytes.iter().fold(true, |all, &b| all & self.ascii[usize::from(b)])
    }

    /// True when no match can hold the character at byte `at`.
    pub fn is_barrier(&self, text: &str, at: usize) -> bool {
        let b = text.as_bytes()[at];
        let held = if b.is_ascii() {
            self.ascii[usize::from(b)]
        } else {
            let c = text[at..].chars().next().expect("at a char boundary");
            let i = self.wide.partition_point(|r| r.1 < c);
            self.wide.get(i).is_some_and(|r| r.0 <= c)
        };
        !held && !self.guards.iter().any(|&(g, reach)| guarded(text, at, g, reach))
    }

    /// Where a search may begin so as to meet every match ending after
    /// `at`: right after the last barrier before `at`, or the text's start.
    pub fn last_before(&self, text: &str, at: usize) -> usize {
        let bytes = text.as_bytes();
        let mut i = at;
        while i > 0 {
            // Most characters are ASCII ones a match can hold: eight at a
            // time, without a branch per byte.
            while i >= 8 && self.all_held(&bytes[i - 8..i]) {
                i -= 8;
            }
            if i == 0 {
                break;
            }
            if self.ascii[usize::from(bytes[i - 1])] {
                i -= 1;
                continue;
            }
            let mut c = i - 1;
            while !text.is_char_boundary(c) {
                c -= 1;
            }
            if self.is_barrier(text, c) {
                return i;
            }
            i = c;
        }
        0
    }

    /// The first barrier at or after `at`, or the text's end: no match
    /// crosses it.
    pub fn next(&self, text: &str, at: usize) -> usize {
        let bytes = text.as_bytes();
        let mut i = at;
        while i < bytes.len() {
            while i + 8 <= bytes.len() && self.all_held(&bytes[i..i + 8]) {
                i += 8;
            }
            if i == bytes.len() {
                break;
            }
            if self.ascii[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            if self.is_barrier(text, i) {
                return i;
            }
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
        bytes.len()
    }
}

/// True when `guard` is one of the `reach` characters before byte `at`.
fn guarded(text: &str, at: usize, guard: char, reach: usize) -> bool {
    if !guard.is_ascii() {
        return text[..at].chars().rev().take(reach).any(|c| c == guard);
    }
    // Bytes, not chars: no byte of a wider char is ASCII. The `reach` bytes
    // before `at` are within `reach` characters, and all of them when ASCII.
    let near = &text.as_bytes()[at.saturating_sub(reach)..at];
    if near.contains(&(guard as u8)) {
        return true;
    }
    if near.is_ascii() {
        return false;
    }
    let mut chars = 0;
    for &b in text.as_bytes()[..at].iter().rev() {
        if u32::from(b) == u32::from(guard) {
            return true;
        }
        if b & 0xC0 != 0x80 {
            chars += 1;
            if chars == reach {
                return false;
            }
        }
    }
    false
}

/// The guard of `items[i]`, when it is a bounded repeat of a class right
/// after a one-character literal.
fn guard(items: &[Hir], i: usize) -> Option<(char, usize)> {
    let HirKind::Repetition(r) = items[i].kind() else { return None };
    let max = r.max.filter(|&m| m <= MAX_GUARDED_REPEAT)?;
    if !matches!(r.sub.kind(), HirKind::Class(_)) {
        return None;
    }
    let HirKind::Literal(lit) = items.get(i.checked_sub(1)?)?.kind() else { return None };
    let mut chars = std::str::from_utf8(&lit.0).ok()?.chars();
    let last = chars.next_back()?;
    Some((last, max as usize))
}

/// Marks in `set` every byte a match of `hir` can begin with (a superset:
/// a class counts all the leading bytes between those of its ends); true
/// when `hir` can match the empty string, so that what follows it can
/// begin a match too.
pub fn first_bytes(hir: &Hir, set: &mut [bool; 256]) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set[b as usize] = true;
                false
            }
            None => true,
        },
        HirKind::Class(Class::Bytes(class)) => {
            for r in class.ranges() {
                set[r.start() as usize..=r.end() as usize].fill(true);
            }
            false
        }
        HirKind::Class(Class::Unicode(class)) => {
            // UTF-8's leading byte rises with the code point.
            let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0] as usize;
            for r in class.ranges() {
                set[lead(r.start())..=lead(r.end())].fill(true);
            }
            false
        }
        HirKind::Repetition(rep) => first_bytes(&rep.sub, set) || rep.min == 0,
        HirKind::Capture(cap) => first_bytes(&cap.sub, set),
        HirKind::Concat(items) => items.iter().all(|h| first_bytes(h, set)),
        HirKind::Alternation(items) => {
            // Every branch marks its bytes: no stopping at one that can be empty.
            let mut empty = false;
            for h in items {
                empty |= first_bytes(h, set);
            }
            empty
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;

    const TEXTS: [&str; 9] = [
        "TOKYO, March 3\nPARIS, then\n\n  Ærø, AI\nLONDON,\n",
        "\n",
        "x\r\nY, AI\n a,\nb",
        "Ask BABL AI or Støre AI about AI; ØAI, AIØ, éAI é AI.",
        "Støre signed MoUs on trade, in the fields of energy and café AI",
        "",
        "AI",
        "aaa ééé aaa",
        "Prime Minister Jonas Gahr Støre (Norway) met Ærø’s mayor.",
    ];
    const PATTERNS: [&str; 16] = [
        // Searched only in texts that hold one of its literals.
        r"\b(?:Camp \p{Lu}\w+|\p{Lu}\w* Air Base|AI or St\w+)\b",
        // Matches only at line starts, or the text's: tried there alone.
        r"(?m)^[ \t]*(?P<place>\p{Lu}\w*),",
        r"(?m)^\w*",
        r"(?m)^$",
        r"\A\w+",
        r"(?m)^\b\w+\b|AI",
        r"(?m)(?:^a|^Y),",
        r"\b\p{Lu}[\p{L}\p{N}]+\s+AI\b",
        r"\bAI\b",
        r"\B\w\B",
        r"(?i)\b(?:in\s+the\s+fields?\s+of|mous?\s+on|cover(?:s|ed)?)\b",
        r"\b",
        r"a*\b",
        r"\w+",
        r"\b(?P<title>Prime Minister|mayor)\s+(?P<name>(?:\p{Lu}\w+\s?)+)?",
        r"(?P<a>\p{Lu}\w*)(?:\s+(?P<b>\p{Lu}\w*))?\b",
    ];

    #[test]
    fn bytes_a_match_begins_with() {
        let begins = |pattern: &str| {
            let mut set = [false; 256];
            let empty = first_bytes(&regex_syntax::parse(pattern).unwrap(), &mut set);
            (empty, (0..=255u8).filter(|&b| set[b as usize]).collect::<Vec<u8>>())
        };
        assert_eq!(begins(r"(?-u:\b)(?:[Oo]n\s+)?(?:Étés|x)?[0-9]"), (false, b"0123456789Oox\xc3".to_vec()));
        assert_eq!(begins(r"(?i:ab)|c*"), (true, b"Aac".to_vec()));
        assert_eq!(begins(r"[\x{400}-\x{10000}]"), (false, (0xd0..=0xf0).collect()));
    }

    #[test]
    fn where_matches_start() {
        let starts = |p: &str| starts_of(&regex_syntax::parse(p).unwrap());
        assert_eq!(starts(r"(?m)^[ \t]*\w+,"), Starts::Lines);
        assert_eq!(starts(r"(?m)(?:^a|^Y),"), Starts::Lines);
        assert_eq!(starts(r"(?m)^a|b"), Starts::Anywhere);
        assert_eq!(starts(r"^a"), Starts::Text);
        assert_eq!(starts(r"\A\w+"), Starts::Text);
        assert_eq!(starts(r"(?m)a^"), Starts::Anywhere);
        assert_eq!(starts(r"(?mR)^a"), Starts::Anywhere);
    }

    #[test]
    fn literals_every_match_needs() {
        let required = |p: &str| -> Option<Vec<String>> {
            let ac = required_literals(&regex_syntax::parse(p).unwrap())?;
            let text = "Kajiado County, Camp Lemonnier, AI, district of Swat";
            Some(ac.find_iter(text).map(|m| text[m.span()].to_string()).collect())
        };
        // Each branch by its prefix or, failing that, its suffix.
        assert_eq!(
            required(r"\b(?P<name>Camp \p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+ (?:Air Base|County))\b"),
            Some(vec!["County".to_string(), "Camp".to_string()])
        );
        assert_eq!(required(r"(?:district|province) of \p{Lu}\w+"), Some(vec!["district of".to_string()]));
        // A branch with no literal, or too short a one: no test.
        assert_eq!(required(r"\p{Lu}\w+ County|\w+"), None);
        assert_eq!(required(r"\bAI\b"), None);
        assert_eq!(required(r"(?:in)?\s+County"), Some(vec!["County".to_string()]));
    }

    #[test]
    fn scout_pattern() {
        assert!(has_unicode_boundary(r"\bAI\b"));
        assert!(!has_unicode_boundary(r"(?-u:\b)AI(?-u:\b)"));
        assert!(!has_unicode_boundary(r"a\\b"));
        assert_eq!(without_boundaries(r"\bA\\b\B"), r"A\\b");
    }

    #[test]
    fn matches_like_regex() {
        for p in PATTERNS {
            let re = regex::Regex::new(p).unwrap();
            let ours = Pattern::new(p).unwrap();
            for t in TEXTS {
                let want: Vec<Span> = re.find_iter(t).map(|m| Span::new(m.start(), m.end())).collect();
                let got: Vec<Span> = ours.find_iter(t).collect();
                assert_eq!(got, want, "{p:?} on {t:?}");
                let within: Vec<Span> = ours.find_iter_within(t, Span::new(0, t.len())).collect();
                assert_eq!(within, want, "{p:?} within {t:?}");
                assert_eq!(ours.is_match(t), re.is_match(t), "{p:?} on {t:?}");
            }
        }
    }

    #[test]
    fn matches_within_a_stretch() {
        // Look-around sees past the stretch's ends: "AI" is no word here.
        let p = Pattern::new(r"\bAI\b").unwrap();
        let t = "xAI AI AIx";
        assert_eq!(p.find_iter_within(t, Span::new(1, 9)).collect::<Vec<_>>(), [Span::new(4, 6)]);
        let lines = Pattern::new(r"(?m)^\w+").unwrap();
        assert_eq!(lines.find_iter_within("ab\ncd\nef", Span::new(1, 6)).collect::<Vec<_>>(), [Span::new(3, 5)]);
    }

    #[test]
    fn scouts_miss_no_match() {
        let patterns: Vec<Pattern> = PATTERNS.iter().map(|p| Pattern::new(p).unwrap()).collect();
        for one in patterns.chunks(3) {
            let scouts = Scouts::new(one).unwrap();
            for t in TEXTS {
                let ends: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
                for (i, &start) in ends.iter().enumerate() {
                    for &end in &ends[i..] {
                        let within = Span::new(start, end);
                        let found = one.iter().any(|p| p.find_iter_within(t, within).next().is_some());
                        assert!(!found || scouts.may_match_within(t, within), "{one:?} in {:?}", &t[start..end]);
                    }
                }
            }
        }
        // And it does tell no.
        let ai = Scouts::new(&[Pattern::new(r"\bAI\b").unwrap(), Pattern::new(r"\bCo\b").unwrap()]).unwrap();
        assert!(!ai.may_match_within("AI and Co", Span::new(2, 7)));
        assert!(ai.may_match_within("AI and Co", Span::new(2, 9)));
    }

    #[test]
    fn groups_like_regex() {
        for p in PATTERNS {
            let re = regex::Regex::new(p).unwrap();
            let ours = Pattern::new(p).unwrap();
            let names: Vec<&str> = re.capture_names().flatten().collect();
            for t in TEXTS {
                let want: Vec<Vec<Option<(usize, usize)>>> = re
                    .captures_iter(t)
                    .map(|c| {
                        let mut v: Vec<_> = c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect();
                        v.extend(names.iter().map(|n| c.name(n).map(|g| (g.start(), g.end()))));
                        v
                    })
                    .collect();
                let got: Vec<Vec<Option<(usize, usize)>>> = ours
                    .captures_iter(t)
                    .map(|c| {
                        let mut v: Vec<_> =
                            (0..re.captures_len()).map(|i| c.get(i).map(|g| (g.start(), g.end()))).collect();
                        v.extend(names.iter().map(|n| c.name(n).map(|g| (g.start(), g.end()))));
                        v
                    })
                    .collect();
                assert_eq!(got, want, "{p:?} on {t:?}");
            }
        }
    }

    #[test]
    fn errors_read_like_regex() {
        // Built at run time: clippy rejects an invalid regex literal.
        let bad = String::from("(unclosed");
        let unclosed = Pattern::new(&bad).unwrap_err();
        assert_eq!(unclosed, regex::Regex::new(&bad).unwrap_err().to_string());
        let huge = Pattern::new(r"(\w{200}){200}").unwrap_err();
        assert!(huge.starts_with("Compiled regex exceeds size limit of "), "{huge}");
    }

    /// Each pattern of the rules and of [`PATTERNS`], and one with a guarded
    /// class, beside its barriers. Built once: compiling takes longer than a
    /// test case.
    static WITH_BARRIERS: LazyLock<Vec<(Pattern, Barriers)>> = LazyLock::new(|| {
        let rules = crate::rules::load_embedded().unwrap();
        let guarded = r"(?i)\b(?:mous?|deals?)(?:\s*\([^)]{1,12}\))?\s+(?:on|in)\b";
        let tests = PATTERNS.iter().chain([&guarded]).map(|p| Pattern::new(p).unwrap());
        rules
            .patterns
            .iter()
            .map(|r| r.regex.clone())
            .chain(tests)
            .map(|p| {
                let b = Barriers::of([&p]);
                (p, b)
            })
            .collect()
    });

    /// Words, names and every kind of character that can stop or guard a
    /// match, glued anyhow.
    fn barrier_text() -> impl Strategy<Value = String> {
        const TOKENS: &str = "trade|energy|Energy|mining|AI|BABL|Sector|Ministry|Industry|and|in|the|fields|of|on|\
            MoU|MoUs|deals|covering|County|Camp|March|Prime Minister|said|Støre|Ærø|É|42|2024|x| | |  |\n|\r\n|\t|\u{a0}|\
            .|,|;|:|!|?|(|)|(No. 5)|(i.e. 2, é)|-|’s|'|’|—|\u{301}|中国|_|/|&|\"|MoU (No. 5) on |deals (a.b) in |MoU (123456789, a) on |MoU (1234567890,) on |deals (12345678901,) in ";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..60).prop_map(|ts| ts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]
        #[test]
        fn barriers_hold_no_match(text in barrier_text()) {
            let text = text.as_str();
            for (p, barriers) in WITH_BARRIERS.iter() {
                for m in p.find_iter(text) {
                    for (i, _) in text[m.start..m.end].char_indices() {
                        let at = m.start + i;
                        prop_assert!(!barriers.is_barrier(text, at), "{:?}: {:?} in {:?}", p.as_str(), &text[at..], &text[m]);
                    }
                }
            }
        }

        #[test]
        fn ascii_groups_are_the_patterns_own(text in barrier_text()) {
            let text = text.as_str();
            for (p, _) in WITH_BARRIERS.iter() {
                for m in p.find_iter(text) {
                    let mut want = p.exact.create_captures();
                    p.exact.search_captures(&Input::new(text).range(m.start..m.end).anchored(Anchored::Yes), &mut want);
                    let got = p.groups(text, m).caps;
                    let spans = |c: &Captures| (0..c.group_len()).map(|i| c.get_group(i)).collect::<Vec<_>>();
                    prop_assert_eq!(spans(&got), spans(&want), "{:?} on {:?}", p.as_str(), &text[m]);
                }
            }
        }
    }
}
