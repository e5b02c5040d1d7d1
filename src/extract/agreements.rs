//! Agreements: who signed how many of what.
//!
//! Patterns with `field = "agreements"` and `tag = "group"` find an
//! instrument group: an optional count (`count`: digits or a number word)
//! and the instrument noun (`inst`). The instrument's canonical name comes
//! from the `agreements`/`instrument` list (mou, contract, agreement,
//! letter_of_intent). A group counts only in a sentence that reports a
//! signing (`signed-verb` list) and does not hedge it (`hedge` list: "will",
//! "expected to", "hope to", …). The same (instrument, count) mentioned again
//! is the same group: one entry, all its mentions.

use std::collections::HashMap;

use regex::Regex;

use super::{tidy, AgreementX, Doc, Extraction, Found, RuleId, RuleNames};
use crate::rules::{RuleError, RuleSet};
use crate::Span;

pub struct Agreements {
    groups: Vec<(Regex, RuleId)>,
    instruments: HashMap<String, String>,
    numbers: HashMap<String, u64>,
    signed: Vec<String>,
    hedges: Vec<String>,
}

impl Agreements {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Agreements, RuleError> {
        let groups = rules.patterns("agreements", "group").map(|p| (p.regex.clone(), names.intern(&p.id))).collect();
        let mut instruments = HashMap::new();
        for l in rules.lists("agreements", "instrument") {
            for (s, c) in &l.entries {
                instruments.insert(s.to_lowercase(), l.canonicals[*c].clone());
            }
        }
        let mut numbers = HashMap::new();
        for l in rules.lists("shared", "number") {
            for (s, c) in &l.entries {
                if let Ok(n) = l.canonicals[*c].parse() {
                    numbers.insert(s.to_lowercase(), n);
                }
            }
        }
        let lower = |tag: &str| -> Vec<String> {
            rules
                .lists("agreements", tag)
                .flat_map(|l| l.surfaces().map(str::to_lowercase).collect::<Vec<_>>())
                .collect()
        };
        Ok(Agreements { groups, instruments, numbers, signed: lower("signed-verb"), hedges: lower("hedge") })
    }

    fn instrument(&self, noun: &str) -> Option<&str> {
        let lower = noun.to_lowercase();
        if let Some(c) = self.instruments.get(&lower) {
            return Some(c);
        }
        // Try the head noun alone ("cooperation agreements" → "agreements").
        let head = lower.rsplit(' ').next()?;
        self.instruments.get(head).map(String::as_str)
    }

    fn count(&self, s: &str) -> Option<u64> {
        let lower = s.to_lowercase().replace(',', "");
        lower.parse().ok().or_else(|| self.numbers.get(&lower).copied())
    }

    pub fn extract(&self, doc: &Doc<'_>, _ex: &Extraction) -> Vec<AgreementX> {
        let text = doc.text;
        let mut out: Vec<AgreementX> = Vec::new();
        for (re, rule) in &self.groups {
            for caps in re.captures_iter(text) {
                let whole = caps.get(0).expect("group 0");
                let span = Span::new(whole.start(), whole.end());
                let Some(inst) = caps.name("inst").and_then(|m| self.instrument(m.as_str())) else {
                    continue;
                };
                let count = match caps.name("count") {
                    Some(c) => match self.count(c.as_str()) {
                        Some(n) => Some(n),
                        None => continue,
                    },
                    None => continue,
                };
                let sent = doc.sentence_at(span.start);
                let sentence = text[sent].to_lowercase();
                if !self.signed.iter().any(|v| contains_word(&sentence, v))
                    || self.hedges.iter().any(|h| contains_word(&sentence, h))
                {
                    continue;
                }
                let f = Found { span, rule: *rule };
                match out.iter_mut().find(|a| a.instrument == inst && a.count == count) {
                    Some(a) => a.mentions.push(f),
                    None => out.push(AgreementX {
                        instrument: inst.to_string(),
                        count,
                        text: text[span].to_string(),
                        parties: Vec::new(),
                        date: None,
                        location: None,
                        domains: Vec::new(),
                        mentions: vec![f],
                    }),
                }
            }
        }
        for a in &mut out {
            tidy(&mut a.mentions);
        }
        out.sort_by_key(|a| a.mentions[0].span.start);
        out
    }
}

/// True when `needle` occurs in `hay` as whole words.
fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = hay[i + needle.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}
