//! Half-open byte spans into a document's text.
//!
//! Every extractor works in byte offsets of the decoded text; conversion to
//! source-byte and char offsets happens once, when a record is built
//! (see [`crate::record`]).

use std::ops::{Index, Range};

/// A half-open byte range `start..end` into a document's text.
///
/// ```
/// use newsx::Span;
/// let text = "Iran and Russia";
/// assert_eq!(&text[Span::new(9, 15)], "Russia");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl Index<Span> for str {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_and_overlaps() {
        let a = Span::new(2, 8);
        assert!(a.contains(Span::new(2, 8)));
        assert!(a.contains(Span::new(3, 5)));
        assert!(!a.contains(Span::new(1, 5)));
        assert!(a.overlaps(Span::new(7, 9)));
        assert!(!a.overlaps(Span::new(8, 9)));
        assert_eq!(a.len(), 6);
    }
}
