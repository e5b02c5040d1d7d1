//! Organizations: a gazetteer of well-known bodies, names built around a head
//! word ("… University", "Ministry of …"), and acronym definitions in both
//! directions ("Islamic Republic News Agency (IRNA)", "IRNA (Islamic …)").
//!
//! A name with a head word comes from a run of capitalized words joined by
//! connectors (the `org.name-with-head` pattern). The run is then cut to the
//! organization: a leading possessive ("Iran’s") or a person's title
//! ("President of the …") is dropped, two organizations joined by "and" are
//! split, and words after a final head that do not continue the name with
//! "of"/"for" are left out.

use std::collections::HashSet;

use regex::Regex;

use super::{tidy, whole_word, Cover, Doc, Found, Gazetteer, OrgX, RuleId, RuleNames};
use crate::rules::{RuleError, RuleSet};
use crate::Span;

pub struct Orgs {
    gazetteer: Gazetteer,
    /// Per gazetteer list: canonical names, and for each canonical its variants.
    lists: Vec<Vec<(String, Vec<String>)>>,
    chunks: Vec<(Regex, RuleId)>,
    heads: HashSet<String>,
    /// Words that make a run a person's title rather than an organization.
    titles: HashSet<String>,
    acronym: Option<(Regex, RuleId)>,
    alias_rule: Option<RuleId>,
    /// Every place name: a run that is a place ("Russian Federation") is not an organization.
    places: HashSet<String>,
}

fn required<'r>(rules: &'r RuleSet, field: &str, tag: &str) -> Result<&'r crate::rules::ListRule, RuleError> {
    rules.lists(field, tag).next().ok_or_else(|| RuleError::Invalid {
        origin: crate::rules::Origin { file: "rules".into(), line: 0 },
        rule: None,
        message: format!("no list with field = {field:?} and tag = {tag:?}; the {field} extractor needs one"),
    })
}

impl Orgs {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Orgs, RuleError> {
        let gaz_lists: Vec<_> = rules.lists("organizations", "known").collect();
        let gazetteer = Gazetteer::new(&gaz_lists, names);
        let lists = gaz_lists
            .iter()
            .map(|l| {
                let mut v: Vec<(String, Vec<String>)> = l.canonicals.iter().map(|c| (c.clone(), Vec::new())).collect();
                for (s, c) in &l.entries {
                    if *s != l.canonicals[*c] {
                        v[*c].1.push(s.clone());
                    }
                }
                v
            })
            .collect();
        let heads = required(rules, "organizations", "head")?.surfaces().map(str::to_string).collect();
        // Head words of person titles ("Minister", "President"), as people.rs reads them.
        let titles = rules
            .lists("people", "title")
            .flat_map(|l| {
                l.surfaces()
                    .filter_map(|t| if t.contains(" of ") { t.split(' ').next() } else { t.split(' ').next_back() })
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let chunks = rules.patterns("organizations", "chunk").map(|p| (p.regex.clone(), names.intern(&p.id))).collect();
        let acronym = rules.patterns("organizations", "acronym").next().map(|p| (p.regex.clone(), names.intern(&p.id)));
        let alias_rule = rules.strategy("organizations", "alias-mention").map(|r| names.intern(&r.id));
        let places = ["country", "city", "region"]
            .iter()
            .flat_map(|k| rules.lists("locations", k))
            .flat_map(|l| l.surfaces().map(str::to_string).collect::<Vec<_>>())
            .collect();
        Ok(Orgs { gazetteer, lists, chunks, heads, titles, acronym, alias_rule, places })
    }

    pub fn extract(&self, doc: &Doc<'_>) -> Vec<OrgX> {
        let text = doc.text;
        let mut out: Vec<OrgX> = Vec::new();
        for (re, rule) in &self.chunks {
            for m in re.find_iter(text) {
                for span in self.cut(text, Span::new(m.start(), m.end())) {
                    add(&mut out, text[span].to_string(), Found { span, rule: *rule });
                }
            }
        }
        // Gazetteer matches never overlap each other: only the pattern's names can hold one.
        let by_pattern = Cover::new(out.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        for m in self.gazetteer.find(text) {
            let (name, _) = &self.lists[m.list][m.canonical];
            let found = Found { span: m.span, rule: m.rule };
            // A known body inside a longer name found by a pattern is part of it.
            if by_pattern.contains_strictly(m.span) {
                continue;
            }
            let surface = &text[m.span];
            add(&mut out, name.clone(), found);
            if surface != name {
                alias(&mut out, name, surface);
            }
        }
        if let Some((re, rule)) = &self.acronym {
            for caps in re.captures_iter(text) {
                let (Some(long), Some(short)) = (caps.name("long"), caps.name("short")) else {
                    continue;
                };
                let long_span = Span::new(long.start(), long.end());
                let short_text = short.as_str();
                let Some(name_span) = initials_span(text, long_span, short_text) else {
                    continue;
                };
                let name = text[name_span].to_string();
                // Only an organization's acronym is an organization alias; "(AI)" after
                // "artificial intelligence" is a term, not a body.
                let known = out.iter().position(|o| o.mentions.iter().any(|f| f.span == name_span) || o.name == name);
                let is_org = known.is_some() || self.has_head(&name);
                if !is_org {
                    continue;
                }
                let found = Found { span: Span::new(short.start(), short.end()), rule: *rule };
                let target = match known {
                    Some(i) => out[i].name.clone(),
                    None => {
                        add(&mut out, name.clone(), Found { span: name_span, rule: *rule });
                        name.clone()
                    }
                };
                add(&mut out, target.clone(), found);
                alias(&mut out, &target, short_text);
            }
        }
        // Later bare uses of a defined acronym or variant belong to its organization.
        if let Some(rule) = self.alias_rule {
            let aliases: Vec<(String, String)> =
                out.iter().flat_map(|o| o.aliases.iter().map(|a| (o.name.clone(), a.clone()))).collect();
            for (name, a) in aliases {
                for (i, _) in text.match_indices(a.as_str()) {
                    let span = Span::new(i, i + a.len());
                    if whole_word(text, span) {
                        add(&mut out, name.clone(), Found { span, rule });
                    }
                }
            }
        }
        for o in &mut out {
            tidy(&mut o.mentions);
        }
        // A mention inside another organization's mention is not a separate mention.
        let spans = Cover::new(out.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        for o in &mut out {
            o.mentions.retain(|f| !spans.contains_strictly(f.span));
        }
        out.retain(|o| !o.mentions.is_empty());
        out.sort_by_key(|o| o.mentions[0].span.start);
        out
    }

    fn has_head(&self, name: &str) -> bool {
        name.split(|c: char| c.is_whitespace()).any(|w| self.heads.contains(w))
    }

    /// Cuts a run of capitalized words into the organization names it holds.
    fn cut(&self, text: &str, run: Span) -> Vec<Span> {
        let words = word_spans(text, run);
        let mut out = Vec::new();
        // Split at " and " when both sides hold a head word.
        let mut parts: Vec<&[Span]> = Vec::new();
        let mut from = 0;
        for (i, w) in words.iter().enumerate() {
            if &text[*w] == "and" {
                let left = &words[from..i];
                let right_has = words[i + 1..].iter().any(|w| self.heads.contains(&text[*w]));
                if left.iter().any(|w| self.heads.contains(&text[*w])) && right_has {
                    parts.push(left);
                    from = i + 1;
                }
            }
        }
        parts.push(&words[from..]);
        for part in parts {
            if let Some(span) = self.trim(text, part) {
                out.push(span);
            }
        }
        out
    }

    fn trim(&self, text: &str, words: &[Span]) -> Option<Span> {
        let last_head = words.iter().rposition(|w| self.heads.contains(&text[*w]))?;
        // After the last head, keep an "of/for/on …" continuation, cut anything else.
        let mut end = last_head;
        // "Working Group on Communications" continues; "Assembly on Dec. 11" does not.
        let on_name = |i: usize| {
            words.get(i).is_some_and(|w| {
                let t = &text[*w];
                t.chars().next().is_some_and(char::is_uppercase) && crate::extract::dates::month_number(t).is_none()
            })
        };
        let next = words.get(last_head + 1).map(|w| &text[*w]);
        if matches!(next, Some("of" | "for")) || (next == Some("on") && on_name(last_head + 2)) {
            end = words.len() - 1;
        }
        // Drop a person's title and everything before it ("President of the X
        // Association"), a leading possessive ("Iran’s Ministry"), and articles.
        let mut start = 0;
        for (i, w) in words[..=last_head].iter().enumerate() {
            let t = &text[*w];
            if self.titles.contains(t) && !self.heads.contains(t) {
                start = i + 1;
            }
        }
        // "Officials of the Russian Federation": when nothing before the first
        // head is a head, an "of" before it starts the name.
        if let Some(first_head) = words.iter().position(|w| self.heads.contains(&text[*w])) {
            if let Some(of) = words[start..first_head].iter().rposition(|w| matches!(&text[*w], "of" | "for")) {
                start += of + 1;
            }
        }
        while start <= end {
            let t = &text[words[start]];
            let lower = t.to_lowercase();
            if t.ends_with("’s")
                || t.ends_with("'s")
                || matches!(lower.as_str(), "the" | "of" | "for" | "and" | "on" | "in")
            {
                start += 1;
            } else {
                break;
            }
        }
        while end > start && matches!(&text[words[end]], "the" | "of" | "for" | "and" | "on" | "in" | "&") {
            end -= 1;
        }
        if start > end || start > last_head {
            return None;
        }
        // A head word alone ("University", "the Ministry") names nothing.
        if start == end {
            return None;
        }
        let span = Span::new(words[start].start, words[end].end);
        if self.places.contains(&text[span]) {
            return None;
        }
        Some(span)
    }
}

fn add(out: &mut Vec<OrgX>, name: String, found: Found) {
    match out.iter_mut().find(|o| o.name == name) {
        Some(o) => o.mentions.push(found),
        None => out.push(OrgX { name, aliases: Vec::new(), mentions: vec![found] }),
    }
}

fn alias(out: &mut [OrgX], name: &str, alias: &str) {
    if let Some(o) = out.iter_mut().find(|o| o.name == name) {
        if !o.aliases.iter().any(|a| a == alias) && o.name != alias {
            o.aliases.push(alias.to_string());
        }
    }
}

/// Word spans inside `run`, split on white space.
fn word_spans(text: &str, run: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[run].char_indices() {
        let at = run.start + i;
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Span::new(s, at));
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, run.end));
    }
    out
}

/// The shortest tail of `long` whose capitalized words' initials spell `short`
/// ("Islamic Republic News Agency" for "IRNA"); function words may be skipped.
fn initials_span(text: &str, long: Span, short: &str) -> Option<Span> {
    let letters: Vec<char> = short.chars().filter(|c| c.is_alphabetic()).map(|c| c.to_ascii_uppercase()).collect();
    if letters.len() < 2 {
        return None;
    }
    let words = word_spans(text, long);
    let caps: Vec<(usize, char)> = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| text[*w].chars().next().filter(|c| c.is_uppercase()).map(|c| (i, c)))
        .collect();
    if caps.len() < letters.len() {
        return None;
    }
    let tail = &caps[caps.len() - letters.len()..];
    if tail.iter().zip(&letters).all(|((_, c), l)| c.to_ascii_uppercase() == *l) {
        let first = tail[0].0;
        // Every word from the first initial on must be capitalized or a function word.
        let ok = words[first..].iter().all(|w| {
            let t = &text[*w];
            t.chars().next().is_some_and(char::is_uppercase) || matches!(t, "of" | "for" | "and" | "the" | "on" | "&")
        });
        if ok {
            return Some(Span::new(words[first].start, long.end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials() {
        let t = "the Islamic Republic News Agency";
        let s = initials_span(t, Span::new(0, t.len()), "IRNA").unwrap();
        assert_eq!(&t[s], "Islamic Republic News Agency");
        let t = "Shanghai Cooperation Organization";
        assert!(initials_span(t, Span::new(0, t.len()), "SCO").is_some());
        let t = "artificial intelligence";
        assert!(initials_span(t, Span::new(0, t.len()), "AI").is_none());
    }
}
