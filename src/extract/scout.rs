//! Fast search for patterns with Unicode word boundaries.
//!
//! The regex engine's lazy DFA cannot evaluate a Unicode `\b` on non-ASCII
//! text; once it meets a non-ASCII byte it gives up and the search runs again
//! in the PikeVM, over the whole rest of the text, one or two orders of
//! magnitude slower (most news text has a curly quote or an accented name
//! somewhere). [`Scouted`] keeps the exact semantics and the DFA's speed: a
//! *scout*, the same pattern with every word-boundary assertion removed, finds
//! where a match could start (dropping an assertion only allows more matches,
//! so no real match starts before the scout's leftmost one); the exact pattern
//! is then tried anchored there, which the PikeVM finishes within a few bytes.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use crate::Span;

/// The compiled-size limit of one pattern, as the rule loader sets it.
const SIZE_LIMIT: usize = 64 * 1024 * 1024;

/// A compiled pattern, searched through a scout when it has Unicode word
/// boundaries. Matches are exactly those of `regex::Regex` on the same pattern.
#[derive(Clone, Debug)]
pub struct Scouted {
    exact: Regex,
    scout: Option<Regex>,
}

impl Scouted {
    /// Compiles `pattern` (which `regex::Regex` has already accepted).
    pub fn new(pattern: &str) -> Result<Scouted, String> {
        // As large as the rule loader allows (`regex::Regex` defaults are smaller).
        let build = |p: &str| {
            Regex::builder()
                .configure(Regex::config().nfa_size_limit(Some(SIZE_LIMIT)))
                .build(p)
                .map_err(|e| e.to_string())
        };
        let exact = build(pattern)?;
        let scout = if has_unicode_boundary(pattern) { build(&without_boundaries(pattern)).ok() } else { None };
        Ok(Scouted { exact, scout })
    }

    /// The leftmost-first match starting at or after `start`.
    pub fn find_at(&self, text: &str, start: usize) -> Option<Span> {
        let Some(scout) = &self.scout else {
            return self.exact.find(Input::new(text).range(start..)).map(|m| Span::new(m.start(), m.end()));
        };
        let mut pos = start;
        loop {
            let at = scout.find(Input::new(text).range(pos..))?.start();
            let exact = Input::new(text).range(at..).anchored(Anchored::Yes);
            if let Some(m) = self.exact.find(exact) {
                return Some(Span::new(m.start(), m.end()));
            }
            pos = next_char(text, at)?;
        }
    }

    /// Every non-overlapping match, left to right, as `regex::Regex::find_iter`
    /// reports them (an empty match right where the last one ended is skipped).
    pub fn find_iter<'s, 't>(&'s self, text: &'t str) -> impl Iterator<Item = Span> + use<'s, 't> {
        let mut pos = Some(0);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn same(pattern: &str, text: &str) {
        let re = regex::Regex::new(pattern).unwrap();
        let want: Vec<Span> = re.find_iter(text).map(|m| Span::new(m.start(), m.end())).collect();
        let got: Vec<Span> = Scouted::new(pattern).unwrap().find_iter(text).collect();
        assert_eq!(got, want, "{pattern:?} on {text:?}");
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
        let texts = [
            "Ask BABL AI or Støre AI about AI; ØAI, AIØ, éAI é AI.",
            "Støre signed MoUs on trade, in the fields of energy and café AI",
            "",
            "AI",
            "aaa ééé aaa",
        ];
        let patterns = [
            r"\b\p{Lu}[\p{L}\p{N}]+\s+AI\b",
            r"\bAI\b",
            r"\B\w\B",
            r"(?i)\b(?:in\s+the\s+fields?\s+of|mous?\s+on|cover(?:s|ed)?)\b",
            r"\b",
            r"a*\b",
            r"\w+",
        ];
        for p in patterns {
            for t in texts {
                same(p, t);
            }
        }
    }
}
