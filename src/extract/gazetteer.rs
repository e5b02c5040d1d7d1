//! Whole-word matching of many word lists at once, with one automaton.
//!
//! Lists are matched case-sensitively unless the rule says otherwise: "Chad"
//! the country, not "chad". For all-capitals wire copy ("IRAQ DEFERS
//! PAYMENTS"), each case-sensitive entry also gets an upper-case form, which is
//! accepted only where the surrounding line has no lower-case letters.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{whole_word, RuleId, RuleNames};
use crate::rules::ListRule;
use crate::Span;

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

/// Several word lists compiled into one automaton.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    ac: Option<AhoCorasick>,
    /// Per automaton pattern: (list, canonical, caps-only form).
    targets: Vec<(usize, usize, bool)>,
    /// The surface form of each automaton pattern, to check case exactly.
    patterns: Vec<String>,
    rules: Vec<RuleId>,
    /// Per list: matched ignoring ASCII case.
    case_insensitive: Vec<bool>,
}

impl Gazetteer {
    pub fn new(lists: &[&ListRule], names: &mut RuleNames) -> Gazetteer {
        Gazetteer::build(lists, names, true)
    }

    /// Like [`Gazetteer::new`], but without the upper-case forms for
    /// all-capitals lines: for long lists that are only read in context.
    pub fn without_caps(lists: &[&ListRule], names: &mut RuleNames) -> Gazetteer {
        Gazetteer::build(lists, names, false)
    }

    fn build(lists: &[&ListRule], names: &mut RuleNames, caps: bool) -> Gazetteer {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        let mut rules = Vec::new();
        let ci = lists.iter().any(|l| l.case_insensitive);
        for (li, list) in lists.iter().enumerate() {
            rules.push(names.intern(&list.id));
            for (surface, canonical) in &list.entries {
                patterns.push(surface.clone());
                targets.push((li, *canonical, false));
                if caps && !list.case_insensitive {
                    let upper = surface.to_uppercase();
                    if upper != *surface {
                        patterns.push(upper);
                        targets.push((li, *canonical, true));
                    }
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            // Case-insensitive lists are rare and small; when one is present the
            // automaton folds ASCII case and case-sensitive entries are checked
            // against the text afterwards.
            AhoCorasickBuilder::new().match_kind(MatchKind::Standard).ascii_case_insensitive(ci).build(&patterns).ok()
        };
        let case_insensitive = lists.iter().map(|l| l.case_insensitive).collect();
        Gazetteer { ac, targets, patterns, rules, case_insensitive }
    }

    /// Every whole-word match, leftmost-longest and non-overlapping.
    pub fn find(&self, text: &str) -> Vec<GazetteerMatch> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut all: Vec<GazetteerMatch> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let span = Span::new(m.start(), m.end());
            let (list, canonical, caps_only) = self.targets[m.pattern().as_usize()];
            if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) || !whole_word(text, span) {
                continue;
            }
            if !self.case_insensitive[list] {
                if text[span] != self.patterns[m.pattern().as_usize()] {
                    continue;
                }
                if caps_only && !line_is_caps(text, span) {
                    continue;
                }
            }
            all.push(GazetteerMatch { span, list, canonical, rule: self.rules[list] });
        }
        all.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)));
        let mut out: Vec<GazetteerMatch> = Vec::new();
        for m in all {
            if out.last().is_some_and(|last| last.span.end > m.span.start) {
                continue;
            }
            out.push(m);
        }
        out
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
