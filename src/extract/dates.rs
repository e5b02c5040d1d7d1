//! Dates: the publication date, and every calendar reference normalized to
//! the ISO / TIMEX3 subset of ANNOTATIONS.md.
//!
//! Patterns (`field = "dates"`) capture named groups that this module turns
//! into values:
//! - `d`, `m`, `y`: day, month (name or number), year; `d2`, `m2`, `y2`: the
//!   end of an interval (a missing end month or year is the start's, a
//!   missing start month the end's; a two-digit `y2` is "1963-64").
//! - `wd`: a weekday, with `wrel` ("last", "next", "this") when given.
//! - `rel`: a word relative to the publication date: "yesterday", "today",
//!   "tomorrow", "last night", "this morning", "last/this/next year|month",
//!   or "last/this/next" before a month `m`; `rely` ("this", "last",
//!   "next") is the year of a month `m` ("January this year").
//! - `same`: "the same year": the year of the last date before that names one.
//!
//! A missing year comes from a date that names one in the same sentence, else
//! from the publication date (a report's date lies no more than about five
//! months after it, a week when a past-tense verb comes before it in its
//! sentence, a future one's no more than a month before;
//! otherwise the neighbouring year), else a year the sentence names, else
//! `XXXX`. A weekday resolves inside a date interval of its sentence when one
//! contains it, else to the nearest such day on or before the publication date
//! (news reports the past), or the next one after it when the sentence speaks
//! of the future ("will meet on Friday"); without a publication date it stays
//! `XXXX-WXX-N`. Relative words without a publication date are left out.
//!
//! The publication date comes from patterns with `field = "published"`, found
//! near the top of the text; their `tag` says how (`header`, `dateline`,
//! `date_line`); the earliest wins. A dateline without a year takes it from
//! another publication date match in the window, else yields none. A date
//! given from outside wins (`from = "metadata"`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;
use regex::Regex;
use regex_automata::meta::Regex as Automaton;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, MatchKind, PatternID, PatternSet};

use super::{tidy, DateX, Doc, Found, PublishedX, RuleId, RuleNames};
use crate::rules::{first_bytes, AsciiGroups, Cached, Origin, Pattern, PatternRule, RuleError, RuleSet};
use crate::Span;

/// How far into the text a publication date may be found.
const PUBLISHED_WINDOW: usize = 400;
/// A past-tense report's undated-year date lies at most this far after publication.
const PAST_SLACK_DAYS: i64 = 150;
/// One with a past-tense verb before it in its sentence, at most this far
/// (the publication date given may be a few days late).
const PAST_TENSE_SLACK_DAYS: i64 = 7;
/// A future-tense one's lies at most this far before it.
const FUTURE_SLACK_DAYS: i64 = 31;

pub struct Dates {
    /// The publication date patterns, each with an automaton that reads
    /// the groups of its match (see [`captures_automaton`]).
    published: Vec<Published>,
    patterns: Vec<(Pattern, RuleId)>,
    /// All of `patterns` in one regex, pattern `i` being `patterns[i]`: the
    /// match of any one of them at a given place.
    exact: Cached,
    /// Each of `patterns` alone, to read the groups of a match already
    /// found (see [`Dates::groups`]).
    groups: Vec<GroupReader>,
    /// Where the patterns can match, for all of them in one pass; `None`
    /// when it could not be built (then each pattern runs over the text).
    scan: Option<Scan>,
    metadata_rule: Option<RuleId>,
    /// Number words (`shared.number-words`) for "three days ago".
    numbers: BTreeMap<String, u64>,
    /// What may follow a bare year to list more years ("in 1987, 1988 and
    /// 1989"), tried where a bare year ends: patterns tagged `year-list`.
    year_lists: Vec<(Pattern, RuleId)>,
}

/// The date patterns for one pass over the text instead of one per pattern
/// (see [`Dates::scanned`]). Both automata run each pattern as
/// [`scan_source`] gives it, which matches wherever the pattern does.
struct Scan {
    /// Leftmost-first over all the patterns: from any offset, the nearest
    /// place at or after it where one of them may match.
    starts: Cached,
    /// The same patterns reporting all matches: which of them may match at
    /// a place.
    which: Cached,
    /// `starts` is [`Dates::exact`]: the match it reports is that of the
    /// first pattern matching at its start, as an anchored search of that
    /// pattern there would find it (leftmost-first prefers patterns in
    /// order), so that search is not run again.
    exact: bool,
    /// For each byte, the last pattern whose matches can begin with it
    /// (see [`first_bytes`]). No pattern before the one `starts` reports
    /// matches at its place (leftmost-first prefers patterns in order), so
    /// when no later one can begin with the byte there, `which` can only
    /// name that one and is not asked.
    last_to_begin: [Option<usize>; 256],
}

/// A publication date pattern.
struct Published {
    re: Pattern,
    groups: GroupReader,
    rule: RuleId,
    from: &'static str,
}

fn from_tag(tag: &str) -> &'static str {
    match tag {
        "header" => "header",
        "dateline" => "dateline",
        _ => "date_line",
    }
}

/// A pattern match waiting for its value.
struct Raw<'t> {
    span: Span,
    rule: RuleId,
    caps: Caps<'t>,
}

/// The groups this module reads, by name (see [`GROUP_NAMES`]).
#[derive(Clone, Copy)]
enum G {
    D,
    M,
    Y,
    D2,
    M2,
    Y2,
    Wd,
    Wrel,
    Rel,
    Rely,
    Same,
    Date,
}

/// The name of each [`G`] in the patterns.
const GROUP_NAMES: [&str; 12] = ["d", "m", "y", "d2", "m2", "y2", "wd", "wrel", "rel", "rely", "same", "date"];

/// Where each of [`GROUP_NAMES`] is in one pattern's groups: looked up once,
/// not by hashing the name at every read (a dozen reads per match).
type GroupIndex = [Option<usize>; GROUP_NAMES.len()];

/// One pattern ready to read the groups of its matches: see
/// [`captures_automaton`].
struct GroupReader {
    re: Cached,
    /// `re` with its classes held to ASCII, for matches of ASCII text alone:
    /// its automaton is a fraction of the size (a Unicode `\d` or `\s` is
    /// dozens of states), and the engine that reads groups clears a table as
    /// large as the automaton times the match's length on every search.
    /// Built on first use, as start-up would otherwise cost a quarter more.
    ascii: AsciiGroups,
    source: String,
    index: GroupIndex,
}

/// The groups of one date match.
struct Caps<'t> {
    text: &'t str,
    caps: Captures,
    index: GroupIndex,
}

impl<'t> Caps<'t> {
    /// The text of group `g`, if it took part.
    fn name(&self, g: G) -> Option<&'t str> {
        self.span(g).map(|g| &self.text[g])
    }

    /// Where group `g` is, if it took part.
    fn span(&self, g: G) -> Option<Span> {
        self.caps.get_group(self.index[g as usize]?).map(|g| Span::new(g.start, g.end))
    }
}

/// What resolving a match needs to know about the document.
struct Ctx<'a, 't> {
    doc: &'a Doc<'t>,
    numbers: &'a BTreeMap<String, u64>,
    anchor: Option<NaiveDate>,
    raws: &'a [Raw<'t>],
}

impl Dates {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Dates, RuleError> {
        let published_rules: Vec<&PatternRule> = rules.patterns.iter().filter(|p| p.field == "published").collect();
        let date_rules: Vec<&PatternRule> = rules.patterns("dates", "date").collect();
        // Built side by side: a sixth of start-up, and the worker threads
        // idle by now. The errors and rule numbers still come in the order
        // they would one after another.
        let (published_groups, (exact, groups)) = rayon::join(
            || published_rules.par_iter().map(|p| captures_automaton(p.regex.as_str())).collect::<Vec<_>>(),
            || {
                rayon::join(
                    || automaton(MatchKind::LeftmostFirst, date_rules.iter().map(|p| p.regex.as_str().to_string())),
                    || date_rules.par_iter().map(|p| captures_automaton(p.regex.as_str())).collect::<Vec<_>>(),
                )
            },
        );
        let published = published_rules
            .iter()
            .zip(published_groups)
            .map(|(p, groups)| {
                let groups = groups.map_err(|message| RuleError::Invalid {
                    origin: p.origin.clone(),
                    rule: Some(p.id.clone()),
                    message,
                })?;
                Ok(Published { re: p.regex.clone(), groups, rule: names.intern(&p.id), from: from_tag(&p.tag) })
            })
            .collect::<Result<_, RuleError>>()?;
        let patterns: Vec<(Pattern, RuleId)> =
            date_rules.iter().map(|p| (p.regex.clone(), names.intern(&p.id))).collect();
        let exact = exact.map_err(|message| RuleError::Invalid {
            origin: date_rules.first().map_or(Origin { file: String::new(), line: 0 }, |p| p.origin.clone()),
            rule: None,
            message: format!("the date patterns together: {message}"),
        })?;
        let groups = groups
            .into_iter()
            .zip(&date_rules)
            .map(|(group, rule)| {
                group.map_err(|message| RuleError::Invalid {
                    origin: rule.origin.clone(),
                    rule: Some(rule.id.clone()),
                    message,
                })
            })
            .collect::<Result<_, _>>()?;
        // Only a speed-up: without it every pattern runs over the text.
        let scan = Scan::new(&patterns, &exact);
        let metadata_rule = rules.strategy("published", "metadata").map(|r| names.intern(&r.id));
        let numbers = super::number_words(rules).collect();
        let year_lists = rules.patterns("dates", "year-list").map(|p| (p.regex.clone(), names.intern(&p.id))).collect();
        Ok(Dates { published, patterns, exact, groups, scan, metadata_rule, numbers, year_lists })
    }

    pub fn extract(&self, doc: &Doc<'_>) -> (Option<PublishedX>, Vec<DateX>) {
        let text = doc.text;
        let (published, anchor) = self.published(doc).unzip();
        let anchor = anchor.flatten();
        let raws = self.raws(text);
        let ctx = Ctx { doc, numbers: &self.numbers, anchor, raws: &raws };
        // Calendar dates first: weekdays resolve inside their intervals.
        let mut values: Vec<Option<String>> = raws
            .iter()
            .map(|r| if r.caps.name(G::Wd).is_some() { None } else { normalize(&r.caps, &ctx, r.span) })
            .collect();
        for (i, r) in raws.iter().enumerate() {
            if let Some(wd) = r.caps.name(G::Wd) {
                values[i] = weekday(wd, &r.caps, &ctx, r.span, &raws, &values);
            }
        }
        same_day_as_the_story(text, &raws, &mut values);
        let listed = self.year_lists(text, &raws, &values);
        let mut dated: Vec<(Span, RuleId, String)> =
            raws.iter().zip(values).filter_map(|(r, v)| Some((r.span, r.rule, v?))).collect();
        if !listed.is_empty() {
            dated.extend(listed);
            dated.sort_by_key(|d| d.0);
        }
        let mut out: Vec<DateX> = Vec::new();
        for (span, rule, value) in dated {
            let f = Found { span, rule };
            match out.iter_mut().find(|d| d.value == value) {
                Some(d) => d.mentions.push(f),
                None => out.push(DateX { value, text: text[span].to_string(), mentions: vec![f] }),
            }
        }
        for d in &mut out {
            tidy(&mut d.mentions);
        }
        (published, out)
    }

    /// The years listed after a bare year ("in 1987, 1988 and 1989"): each
    /// four-digit run in the match of a `year-list` pattern anchored where
    /// the year's match ends, unless a date match already covers it.
    fn year_lists(&self, text: &str, raws: &[Raw<'_>], values: &[Option<String>]) -> Vec<(Span, RuleId, String)> {
        let mut out = Vec::new();
        let is_year = |v: &&str| v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit());
        for (r, value) in raws.iter().zip(values) {
            // A bare year that ends its match ("in 1987", not "1987-88").
            if !value.as_deref().filter(is_year).is_some_and(|y| text[r.span].ends_with(y)) {
                continue;
            }
            let Some((list, rule)) =
                self.year_lists.iter().find_map(|(p, id)| Some((p.find_anchored_at(text, r.span.end)?, id)))
            else {
                continue;
            };
            if raws.iter().any(|o| o.span.overlaps(list)) {
                continue;
            }
            let bytes = text.as_bytes();
            let mut at = list.start;
            while at < list.end {
                let run = bytes[at..list.end].iter().take_while(|b| b.is_ascii_digit()).count();
                if run == 4 {
                    out.push((Span::new(at, at + 4), *rule, text[at..at + 4].to_string()));
                }
                at += run.max(1);
            }
        }
        out
    }

    /// The date matches of `text`, in text order: each pattern's matches as
    /// `Pattern::captures_iter` finds them, kept unless they overlap one
    /// kept before, the patterns taken in priority order. Only those kept
    /// are read for their groups.
    fn raws<'t>(&self, text: &'t str) -> Vec<Raw<'t>> {
        let found = match &self.scan {
            Some(scan) => self.scanned(scan, text),
            None => self.patterns.iter().map(|(re, _)| re.find_iter(text).collect()).collect(),
        };
        let mut raws: Vec<Raw<'_>> = Vec::new();
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, ((_, rule), matches)) in self.patterns.iter().zip(found).enumerate() {
            for span in matches {
                // Kept spans never overlap, so their ends rise with their starts:
                // the last one starting before this one ends is the only one to check.
                if taken.range(..span.end).next_back().is_some_and(|(&s, &e)| Span::new(s, e).overlaps(span)) {
                    continue;
                }
                taken.insert(span.start, span.end);
                raws.push(Raw { span, rule: *rule, caps: self.groups(text, span, i) });
            }
        }
        raws.sort_by_key(|r| r.span);
        raws
    }

    /// Each pattern's matches, one pass over the text for all of them.
    ///
    /// A pattern's next match, searching from `pos`, is its anchored match
    /// at the smallest place at or after `pos` where it has one (leftmost-
    /// first: the leftmost start, and there the match an anchored search
    /// gives). `starts`, searched from just after the last place found,
    /// visits in order every place where any pattern may match, and `which`
    /// says there which ones may (when more than one can begin there, see
    /// [`Scan::last_to_begin`]); each of those whose own search would have
    /// passed this place (its last match ended here or before) is tried
    /// anchored with its exact pattern (the one `starts` found is known
    /// already, see [`Scan::exact`]). So each pattern gets the matches
    /// `Pattern::find_iter` gives (no pattern matches the empty string, see
    /// [`Scan::new`]).
    fn scanned(&self, scan: &Scan, text: &str) -> Vec<Vec<Span>> {
        let n = self.patterns.len();
        let mut found: Vec<Vec<Span>> = vec![Vec::new(); n];
        // Where each pattern's own search resumes: the end of its last match.
        let mut resume = vec![0; n];
        let mut here = PatternSet::new(n);
        let mut pos = 0;
        while let Some(m) = scan.starts.search(&Input::new(text).range(pos..)) {
            let at = m.start();
            here.clear();
            if scan.last_to_begin[text.as_bytes()[at] as usize].is_some_and(|last| last > m.pattern().as_usize()) {
                let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                scan.which.which_overlapping_matches(&input, &mut here);
            } else {
                here.insert(m.pattern());
            }
            for pattern in here.iter() {
                let i = pattern.as_usize();
                if resume[i] > at {
                    continue;
                }
                let end = if scan.exact && pattern == m.pattern() {
                    Some(m.end())
                } else {
                    let input = Input::new(text).range(at..).anchored(Anchored::Pattern(pattern));
                    self.exact.search(&input).map(|m| m.end())
                };
                if let Some(end) = end {
                    resume[i] = end;
                    found[i].push(Span::new(at, end));
                }
            }
            let Some(next) = text[at..].chars().next() else { break };
            pos = at + next.len_utf8();
        }
        found
    }

    /// The groups of a match of date pattern `i`: the pattern, anchored at
    /// the match's start and held to its end, gives the same match and so
    /// the same groups, over a few bytes (look-around still sees the whole
    /// text). The pattern alone, not all of them in `exact`: the engines
    /// that read groups clear a table as large as the automaton times the
    /// match's length on every search.
    fn groups<'t>(&self, text: &'t str, span: Span, i: usize) -> Caps<'t> {
        read_groups(&self.groups[i], text, span)
    }

    /// The publication date, and the day it names when it names one (what
    /// a date from outside names is only known once it is read).
    fn published(&self, doc: &Doc<'_>) -> Option<(PublishedX, Option<NaiveDate>)> {
        // A date from outside wins, unless the rule set switched that strategy off.
        if let (Some(hint), Some(_)) = (doc.published_hint, self.metadata_rule) {
            let day = NaiveDate::parse_from_str(hint, "%Y-%m-%d").ok();
            return Some((PublishedX { value: hint.to_string(), from: "metadata", mentions: Vec::new() }, day));
        }
        let mut window = PUBLISHED_WINDOW.min(doc.text.len());
        while !doc.text.is_char_boundary(window) {
            window -= 1;
        }
        let head = &doc.text[..window];
        // (start, year, month, day, span of the date, rule, from)
        type Hit = (usize, Option<i32>, u32, u32, Span, RuleId, &'static str);
        let mut hits: Vec<Hit> = Vec::new();
        for Published { re, groups, rule, from } in &self.published {
            let Some(whole) = re.find_at(head, 0) else {
                continue;
            };
            let caps = read_groups(groups, head, whole);
            let m = month(caps.name(G::M)).or_else(|| month(caps.name(G::M2)));
            let d = num(caps.name(G::D)).or_else(|| num(caps.name(G::D2)));
            let y = num(caps.name(G::Y)).or_else(|| num(caps.name(G::Y2)));
            let (Some(m), Some(d)) = (m, d) else {
                continue;
            };
            let at = caps.span(G::Date).unwrap_or(whole);
            hits.push((whole.start, y, m, d as u32, at, *rule, from));
        }
        hits.sort_by_key(|h| h.0);
        let other_year = hits.iter().find_map(|h| h.1);
        hits.iter().find_map(|&(_, y, m, d, span, rule, from)| {
            let date = NaiveDate::from_ymd_opt(y.or(other_year)?, m, d)?;
            // `iso` writes what chrono's `%Y-%m-%d` reads back as `date`.
            Some((PublishedX { value: iso(date), from, mentions: vec![Found { span, rule }] }, Some(date)))
        })
    }
}

impl Scan {
    /// `None` when a pattern could match the empty string ([`Dates::scanned`]
    /// does not follow `find_iter`'s rule for those) or the automata do not build.
    fn new(patterns: &[(Pattern, RuleId)], exact: &Cached) -> Option<Scan> {
        let sources: Vec<String> = patterns.iter().map(|(re, _)| scan_source(re)).collect::<Option<_>>()?;
        let mut last_to_begin = [None; 256];
        for (i, source) in sources.iter().enumerate() {
            let mut begin = [false; 256];
            first_bytes(&regex_syntax::parse(source).ok()?, &mut begin);
            for (last, _) in last_to_begin.iter_mut().zip(begin).filter(|(_, b)| *b) {
                *last = Some(i);
            }
        }
        // Most often the patterns as written: then `exact` is that automaton.
        let same = sources.iter().zip(patterns).all(|(source, (re, _))| source == re.as_str());
        let starts =
            if same { exact.clone() } else { automaton(MatchKind::LeftmostFirst, sources.iter().cloned()).ok()? };
        let which = automaton(MatchKind::All, sources).ok()?;
        Some(Scan { starts, which, exact: same, last_to_begin })
    }
}

/// `re` as the scan runs it: without its word boundaries when it has a
/// Unicode one, which the lazy DFA cannot evaluate on non-ASCII text (the
/// search would fall back to a far slower engine). Dropping an assertion
/// only allows more matches, and every match is checked with the exact
/// pattern. `None` when `re` could match the empty string.
fn scan_source(re: &Pattern) -> Option<String> {
    let hir = regex_syntax::parse(re.as_str()).ok()?;
    if hir.properties().minimum_len() == Some(0) {
        return None;
    }
    if hir.properties().look_set().contains_word_unicode() {
        let loose = re.without_boundaries();
        if regex_syntax::parse(&loose).is_ok() {
            return Some(loose);
        }
    }
    Some(re.as_str().to_string())
}

/// One regex of many patterns, for where they match (their groups come
/// from [`captures_automaton`]). Each pattern passed the rule loader's size
/// limit, so their union needs none. No prefilter: the patterns' first
/// bytes (digits, many words) leave none worth its building.
fn automaton(kind: MatchKind, patterns: impl IntoIterator<Item = String>) -> Result<Cached, String> {
    let patterns: Vec<String> = patterns.into_iter().collect();
    let config = Automaton::config()
        .match_kind(kind)
        .which_captures(WhichCaptures::Implicit)
        .auto_prefilter(false)
        .nfa_size_limit(None)
        .hybrid_cache_capacity(32 << 20);
    Automaton::builder().configure(config).build_many(&patterns).map(Cached::new).map_err(|e| e.to_string())
}

/// One pattern for reading the groups of a match it is known to have: no
/// DFA, whose pass would only find again the end the caller gives, so the
/// search goes straight to an engine that reports groups.
fn captures_automaton(pattern: &str) -> Result<GroupReader, String> {
    let config = Automaton::config().hybrid(false).dfa(false).auto_prefilter(false).nfa_size_limit(None);
    let re = Automaton::builder().configure(config).build(pattern).map_err(|e| e.to_string())?;
    let index = GROUP_NAMES.map(|name| re.group_info().to_index(PatternID::ZERO, name));
    Ok(GroupReader { re: Cached::new(re), ascii: AsciiGroups::default(), source: pattern.to_string(), index })
}

/// The groups of `re`'s match `span` of `text`, by [`captures_automaton`].
fn read_groups<'t>(reader: &GroupReader, text: &'t str, span: Span) -> Caps<'t> {
    let re = reader.ascii.reader(&reader.source, &reader.re, text, span);
    let mut caps = re.create_captures();
    let input = Input::new(text).range(span.start..span.end).anchored(Anchored::Yes);
    re.search_captures(&input, &mut caps);
    debug_assert!(caps.get_match().is_some_and(|m| m.start() == span.start && m.end() == span.end));
    Caps { text, caps, index: reader.index }
}

fn num(group: Option<&str>) -> Option<i32> {
    group?.trim_end_matches(|c: char| c.is_alphabetic()).parse().ok()
}

/// Month number from a name ("Sept.", "December", "MAR") or digits.
pub fn month_number(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_lowercase();
    if let Ok(n) = s.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if s.len() < 3 {
        return None;
    }
    NAMES.iter().position(|n| s.starts_with(n)).map(|i| i as u32 + 1)
}

fn month(group: Option<&str>) -> Option<u32> {
    month_number(group?)
}

fn weekday_number(s: &str) -> Option<u32> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let s = s.to_lowercase();
    NAMES.iter().position(|n| s.starts_with(n)).map(|i| i as u32 + 1)
}

/// "last", "this", "next" as -1, 0, 1.
fn offset(word: &str) -> Option<i32> {
    match word.to_lowercase().as_str() {
        "last" | "past" | "previous" => Some(-1),
        "this" | "current" => Some(0),
        "next" | "coming" => Some(1),
        _ => None,
    }
}

/// `date` as chrono's `%Y-%m-%d` writes it, without reading that format
/// string each time (chrono signs years outside 0..=9999: it writes those).
fn iso(date: NaiveDate) -> String {
    let y = date.year();
    if (0..=9999).contains(&y) {
        format!("{y:04}-{:02}-{:02}", date.month(), date.day())
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(iso)
}

fn shift_month(y: i32, m: u32, by: i32) -> (i32, u32) {
    let n = y * 12 + m as i32 - 1 + by;
    (n.div_euclid(12), n.rem_euclid(12) as u32 + 1)
}

static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:said|says|announced|told|reported|added|noted|stated|confirmed|disclosed|revealed|was|were|had|did)\s+(?:on\s+|last\s+|late\s+|early\s+)?$",
    )
    .expect("valid")
});
static PASTISH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:since|ago|was|were|had|did|earlier|previously|last)\b").expect("valid"));

/// True when the sentence speaks of the future at this mention: a future
/// marker shortly before it, and no reporting verb right before it ("will
/// visit from Sunday, the office announced Tuesday").
fn future_at(doc: &Doc<'_>, span: Span) -> bool {
    static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:will|shall|would|'ll|is\s+set\s+to|are\s+set\s+to|(?:is|are|was|were)\s+(?:scheduled|slated|due|expected|to)|plans?\s+to|planned|next|upcoming|going\s+to|to\s+(?:make|visit|hold|meet|sign|host|attend|travel|begin|start|launch|open))\b",
        )
        .expect("valid")
    });
    let before = before_in_sentence(doc, span);
    let mention = &doc.text[span];
    if REPORTED.is_match(before) {
        return false;
    }
    if mention.to_lowercase().starts_with("next") {
        return true;
    }
    // The marker's clause must not turn back to the past ("would be his
    // first visit since his inauguration in June").
    FUTURE.find_iter(before).last().is_some_and(|m| !PASTISH.is_match(&before[m.end()..]))
}

/// True when the sentence is in the past tense before this mention, which
/// says when it happened ("was selected in October", "were signed on May
/// 3"). A deadline is not when it happened ("was raised to 12 pct after May
/// 31", "was extended until June").
fn past_at(doc: &Doc<'_>, span: Span) -> bool {
    let before = before_in_sentence(doc, span);
    let mention = doc.text[span].as_bytes();
    let at = |w: &[u8]| mention.len() > 3 && mention[..3].eq_ignore_ascii_case(w);
    let after_at = || {
        let last = before.trim_end().rsplit(' ').next().unwrap_or("");
        last.eq_ignore_ascii_case("in") || last.eq_ignore_ascii_case("on")
    };
    (at(b"in ") || at(b"on ") || after_at()) && PASTISH.is_match(before)
}

/// The text of the sentence before `span`, up to 120 bytes of it: where
/// [`future_at`] and [`past_at`] read the tense.
fn before_in_sentence<'t>(doc: &Doc<'t>, span: Span) -> &'t str {
    let sent = doc.sentence_at(span.start);
    let mut from = span.start.saturating_sub(120).max(sent.start);
    while !doc.text.is_char_boundary(from) {
        from += 1;
    }
    &doc.text[from..span.start]
}

/// True when a reporting verb stands right before a mention ("said Wednesday").
fn reported_at(doc: &Doc<'_>, span: Span) -> bool {
    let from = floor_boundary(doc.text, span.start.saturating_sub(40));
    REPORTED.is_match(&doc.text[from..span.start])
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The year of the nearest date before `span` in the same sentence that names
/// one ("In January 2022 … and in March"), else after it.
fn year_of_neighbour(ctx: &Ctx<'_, '_>, span: Span) -> Option<i32> {
    let sent = ctx.doc.sentence_at(span.start);
    let named = |r: &&Raw<'_>| r.span != span && sent.start <= r.span.start && r.span.end <= sent.end;
    let near = in_sentence(ctx.raws, sent);
    let before = near
        .iter()
        .filter(named)
        .filter(|r| r.span.start < span.start)
        .filter(|r| r.caps.name(G::M).is_some())
        .filter_map(|r| num(r.caps.name(G::Y)))
        .next_back();
    before.or_else(|| {
        near.iter()
            .filter(named)
            .filter(|r| r.caps.name(G::M).is_some() || r.caps.name(G::M2).is_some())
            .filter_map(|r| num(r.caps.name(G::Y)).or_else(|| num(r.caps.name(G::Y2))))
            .next()
    })
}

/// The raws that start inside `sent` (a sub-slice: raws are sorted), so that
/// looking around a date costs its sentence, not the document.
fn in_sentence<'a, 't>(raws: &'a [Raw<'t>], sent: Span) -> &'a [Raw<'t>] {
    let from = raws.partition_point(|r| r.span.start < sent.start);
    let to = raws.partition_point(|r| r.span.start < sent.end);
    &raws[from..to.max(from)]
}

/// A four-digit year anywhere in the date's sentence ("December 6 to 7 … 2025").
fn year_in_sentence(doc: &Doc<'_>, span: Span) -> Option<i32> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)(1[89]\d\d|20\d\d)(?-u:\b)").expect("valid"));
    let sent = doc.sentence_at(span.start);
    // A year after a capitalized word names a plan or an event ("Vision
    // 2030", "Expo 2020"), not the year of the date.
    let named = |s: usize| {
        let before = doc.text[..s].trim_end_matches([' ', '-']);
        before.len() < s
            && before.rsplit(|c: char| !c.is_alphanumeric()).next().is_some_and(|w| w.starts_with(char::is_uppercase))
    };
    YEAR.find_iter(&doc.text[sent])
        .filter(|m| {
            let (s, e) = (sent.start + m.start(), sent.start + m.end());
            (e <= span.start || s >= span.end) && !named(s)
        })
        .find_map(|m| m.as_str().parse().ok())
}

/// The year of a day (`d`) or month (`d` = None) that the text gives without one.
fn infer_year(ctx: &Ctx<'_, '_>, span: Span, m: u32, d: Option<u32>) -> Option<i32> {
    if let Some(y) = year_of_neighbour(ctx, span) {
        return Some(y);
    }
    let Some(a) = ctx.anchor else {
        return year_in_sentence(ctx.doc, span);
    };
    let future = future_at(ctx.doc, span);
    // A sentence in the past tense reports what happened by publication
    // ("was selected as the preferred bidder in October"); one in the present
    // may announce what is coming ("The fair opens in October").
    let slack = if !future && past_at(ctx.doc, span) { PAST_TENSE_SLACK_DAYS } else { PAST_SLACK_DAYS };
    let y = a.year();
    // The first and last day the reference can mean in year `y`.
    let bounds = |y: i32| -> Option<(NaiveDate, NaiveDate)> {
        match d {
            Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(|x| (x, x)),
            None => {
                let first = NaiveDate::from_ymd_opt(y, m, 1)?;
                let (ny, nm) = shift_month(y, m, 1);
                let last = NaiveDate::from_ymd_opt(ny, nm, 1)? - Duration::days(1);
                Some((first, last))
            }
        }
    };
    // February 29 in a common year: only a neighbouring leap year could be meant.
    let Some((first, last)) = bounds(y) else {
        return Some(y);
    };
    if future {
        if last < a - Duration::days(FUTURE_SLACK_DAYS) {
            return Some(y + 1);
        }
    } else if first > a + Duration::days(slack) {
        return Some(y - 1);
    }
    Some(y)
}

fn year_text(y: Option<i32>) -> String {
    match y {
        Some(y) => format!("{y:04}"),
        None => "XXXX".to_string(),
    }
}

fn normalize(caps: &Caps<'_>, ctx: &Ctx<'_, '_>, span: Span) -> Option<String> {
    if let Some(rel) = caps.name(G::Rel) {
        return relative(rel, month(caps.name(G::M)), ctx.anchor?, ctx.numbers);
    }
    let m = month(caps.name(G::M));
    let m2 = month(caps.name(G::M2));
    let d = num(caps.name(G::D)).map(|d| d as u32);
    let d2 = num(caps.name(G::D2)).map(|d| d as u32);
    let mut y = num(caps.name(G::Y));
    let mut y2 = num(caps.name(G::Y2));
    if let Some(rely) = caps.name(G::Rely) {
        y = Some(ctx.anchor?.year() + offset(rely)?);
    }
    if caps.name(G::Same).is_some() {
        y = ctx.raws.iter().filter(|r| r.span.end <= span.start).filter_map(|r| num(r.caps.name(G::Y))).next_back();
        y?;
    }
    // A year interval: "1963-64", "from 1926 to 1932".
    if m.is_none() && m2.is_none() && d.is_none() {
        let y = y?;
        return match y2 {
            None => Some(format!("{y:04}")),
            Some(e) => {
                let e = if e < 100 { y - y % 100 + e } else { e };
                (e > y).then(|| format!("{y:04}/{e:04}"))
            }
        };
    }
    let (m, m2) = match (m, m2) {
        (Some(m), m2) => (m, m2.unwrap_or(m)),
        (None, Some(m2)) => (m2, m2),
        (None, None) => return None,
    };
    if y.is_none() {
        // "Dec. 28 to Jan. 3, 2025": the end's year, one less across New Year;
        // "2-MAR-1987": the only year.
        y = match (y2, d2) {
            (Some(y2), Some(d2)) if (m2, d2) < (m, d.unwrap_or(1)) => Some(y2 - 1),
            (y2, _) => y2,
        };
    }
    let Some(d) = d else {
        let y = y.or_else(|| infer_year(ctx, span, m, None));
        return Some(format!("{}-{m:02}", year_text(y)));
    };
    let y = y.or_else(|| infer_year(ctx, span, m, Some(d)));
    let first = match y {
        Some(y) => ymd(y, m, d)?,
        None => {
            NaiveDate::from_ymd_opt(2000, m, d)?;
            format!("XXXX-{m:02}-{d:02}")
        }
    };
    let Some(d2) = d2 else {
        return Some(first);
    };
    if y2.is_none() {
        // An interval running into the next year: "December 28 to January 3".
        y2 = y.map(|y| if (m2, d2) < (m, d) { y + 1 } else { y });
    }
    let second = match y2 {
        Some(y2) => ymd(y2, m2, d2)?,
        None => {
            NaiveDate::from_ymd_opt(2000, m2, d2)?;
            format!("XXXX-{m2:02}-{d2:02}")
        }
    };
    (second > first || y2.is_none()).then(|| format!("{first}/{second}"))
}

/// "yesterday", "last year", "next month", "last September", "three days
/// ago" against the publication date.
fn relative(rel: &str, m: Option<u32>, a: NaiveDate, numbers: &BTreeMap<String, u64>) -> Option<String> {
    let rel = rel.to_lowercase();
    let mut words = rel.split_whitespace();
    let first = words.next()?;
    let day = |n: i64| Some(iso(a + Duration::days(n)));
    match (first, words.clone().next()) {
        ("yesterday", _) | ("last", Some("night")) => return day(-1),
        ("today" | "tonight", _) | ("this", Some("morning" | "afternoon" | "evening")) => return day(0),
        ("tomorrow", _) => return day(1),
        _ => {}
    }
    if rel.ends_with(" ago") {
        let n: u64 = first.parse().ok().or_else(|| numbers.get(first).copied())?;
        let n = i64::try_from(n).ok()?;
        return match words.next()?.trim_end_matches('s') {
            "day" => day(-n),
            "month" => {
                let (y, m) = shift_month(a.year(), a.month(), -i32::try_from(n).ok()?);
                Some(format!("{y:04}-{m:02}"))
            }
            "year" => Some(format!("{:04}", a.year() - i32::try_from(n).ok()?)),
            _ => None,
        };
    }
    let by = offset(first)?;
    if let Some(m) = m {
        // "last September": the latest September before this month;
        // "next March": the first after it; "this May": this year's.
        let y = a.year();
        let y = match by {
            -1 if m >= a.month() => y - 1,
            1 if m <= a.month() => y + 1,
            _ => y,
        };
        return Some(format!("{y:04}-{m:02}"));
    }
    match words.next()? {
        "year" => Some(format!("{:04}", a.year() + by)),
        "month" => {
            let (y, m) = shift_month(a.year(), a.month(), by);
            Some(format!("{y:04}-{m:02}"))
        }
        _ => None,
    }
}

/// A headline's weekday ("Buhari leaves for Morocco on Sunday") is the day
/// the story gives the same weekday ("will on Sunday embark on a visit"): a
/// headline's present tense says nothing of past or future, its story's
/// verbs do. Weekdays with "last" or "next" say it themselves.
fn same_day_as_the_story(text: &str, raws: &[Raw<'_>], values: &mut [Option<String>]) {
    let bare_weekday =
        |r: &Raw<'_>| r.caps.name(G::Wd).and_then(weekday_number).filter(|_| r.caps.name(G::Wrel).is_none());
    // Raws come in text order, and no headline reaches past HEADLINE_MAX.
    let in_reach = raws.partition_point(|r| r.span.start <= crate::text::HEADLINE_MAX);
    for i in 0..in_reach {
        let Some(n) = bare_weekday(&raws[i]).filter(|_| crate::text::in_headline(text, raws[i].span)) else {
            continue;
        };
        let story = (i + 1..raws.len())
            .find(|&j| bare_weekday(&raws[j]) == Some(n) && !crate::text::in_headline(text, raws[j].span));
        if let Some(v) = story.and_then(|j| values[j].clone()) {
            values[i] = Some(v);
        }
    }
}

/// A weekday: inside an interval of its sentence that contains it, else
/// against the publication date.
fn weekday(
    wd: &str,
    caps: &Caps<'_>,
    ctx: &Ctx<'_, '_>,
    span: Span,
    raws: &[Raw<'_>],
    values: &[Option<String>],
) -> Option<String> {
    let n = weekday_number(wd)?;
    let Some(a) = ctx.anchor else {
        return Some(format!("XXXX-WXX-{n}"));
    };
    let sent = ctx.doc.sentence_at(span.start);
    let reported = reported_at(ctx.doc, span);
    let from = raws.partition_point(|r| r.span.start < sent.start);
    for (r, v) in
        raws[from..].iter().zip(&values[from..]).take_while(|(r, _)| r.span.start < sent.end).filter(|_| !reported)
    {
        if r.span.start < sent.start || r.span.end > sent.end {
            continue;
        }
        let Some((s, e)) = v.as_deref().and_then(|v| v.split_once('/')) else {
            continue;
        };
        let (Ok(s), Ok(e)) = (NaiveDate::parse_from_str(s, "%Y-%m-%d"), NaiveDate::parse_from_str(e, "%Y-%m-%d"))
        else {
            continue;
        };
        if let Some(day) = s.iter_days().take_while(|x| *x <= e).find(|x| x.weekday().number_from_monday() == n) {
            return Some(iso(day));
        }
    }
    let wrel = caps.name(G::Wrel).map(str::to_lowercase);
    let now = a.weekday().number_from_monday();
    let day = if wrel.as_deref() == Some("next") || future_at(ctx.doc, span) {
        let ahead = (n + 7 - now) % 7;
        a + Duration::days(if ahead == 0 { 7 } else { ahead as i64 })
    } else {
        let back = (now + 7 - n) % 7;
        let back = if back == 0 && wrel.as_deref() == Some("last") { 7 } else { back };
        a - Duration::days(back as i64)
    };
    Some(iso(day))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::rules::load_embedded;

    static EX: LazyLock<Dates> = LazyLock::new(|| {
        let rules = load_embedded().expect("rules load");
        Dates::new(&rules, &mut RuleNames::default()).expect("dates compile")
    });

    /// The publication date patterns as the `regex` crate compiles them, once.
    static PUBLISHED_REGEXES: LazyLock<Vec<Regex>> =
        LazyLock::new(|| EX.published.iter().map(|p| Regex::new(p.re.as_str()).unwrap()).collect());

    /// The same rules without the scan.
    static ONE_BY_ONE: LazyLock<Dates> = LazyLock::new(|| {
        let rules = load_embedded().expect("rules load");
        Dates { scan: None, ..Dates::new(&rules, &mut RuleNames::default()).expect("dates compile") }
    });

    fn dates(text: &str, published: Option<&str>) -> (Option<String>, Vec<(String, String)>) {
        let ex = &*EX;
        let doc = Doc::new(text, published);
        let (p, ds) = ex.extract(&doc);
        (p.map(|p| format!("{}:{}", p.from, p.value)), ds.into_iter().map(|d| (d.text, d.value)).collect())
    }

    /// (published from outside, text, mention, value); value "" = no date there.
    const TABLE: &[(Option<&str>, &str, &str, &str)] = &[
        // Full dates in the usual orders.
        (None, "It opened on 23 July 2022 here.", "23 July 2022", "2022-07-23"),
        (None, "It opened on July 23, 2022 here.", "July 23, 2022", "2022-07-23"),
        (None, "The file is dated 2025-12-06 here.", "2025-12-06", "2025-12-06"),
        (Some("2025-02-01"), "Talks began Jan. 17 in Oman.", "Jan. 17", "2025-01-17"),
        (None, "Talks began Jan. 17 in Oman.", "Jan. 17", "XXXX-01-17"),
        // Month and year, month alone, bare years.
        (None, "In January 2022, he left.", "In January 2022", "2022-01"),
        (Some("2025-12-06"), "In May, he spoke.", "In May", "2025-05"),
        (None, "In May, he spoke.", "In May", "XXXX-05"),
        (None, "Ties began in 1521 with trade.", "in 1521", "1521"),
        (
            None,
            "In January 2022 talks began; in June of the same year they ended.",
            "in June of the same year",
            "2022-06",
        ),
        (None, "In March 2019 they met, and on May 4 they signed.", "on May 4", "2019-05-04"),
        // Intervals.
        (Some("2025-12-06"), "It ran December 6 to 7 in Moscow.", "December 6 to 7", "2025-12-06/2025-12-07"),
        (
            Some("2025-12-06"),
            "It ran from April 29 to May 2 in Tehran.",
            "from April 29 to May 2",
            "2025-04-29/2025-05-02",
        ),
        (Some("2025-12-06"), "It ran 6-7 December in Moscow.", "6-7 December", "2025-12-06/2025-12-07"),
        (None, "It ran 6-7 December 2024 in Moscow.", "6-7 December 2024", "2024-12-06/2024-12-07"),
        // Weekdays: past, future, inside an interval, unanchored, leap day.
        (Some("2025-12-06"), "The deals were signed on Friday.", "on Friday", "2025-12-05"),
        (Some("2025-12-06"), "The deals were signed on Saturday.", "on Saturday", "2025-12-06"),
        (Some("2025-12-06"), "The ministers will meet on Friday.", "on Friday", "2025-12-12"),
        (Some("2025-12-06"), "Talks are scheduled for Monday.", "Monday", "2025-12-08"),
        (Some("2025-12-06"), "He met them last Saturday.", "last Saturday", "2025-11-29"),
        (Some("2025-12-06"), "He spoke on Friday at the fair held from April 29 to May 2.", "on Friday", "2025-05-02"),
        (None, "The deals were signed on Friday.", "on Friday", "XXXX-WXX-5"),
        (Some("2024-03-01"), "The deal was signed on Thursday.", "on Thursday", "2024-02-29"),
        (Some("2023-12-30"), "They will meet on Monday.", "on Monday", "2024-01-01"),
        // Relative references.
        (Some("2025-12-06"), "They signed it yesterday.", "yesterday", "2025-12-05"),
        (Some("2025-12-06"), "They sign it today.", "today", "2025-12-06"),
        (Some("2025-12-06"), "Exports grew last year.", "last year", "2024"),
        (Some("2025-12-06"), "The plant opens next month.", "next month", "2026-01"),
        (Some("2025-01-10"), "Prices rose last December.", "last December", "2024-12"),
        (Some("2025-01-10"), "Prices rose last month.", "last month", "2024-12"),
        (Some("2025-12-06"), "Prices rose last September.", "last September", "2025-09"),
        (Some("2025-06-10"), "Trade grew in January this year.", "in January this year", "2025-01"),
        (None, "Exports grew last year.", "last year", ""),
        (Some("2025-12-06"), "They met earlier this week.", "this week", ""),
        // Year inference around New Year.
        (Some("2025-01-10"), "The board voted on December 28.", "on December 28", "2024-12-28"),
        (Some("2025-12-20"), "The board will vote on January 8.", "on January 8", "2026-01-08"),
        (Some("2018-05-04"), "He told reporters in November.", "in November", "2017-11"),
        (Some("2025-05-26"), "It was selected as the preferred bidder in October.", "in October", "2024-10"),
        (Some("2025-05-26"), "The fair opens in October.", "in October", "2025-10"),
        (Some("2025-05-26"), "It was said the fair will open in October.", "in October", "2025-10"),
        (Some("1987-03-02"), "The rate was raised to 12 pct after May 31.", "May 31", "1987-05-31"),
        // Leap days.
        (Some("2024-03-10"), "It was signed on February 29.", "on February 29", "2024-02-29"),
        (Some("2023-03-10"), "It was signed on February 29.", "on February 29", ""),
        (None, "It was signed on February 30.", "on February 30", ""),
        // Not dates.
        (None, "The visit lasted two days.", "two days", ""),
        (None, "They signed a 99-year lease.", "99-year", ""),
        (None, "It took three years.", "three years", ""),
        (None, "It may sign the deal in May.", "may sign", ""),
        (None, "Growth in recent years was slow.", "recent years", ""),
        (None, "He spoke at INOTEX 2025 on Vision 2030.", "2025", ""),
        (None, "They hired 2,000 staff.", "2,000", ""),
        (None, "The meeting starts at 10:30.", "10:30", ""),
        (None, "Profit rose in the third quarter.", "quarter", ""),
    ];

    #[test]
    fn table() {
        let mut bad = Vec::new();
        for &(published, text, mention, value) in TABLE {
            let (_, got) = dates(text, published);
            let ok = if value.is_empty() {
                !got.iter().any(|(t, _)| t.contains(mention) || mention.contains(t.as_str()))
            } else {
                got.iter().any(|(t, v)| t == mention && v == value)
            };
            if !ok {
                bad.push(format!("{text:?} ({published:?}): want {mention:?} → {value:?}, got {got:?}"));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn a_headline_weekday_is_the_storys() {
        let text = "Buhari leaves Nigeria for Morocco on Sunday\nPresident Buhari will on Sunday embark on a visit.";
        assert_eq!(dates(text, Some("2018-06-09")).1, [("on Sunday".to_string(), "2018-06-10".to_string())]);
        let text = "Ministers sign deal on Friday\nThe deal was signed on Friday in Moscow.";
        assert_eq!(dates(text, Some("2025-12-06")).1, [("on Friday".to_string(), "2025-12-05".to_string())]);
        // With no weekday in the story, the headline's stands on its own.
        let text = "Ministers sign deal on Friday\nThe deal was signed in Moscow.";
        assert_eq!(dates(text, Some("2025-12-06")).1, [("on Friday".to_string(), "2025-12-05".to_string())]);
    }

    #[test]
    fn published_forms() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Tehran, 23 July 2022 (TDI): They met.", Some("dateline:2022-07-23")),
            ("BAHRAIN, March 2 - The ministers met.", None),
            ("BAHRAIN, March 2 - They met.\nPosted on 2025-03-05", Some("dateline:2025-03-02")),
            ("Ministers meet\n2025-01-14\nThey met on Monday.", Some("date_line:2025-01-14")),
            ("Oil rises\n2-MAR-1987\nPrices rose.", Some("date_line:1987-03-02")),
            (" date 2025-12-06 TEHRAN – They met.", Some("header:2025-12-06")),
            ("They met in Moscow.", None),
        ];
        for &(text, want) in cases {
            assert_eq!(dates(text, None).0.as_deref(), want, "{text:?}");
        }
        let (p, _) = dates("Ministers meet\n2025-01-14\nThey met.", Some("2024-02-02"));
        assert_eq!(p.as_deref(), Some("metadata:2024-02-02"));
    }

    #[test]
    fn published_anchors_relative_dates() {
        let (_, got) = dates("Ministers meet\n2025-01-14\nThey met on Monday.", None);
        assert!(got.contains(&("on Monday".to_string(), "2025-01-13".to_string())), "{got:?}");
    }

    /// A match as (span, rule, every named group's span).
    type Seen = (Span, RuleId, Vec<Option<Span>>);

    fn group_names(ex: &Dates, i: usize) -> Vec<&str> {
        ex.groups[i].re.regex().group_info().pattern_names(PatternID::ZERO).flatten().collect()
    }

    /// The matches as `Dates::extract` took them before the scan: each
    /// pattern's `captures_iter` over the whole text, in priority order,
    /// each match kept unless it overlaps one kept before.
    fn raws_reference(ex: &Dates, text: &str) -> Vec<Seen> {
        let mut kept: Vec<Seen> = Vec::new();
        for (i, (re, rule)) in ex.patterns.iter().enumerate() {
            for caps in re.captures_iter(text) {
                let span = caps.whole().span();
                if kept.iter().any(|k| k.0.overlaps(span)) {
                    continue;
                }
                let groups = group_names(ex, i).iter().map(|n| caps.name(n).map(|g| g.span())).collect();
                kept.push((span, *rule, groups));
            }
        }
        kept.sort_by_key(|k| k.0);
        kept
    }

    fn seen(ex: &Dates, raws: &[Raw<'_>]) -> Vec<Seen> {
        let index = |rule: RuleId| ex.patterns.iter().position(|(_, r)| *r == rule).unwrap();
        let span = |g: regex_automata::Span| Span::new(g.start, g.end);
        raws.iter()
            .map(|r| {
                let names = group_names(ex, index(r.rule));
                (r.span, r.rule, names.iter().map(|n| r.caps.caps.get_group_by_name(n).map(span)).collect())
            })
            .collect()
    }

    /// Pieces of dates (month and weekday names, days, years, the words
    /// around them) and non-ASCII letters, mostly one space apart.
    fn date_text() -> impl Strategy<Value = String> {
        const TOKENS: &str = "January|May|may|MAR|Mar.|Sept.|Sep|Dec.|December|Friday|Monday|Mon|2025|1963|12025|64|\
            6|06|29|3rd|31|the|of|on|On|in|In|from|From|to|through|since|between|early|late|mid-|end of|this|last|\
            next|year|month|same|yesterday|Today|-|–|,|.|é|Ærø|’|x|2025-12-06|1999-13-01";
        const GLUE: &str = " | | | | |  |\n|\t|, |-|";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        let glue = prop::sample::select(GLUE.split('|').collect::<Vec<_>>());
        prop::collection::vec((token, glue), 0..40).prop_map(|ts| ts.into_iter().flat_map(|(t, g)| [t, g]).collect())
    }

    #[test]
    fn iso_is_chronos_format() {
        let days = (-4_000_000..4_000_000).step_by(997).chain(-800..800);
        let edges = [(0, 1, 1), (-1, 12, 31), (9999, 12, 31), (10000, 1, 1), (1, 1, 1), (999, 7, 4)];
        let edges = edges.iter().map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        for date in days.map(|n| epoch + Duration::days(n)).chain(edges) {
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
        }
    }

    /// A publication date's forms at the top, then pieces of dates.
    fn head_text() -> impl Strategy<Value = String> {
        const HEADS: [&str; 6] = [
            "",
            "Tehran, 23 July 2022 (TDI): ",
            "BAHRAIN, March 2 - ",
            " date 2025-12-06 ",
            "Oil rises\n2-MAR-1987\n",
            "Ministers meet\nThursday, 6 December 2012, 4:51 pm\n",
        ];
        (prop::sample::select(&HEADS[..]), date_text()).prop_map(|(head, rest)| format!("{head}{rest}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn published_groups_are_the_patterns_own(text in head_text()) {
            for Published { re, groups, .. } in &EX.published {
                let names: Vec<&str> = groups.re.regex().group_info().pattern_names(PatternID::ZERO).flatten().collect();
                let want = re.captures(&text).map(|c| names.iter().map(|n| c.name(n).map(|g| g.span())).collect::<Vec<_>>());
                let got = re.find_at(&text, 0).map(|m| {
                    let caps = read_groups(groups, &text, m);
                    names.iter().map(|n| caps.caps.get_group_by_name(n).map(|g| Span::new(g.start, g.end))).collect()
                });
                prop_assert_eq!(got, want);
            }
        }

        #[test]
        fn published_matches_are_regex_s(text in head_text()) {
            // Line-start patterns are tried only at lines whose first byte
            // can begin a match ([`Pattern::find_at`]).
            for (p, re) in EX.published.iter().zip(PUBLISHED_REGEXES.iter()) {
                let want = re.find(&text).map(|m| Span::new(m.start(), m.end()));
                prop_assert_eq!(p.re.find_at(&text, 0), want, "{}", p.re.as_str());
            }
        }

        #[test]
        fn scan_finds_the_matches_of_a_search_per_pattern(text in date_text()) {
            let ex = &*EX;
            prop_assert!(ex.scan.is_some());
            let want = raws_reference(ex, &text);
            prop_assert_eq!(seen(ex, &ex.raws(&text)), want.clone());
            // And so does the pattern-by-pattern walk used without the scan.
            prop_assert_eq!(seen(ex, &ONE_BY_ONE.raws(&text)), want);
        }
    }
}
