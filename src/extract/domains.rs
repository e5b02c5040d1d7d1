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

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet};

use super::{tidy, Cover, Doc, DomainX, Found, Gazetteer, OrgX, RuleNames};
use crate::rules::{ListRule, Pattern, RuleError, RuleSet};
use crate::Span;

pub struct Domains {
    /// Every list in one automaton, each list matched on its own.
    gazetteer: Gazetteer,
    canonicals: Vec<Vec<String>>,
    /// Per gazetteer: true for generic lists (context required).
    generic: Vec<bool>,
    vetoes: Vec<Pattern>,
    contexts: Vec<Pattern>,
    after: Vec<Pattern>,
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
        let gazetteer = Gazetteer::new(&lists.iter().map(|(l, _)| l).collect::<Vec<_>>(), names);
        let canonicals = lists.iter().map(|(l, _)| l.canonicals.clone()).collect();
        let generic = lists.iter().map(|(_, g)| *g).collect();
        let patterns =
            |tag: &str| -> Vec<Pattern> { rules.patterns("domains", tag).map(|p| p.regex.clone()).collect() };
        Ok(Domains {
            gazetteer,
            canonicals,
            generic,
            vetoes: patterns("veto"),
            contexts: patterns("context"),
            after: patterns("context-after"),
        })
    }

    pub fn extract(&self, doc: &Doc<'_>, orgs: &[OrgX]) -> Vec<DomainX> {
        let text = doc.text;
        let per_list = self.gazetteer.find_each_list(doc);
        // The vetoes and the context windows each cost a pass over the text:
        // they are found the first time a match needs them, if one does.
        let vetoed = OnceCell::new();
        let vetoed = || vetoed.get_or_init(|| Cover::new(self.vetoes.iter().flat_map(|re| re.find_iter(text))));
        let org_spans = Cover::new(orgs.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        let windows = OnceCell::new();
        let windows = || windows.get_or_init(|| self.windows(text));
        let mut out: Vec<DomainX> = Vec::new();
        // Taken spans never overlap each other, so sorted by start their ends
        // rise too: only the last one starting before a match ends can overlap it.
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        for ((matches, canon), generic) in per_list.into_iter().zip(&self.canonicals).zip(&self.generic) {
            for m in matches {
                // Cheapest tests first: each is a plain yes or no.
                if *generic
                    && !self.after.iter().any(|re| re.is_match(&text[m.span.end..]))
                    && !windows().contains(m.span)
                {
                    continue;
                }
                if org_spans.contains(m.span)
                    || taken.range(..m.span.end).next_back().is_some_and(|(&s, &e)| Span::new(s, e).overlaps(m.span))
                    || vetoed().contains(m.span)
                {
                    continue;
                }
                taken.insert(m.span.start, m.span.end);
                let name = &canon[m.canonical];
                let f = Found { span: m.span, rule: m.rule };
                match out.iter_mut().find(|d| &d.name == name) {
                    Some(d) => d.mentions.push(f),
                    None => out.push(DomainX { name: name.clone(), mentions: vec![f] }),
                }
            }
        }
        for d in &mut out {
            tidy(&mut d.mentions);
        }
        out.sort_by_key(|d| d.mentions[0].span.start);
        out
    }
}

impl Domains {
    /// Context windows: from a trigger to the end of its clause.
    fn windows(&self, text: &str) -> Cover {
        Cover::new(self.contexts.iter().flat_map(|re| re.find_iter(text)).map(|m| {
            let rest = &text[m.end..];
            // Only the reach is searched: the stops are ASCII, so bytes do.
            let reach = &rest.as_bytes()[..rest.len().min(CONTEXT_REACH)];
            let stop = reach.iter().position(|b| matches!(b, b'.' | b';' | b'\n' | b'!' | b'?'));
            let mut end = stop.unwrap_or(rest.len()).min(CONTEXT_REACH);
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            Span::new(m.end, m.end + end)
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::{Doc, Extractor};
    use crate::rules::load_dir;

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
