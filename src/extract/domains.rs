//! Domains: fields of cooperation or activity ("artificial intelligence",
//! "fintech", "renewable energy"), from a taxonomy of canonical names and
//! their surface forms.
//!
//! Lists with `field = "domains"` and `tag = "term"` are the taxonomy; a list
//! may be case-insensitive (long forms) or not (acronyms such as "AI").
//! Patterns with `tag = "veto"` mark contexts where a term is not a domain
//! ("BABL AI", a company): a domain mention inside a veto match is dropped.
//!
//! Lists with `tag = "generic"` hold common words ("trade", "energy") that
//! name a field only in context: inside the clause after a `context` pattern
//! match ("in the fields of", "cooperation in", "MoUs on"), or right before a
//! `context-after` match ("energy sector"). A generic surface form is never
//! matched by a `term` list, even when it is a term list's canonical name.
//!
//! Almost every text has a match that needs the vetoes or the context
//! windows, but only around that match: the patterns are searched there
//! alone, between *barriers*, characters that no veto or context match can
//! hold (found from the patterns' syntax, see [`Barriers`]). A search begun
//! right after a barrier meets the matches a search of the whole text would
//! (the proptest below checks it against whole-text searches). Few of those
//! stretches hold a veto match: one scan for all the vetoes ([`Scouts`])
//! tells which to search at all.

use std::collections::{BTreeMap, HashSet};

use super::{tidy, Cover, Doc, DomainX, Found, Gazetteer, GazetteerMatch, OrgX, RuleNames};
use crate::rules::{Barriers, ListRule, Origin, Pattern, RuleError, RuleSet, Scouts};
use crate::Span;

pub struct Domains {
    /// Every list in one automaton, each list matched on its own.
    gazetteer: Gazetteer,
    canonicals: Vec<Vec<String>>,
    /// Per gazetteer: true for generic lists (context required).
    generic: Vec<bool>,
    vetoes: Vec<Pattern>,
    /// Whether a veto may match in a stretch, in one scan for all of them.
    veto_scouts: Scouts,
    contexts: Vec<Pattern>,
    after: Vec<Pattern>,
    /// Where no veto or context match can reach.
    barriers: Barriers,
}

/// How far a context trigger reaches at most, in bytes.
const CONTEXT_REACH: usize = 320;

impl Domains {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Domains, RuleError> {
        let generic_lists: Vec<&ListRule> = rules.lists("domains", "generic").collect();
        let generic_forms: HashSet<String> =
            generic_lists.iter().flat_map(|l| l.surfaces().map(str::to_lowercase)).collect();
        let mut lists: Vec<(ListRule, bool)> = Vec::new();
        for l in rules.lists("domains", "term") {
            let mut l = l.clone();
            l.entries.retain(|(s, _)| !generic_forms.contains(&s.to_lowercase()));
            lists.push((l, false));
        }
        lists.extend(generic_lists.iter().map(|l| ((*l).clone(), true)));
        // One walk over the text for every list; each list keeps its own
        // leftmost-longest matches, and case-sensitive acronyms stay so.
        let gazetteer = Gazetteer::new(&lists.iter().map(|(l, _)| l).collect::<Vec<_>>(), names).each_list();
        let canonicals = lists.iter().map(|(l, _)| l.canonicals.clone()).collect();
        let generic = lists.iter().map(|(_, g)| *g).collect();
        let patterns =
            |tag: &str| -> Vec<Pattern> { rules.patterns("domains", tag).map(|p| p.regex.clone()).collect() };
        let (vetoes, contexts) = (patterns("veto"), patterns("context"));
        let veto_scouts = Scouts::new(&vetoes).map_err(|message| RuleError::Invalid {
            origin: rules
                .patterns("domains", "veto")
                .next()
                .map_or(Origin { file: String::new(), line: 0 }, |p| p.origin.clone()),
            rule: None,
            message: format!("the veto patterns together: {message}"),
        })?;
        let barriers = Barriers::of(vetoes.iter().chain(&contexts));
        let after = patterns("context-after");
        Ok(Domains { gazetteer, canonicals, generic, vetoes, veto_scouts, contexts, after, barriers })
    }

    /// The word lists, walked together with the other extractors' ([`super::Lexicons`]).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The domains of `doc`, given the matches of [`Domains::gazetteer`].
    pub fn extract(&self, doc: &Doc<'_>, per_list: Vec<Vec<GazetteerMatch>>, orgs: &[OrgX]) -> Vec<DomainX> {
        let text = doc.text;
        // The vetoes and the context triggers, found where a match needs them.
        let mut vetoes = Nearby::new(&self.vetoes);
        let mut contexts = Nearby::new(&self.contexts);
        let mut next_barrier = NextBarrier::default();
        // Sized first: grown from an iterator of unknown length, it would be
        // reallocated a few times per text.
        let mut org_spans = Vec::with_capacity(orgs.iter().map(|o| o.mentions.len()).sum());
        org_spans.extend(orgs.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        let org_spans = Cover::new(org_spans);
        // At most one domain per match: never grown.
        let mut out: Vec<DomainX> = Vec::with_capacity(per_list.iter().map(Vec::len).sum());
        // Taken spans never overlap each other, so sorted by start their ends
        // rise too: only the last one starting before a match ends can overlap it.
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        for ((matches, canon), generic) in per_list.into_iter().zip(&self.canonicals).zip(&self.generic) {
            for m in matches {
                // Cheapest tests first: each is a plain yes or no.
                if *generic
                    && !self.after.iter().any(|re| re.is_match(&text[m.span.end..]))
                    && !self.in_window(text, m.span, &mut contexts, &mut next_barrier)
                {
                    continue;
                }
                if org_spans.contains(m.span)
                    || taken.range(..m.span.end).next_back().is_some_and(|(&s, &e)| Span::new(s, e).overlaps(m.span))
                    || self.vetoed(text, m.span, &mut vetoes, &mut next_barrier)
                {
                    continue;
                }
                taken.insert(m.span.start, m.span.end);
                let name = &canon[m.canonical];
                let f = Found { span: m.span, rule: m.rule };
                match out.iter_mut().find(|d| &d.name == name) {
                    Some(d) => d.mentions.push(f),
                    None => {
                        // What a second mention would grow `vec![f]` to, without
                        // the reallocation.
                        let mut mentions = Vec::with_capacity(4);
                        mentions.push(f);
                        out.push(DomainX { name: name.clone(), mentions });
                    }
                }
            }
        }
        for d in &mut out {
            tidy(&mut d.mentions);
        }
        out.sort_by_key(|d| d.mentions[0].span.start);
        out
    }

    /// True when a veto match holds `span`. Such a match lies between the
    /// barriers around `span`, and holds none.
    fn vetoed(&self, text: &str, span: Span, found: &mut Nearby, next: &mut NextBarrier) -> bool {
        if !found.covers(span) {
            let end = next.get(&self.barriers, text, span.start);
            if end < span.end {
                return false;
            }
            let stretch = Span::new(self.barriers.last_before(text, span.start), end);
            found.search(&self.vetoes, Some(&self.veto_scouts), text, stretch);
        }
        (0..self.vetoes.len()).any(|i| found.holding(i, span.start).is_some_and(|v| v.end >= span.end))
    }

    /// True when a context window holds `span`: one opened by a trigger that
    /// ends in the clause of `span` (stops excluded), at most the reach away.
    /// A window runs from its trigger to the first stop after it, within the
    /// reach (see the tests' `window`).
    fn in_window(&self, text: &str, span: Span, found: &mut Nearby, next: &mut NextBarrier) -> bool {
        let bytes = text.as_bytes();
        // A stop in `span` ends every window before the end of `span`.
        if bytes[span.start..span.end].iter().any(|&b| is_stop(b)) {
            return false;
        }
        let reach = span.end.saturating_sub(CONTEXT_REACH).min(span.start);
        let from = last_stop(&bytes[reach..span.start]).map_or(reach, |i| reach + i + 1);
        if !found.covers(Span::new(from, span.start)) {
            let end = next.get(&self.barriers, text, span.start);
            // Half the stretches hold a trigger: a test first would not pay.
            found.search(&self.contexts, None, text, Span::new(self.barriers.last_before(text, from), end));
        }
        // No stop lies between a trigger that ends from `from` on and the
        // end of `span`: its window holds `span` when the reach does, and
        // the stop after it need not be looked for.
        (0..self.contexts.len())
            .any(|i| found.ending_within(i, from, span.start).any(|t| span.end - t.end <= CONTEXT_REACH))
    }
}

/// Where the last stop ([`is_stop`]) in `bytes` is: two vectorized scans
/// cost less than a test per byte.
fn last_stop(bytes: &[u8]) -> Option<usize> {
    memchr::memrchr3(b'.', b';', b'\n', bytes).max(memchr::memrchr2(b'!', b'?', bytes))
}

fn is_stop(b: u8) -> bool {
    matches!(b, b'.' | b';' | b'\n' | b'!' | b'?')
}

/// The last answer of [`Barriers::next`]: the first barrier at or after
/// `from` is `end`, and so that of every position in `from..=end`. A
/// generic word's context test and its veto test ask for the same one.
#[derive(Default)]
struct NextBarrier {
    last: Option<(usize, usize)>,
}

impl NextBarrier {
    fn get(&mut self, barriers: &Barriers, text: &str, at: usize) -> usize {
        match self.last {
            Some((from, end)) if from <= at && at <= end => end,
            _ => {
                let end = barriers.next(text, at);
                self.last = Some((at, end));
                end
            }
        }
    }
}

/// The matches of some patterns found so far in a text, and where they were
/// searched: stretches that begin and end at barriers (or the text's ends),
/// so that they hold exactly the matches of a whole-text search there.
/// Ordered maps, not sorted vectors: the lists' matches come in text order
/// one list after another, and inserting into the middle of a vector made a
/// text of one long paragraph quadratic.
struct Nearby {
    /// Start to end; disjoint, and not touching.
    searched: BTreeMap<usize, usize>,
    /// Per pattern, start to end; a pattern's matches do not overlap, so
    /// their ends rise with their starts.
    matches: Vec<BTreeMap<usize, usize>>,
}

impl Nearby {
    fn new(patterns: &[Pattern]) -> Nearby {
        Nearby { searched: BTreeMap::new(), matches: vec![BTreeMap::new(); patterns.len()] }
    }

    /// Searches the parts of `stretch` not searched yet; `scouts`, when
    /// given, tells first which parts none of `patterns` can match in.
    fn search(&mut self, patterns: &[Pattern], scouts: Option<&Scouts>, text: &str, stretch: Span) {
        // The stretch joined with the searched ones it touches: searched
        // stretches share their barriers' positions, so a gap between two
        // of them begins and ends at barriers too.
        if stretch.start >= stretch.end {
            return;
        }
        let mut from = stretch.start;
        let mut at = stretch.start;
        if let Some((&s, &e)) = self.searched.range(..=at).next_back() {
            if e >= at {
                from = s;
                at = e;
            }
        }
        // Each gap searched as it is met, and the stretches joined removed
        // one by one: vectors of them cost an allocation per search.
        let mut search = |gap: Span| {
            if scouts.is_none_or(|s| s.may_match_within(text, gap)) {
                for (re, matches) in patterns.iter().zip(&mut self.matches) {
                    matches.extend(re.find_iter_within(text, gap).map(|m| (m.start, m.end)));
                }
            }
        };
        let mut to = at.max(stretch.end);
        let within = if at <= stretch.end { Some(self.searched.range(at..=stretch.end)) } else { None };
        for (&s, &e) in within.into_iter().flatten() {
            if at < s {
                search(Span::new(at, s));
            }
            at = at.max(e);
            to = to.max(e);
        }
        if at < stretch.end {
            search(Span::new(at, stretch.end));
        }
        while let Some((&s, _)) = self.searched.range(from..=to).next() {
            self.searched.remove(&s);
        }
        self.searched.insert(from, to);
    }

    /// True when `span` lies within one searched stretch: every match that
    /// overlaps it is known.
    fn covers(&self, span: Span) -> bool {
        self.searched.range(..=span.start).next_back().is_some_and(|(_, &e)| e >= span.end)
    }

    /// The last match starting at or before `at`: the only one that can hold
    /// a span starting there.
    fn holding(&self, pattern: usize, at: usize) -> Option<Span> {
        self.matches[pattern].range(..=at).next_back().map(|(&s, &e)| Span::new(s, e))
    }

    /// The matches that end within `from..=to`: the last one starting before
    /// `from`, and those starting from there on (a match ending by `to`
    /// starts by then).
    fn ending_within(&self, pattern: usize, from: usize, to: usize) -> impl Iterator<Item = Span> + '_ {
        let matches = &self.matches[pattern];
        let before = matches.range(..from).next_back();
        let after = if from <= to { Some(matches.range(from..=to)) } else { None };
        before
            .into_iter()
            .chain(after.into_iter().flatten())
            .map(|(&s, &e)| Span::new(s, e))
            .filter(move |m| m.end >= from && m.end <= to)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;
    use crate::extract::{Doc, Extractor};
    use crate::rules::load_dir;

    #[test]
    fn last_stop_knows_the_stops_is_stop_knows() {
        for b in 0..=255u8 {
            assert_eq!(last_stop(&[b'x', b, b'x']).is_some(), is_stop(b), "{b:#x}");
        }
    }

    /// Built once: loading the rules takes longer than a test case.
    static RULES: LazyLock<RuleSet> = LazyLock::new(|| crate::rules::load_embedded().unwrap());
    static DOMAINS: LazyLock<Domains> = LazyLock::new(|| Domains::new(&RULES, &mut RuleNames::default()).unwrap());

    /// The context window a trigger ending at `at` opens: to the end of its
    /// clause, or the reach.
    fn window(text: &str, at: usize) -> Span {
        let rest = &text[at..];
        // Only the reach is searched: the stops are ASCII, so bytes do.
        let reach = &rest.as_bytes()[..rest.len().min(CONTEXT_REACH)];
        let stop = reach.iter().position(|&b| is_stop(b));
        let mut end = stop.unwrap_or(rest.len()).min(CONTEXT_REACH);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        Span::new(at, at + end)
    }

    /// Every domain mention, with the vetoes and the context windows found
    /// over the whole text, as the extractor did before the barriers.
    fn reference(d: &Domains, text: &str, orgs: &[Span]) -> Vec<(String, Span)> {
        let vetoed = Cover::new(d.vetoes.iter().flat_map(|re| re.find_iter(text)));
        let windows = Cover::new(d.contexts.iter().flat_map(|re| re.find_iter(text)).map(|m| window(text, m.end)));
        let org_spans = Cover::new(orgs.iter().copied());
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        let mut out = Vec::new();
        let per_list = d.gazetteer.find_groups(&Doc::new(text, None));
        for ((matches, canon), generic) in per_list.into_iter().zip(&d.canonicals).zip(&d.generic) {
            for m in matches {
                if *generic && !d.after.iter().any(|re| re.is_match(&text[m.span.end..])) && !windows.contains(m.span) {
                    continue;
                }
                if org_spans.contains(m.span)
                    || taken.range(..m.span.end).next_back().is_some_and(|(&s, &e)| Span::new(s, e).overlaps(m.span))
                    || vetoed.contains(m.span)
                {
                    continue;
                }
                taken.insert(m.span.start, m.span.end);
                out.push((canon[m.canonical].clone(), m.span));
            }
        }
        out.sort();
        out
    }

    /// Domain words (terms, generic ones, acronyms), context triggers, veto
    /// name parts, and every kind of character that can stop or guard a
    /// match, glued anyhow.
    fn domain_text() -> impl Strategy<Value = String> {
        const TOKENS: &str = "trade|energy|Energy|oil|gas|mining|Mining|AI|BABL|Scale|R&D|SMEs|fintech|blockchain|\
            renewables|cyber security|health|Health|sector|Sector|Ministry|Industry|and|in|the|fields|of|areas|such|as|\
            cooperation|MoUs|MoU|memorandum|understanding|on|covering|cover|including|focus|relating|to|deals|\
            Co|Bank|Støre|Ærø|É|ÉNERGIE|42|x| | | |  |\n|\t|\u{a0}|.|,|;|!|?|(|)|(No. 5)|(i.e. 2, é)|-|’s|'|’|—|\u{301}|\
            中国|_|MoU (No. 5) on |pacts (i.e. 2) in trade|deals (a.b) covering |";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..60).prop_map(|ts| ts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8192, ..ProptestConfig::default() })]
        #[test]
        fn mentions_are_those_of_whole_text_searches(text in domain_text(), org in 0usize..8) {
            let (d, text) = (&*DOMAINS, text.as_str());
            // Some organization mention, or none, to drop matches inside.
            let starts = crate::extract::gazetteer::match_starts(text);
            let orgs: Vec<Span> = starts.get(org..org + 2).map(|w| Span::new(w[0], w[1])).into_iter().collect();
            let org_x = OrgX {
                name: String::new(),
                aliases: Vec::new(),
                mentions: orgs.iter().map(|&span| Found { span, rule: crate::extract::RuleId(0) }).collect(),
            };
            let doc = Doc::new(text, None);
            let mut got: Vec<(String, Span)> = d
                .extract(&doc, d.gazetteer.find_groups(&doc), &[org_x])
                .into_iter()
                .flat_map(|x| x.mentions.into_iter().map(move |f| (x.name.clone(), f.span)))
                .collect();
            got.sort();
            prop_assert_eq!(got, reference(d, text, &orgs));
        }

    }

    fn domains(text: &str) -> Vec<String> {
        let rules = load_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))).expect("rules load");
        let ex = Extractor::new(&rules).expect("extractor").extract(&Doc::new(text, None));
        ex.domains.into_iter().map(|d| d.name).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            // Specific terms count anywhere; aliases map to the canonical name.
            ("The plan covers renewables and cyber security.", &["renewable energy", "cybersecurity"]),
            // Generic words need a context: a trigger or a following "sector".
            ("Trade fell last year, the minister said.", &[]),
            ("They agreed on cooperation in trade, mining and education.", &["trade", "mining", "education"]),
            ("The government wants to modernize the energy sector.", &["energy"]),
            // Names are not fields.
            ("He spoke for the Industry and Mining Sector.", &[]),
            ("Ask BABL AI about the rules.", &[]),
            ("Firms from Pardis Technology Park attended.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(domains(text), *want, "{text}");
        }
    }
}
