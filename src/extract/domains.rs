//! Domains: fields of cooperation or activity ("artificial intelligence",
//! "fintech", "renewable energy"), from a taxonomy of canonical names and
//! their surface forms.
//!
//! Lists with `field = "domains"` and `tag = "term"` are the taxonomy; a list
//! may be case-insensitive (long forms) or not (acronyms such as "AI").
//! Patterns with `tag = "veto"` mark contexts where a term is not a domain
//! ("BABL AI", a company): a domain mention inside a veto match is dropped.

use regex::Regex;

use super::{tidy, Doc, DomainX, Found, Gazetteer, OrgX, RuleNames};
use crate::rules::{RuleError, RuleSet};
use crate::Span;

pub struct Domains {
    gazetteers: Vec<Gazetteer>,
    canonicals: Vec<Vec<String>>,
    vetoes: Vec<Regex>,
}

impl Domains {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Domains, RuleError> {
        let lists: Vec<_> = rules.lists("domains", "term").collect();
        // One automaton per list, so case-sensitive acronyms stay case-sensitive.
        let gazetteers = lists.iter().map(|l| Gazetteer::new(&[*l], names)).collect();
        let canonicals = lists.iter().map(|l| l.canonicals.clone()).collect();
        let vetoes = rules.patterns("domains", "veto").map(|p| p.regex.clone()).collect();
        Ok(Domains { gazetteers, canonicals, vetoes })
    }

    pub fn extract(&self, doc: &Doc<'_>, orgs: &[OrgX]) -> Vec<DomainX> {
        let text = doc.text;
        let vetoed: Vec<Span> =
            self.vetoes.iter().flat_map(|re| re.find_iter(text).map(|m| Span::new(m.start(), m.end()))).collect();
        let org_spans: Vec<Span> = orgs.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)).collect();
        let mut out: Vec<DomainX> = Vec::new();
        let mut taken: Vec<Span> = Vec::new();
        for (g, canon) in self.gazetteers.iter().zip(&self.canonicals) {
            for m in g.find(text) {
                if vetoed.iter().any(|v| v.contains(m.span))
                    || org_spans.iter().any(|o| o.contains(m.span))
                    || taken.iter().any(|t| t.overlaps(m.span))
                {
                    continue;
                }
                taken.push(m.span);
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
