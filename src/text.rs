//! Sentences and offsets.
//!
//! Sentence boundaries come from Unicode's rules (UAX #29, via
//! `unicode-segmentation`), then two news-specific repairs: a boundary right
//! after a known abbreviation ("Mr.", "St.", "Jan.", "U.S. officials") is
//! removed, and every line break is a boundary, because headlines, datelines
//! and list items carry no final punctuation.
//!
//! Running the Unicode rules over every byte was a sixth of the work per
//! document, so they run only on short windows around the characters that can
//! end a sentence (see [`line_breaks`]); the spans are the same.
//!
//! [`CharIndex`] converts byte offsets to char offsets once per document, at
//! the output edge.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use crate::swar::{HIGH, ONES};
use crate::Span;

/// The sentences of a document, as byte spans trimmed of white space.
#[derive(Clone, Debug, Default)]
pub struct Sentences {
    spans: Vec<Span>,
}

impl Sentences {
    pub fn split(text: &str) -> Sentences {
        let mut spans: Vec<Span> = Vec::new();
        let mut breaks = Vec::new();
        for line in line_spans(text) {
            line_breaks(&text[line], &mut breaks);
            push_line(text, line, &breaks, &mut spans);
        }
        Sentences { spans }
    }

    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Index of the sentence holding byte `at` (or the nearest one before it,
    /// for offsets that fall in white space between sentences).
    pub fn index_of(&self, at: usize) -> usize {
        match self.spans.binary_search_by(|s| s.start.cmp(&at)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// The sentence holding byte `at`.
    pub fn span_of(&self, at: usize) -> Option<Span> {
        self.spans.get(self.index_of(at)).copied()
    }
}

/// Pushes the sentences of `line`, cut at `breaks` (offsets into the line),
/// a piece that ends in an abbreviation ("Mr.", "U.S.") joined to the next.
fn push_line(text: &str, line: Span, breaks: &[usize], spans: &mut Vec<Span>) {
    let mut pending: Option<Span> = None;
    let mut from = 0;
    for to in breaks.iter().copied().chain([line.len()]) {
        let span = Span::new(line.start + from, line.start + to);
        from = to;
        let span = match pending.take() {
            Some(prev) => Span::new(prev.start, span.end),
            None => span,
        };
        if ends_with_abbreviation(&text[span]) {
            pending = Some(span);
        } else {
            push_trimmed(text, span, spans);
        }
    }
    if let Some(span) = pending {
        push_trimmed(text, span, spans);
    }
}

/// The widest line, in chars, of a text taken to be hard-wrapped: terminals,
/// e-mail and wire systems wrap at 60 to 80 columns, and wider lines are
/// paragraphs written on one line.
const WRAP_MAX: usize = 110;

/// A copy of `text` whose line breaks of hard wrapping ("…President Xi\n
/// Jinping on Tuesday…", as in wire copy and plain-text archives) are spaces,
/// or `None` when `text` does not read as hard-wrapped or has no such break.
///
/// Every line break ends a sentence ([`Sentences::split`]), which is right
/// for headlines and datelines but cuts a wrapped sentence, and the names in
/// it, in pieces. A text is hard-wrapped when nearly all its lines fit in
/// [`WRAP_MAX`] chars and a third of its lines of some length come within
/// ten chars of the width it was wrapped at, `w`, the widest such line (a
/// wider headline is no wrapped line). A break there is a wrap when the next line goes
/// on the paragraph (it is not blank and not indented) and its first word
/// would not have fitted within `w` on this line (or only to its last
/// column): a wrapping tool moves a
/// word down only when it does not fit, and a headline or a byline ends
/// short of the width; a line without lower-case letters, or a first line
/// in title case (a headline), is never joined. Each break is one or two bytes and becomes as many
/// spaces, so every offset into the copy is one into `text`.
///
/// ```
/// let text = "Zimbabwe's president thanked Chinese President Xi\n\
///             Jinping on Tuesday for Beijing's political support and\n\
///             pledged to strengthen ties with the Asian giant during a\n\
///             visit to Beijing.\n";
/// let flat = newsx::text::unwrap_hard_breaks(text).unwrap();
/// assert!(flat.contains("President Xi Jinping on Tuesday"));
/// assert_eq!(flat.len(), text.len());
/// ```
pub fn unwrap_hard_breaks(text: &str) -> Option<String> {
    // Each line's width is counted into `hist`; most texts are told apart
    // within their first lines (paragraphs on a line each are wide), before
    // anything is allocated.
    let most = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut hist = [0u32; WRAP_MAX + 1];
    let (mut filled, mut wide) = (0, 0);
    for line in line_spans(text) {
        let body = text[line].trim_end();
        if body.is_empty() {
            continue;
        }
        filled += 1;
        match wrap_width(body) {
            // A line mostly in capitals (a headline, "… &lt;AMO> FOR 1.5
            // BILLION DLRS") or without letters (a date) is no sign of the width.
            Some(_) if mostly_capitals(body) => {}
            Some(n) => hist[n] += 1,
            None => {
                wide += 1;
                if wide * 10 > most {
                    return None;
                }
            }
        }
    }
    if filled < 3 || wide * 10 > filled {
        return None;
    }
    // The width wrapped at: the widest line with a third of the lines of
    // some length within ten chars below it. A headline or a URL wider than
    // the rest is not it.
    let some_length: u32 = hist[20..].iter().sum();
    let w = (20..=WRAP_MAX).rev().find(|&c| {
        let near: u32 = hist[c.saturating_sub(9)..=c].iter().sum();
        hist[c] > 0 && near >= 3 && near * 3 >= some_length
    })?;
    if w < 40 {
        return None;
    }
    let lines: Vec<(Span, Option<usize>)> = line_spans(text)
        .map(|line| {
            let body = text[line].trim_end();
            (Span::new(line.start, line.start + body.len()), wrap_width(body))
        })
        .collect();
    let first = lines.iter().find(|(s, _)| !s.is_empty()).map_or(0, |(s, _)| s.start);
    let bytes = text.as_bytes();
    let mut flat: Option<Vec<u8>> = None;
    for pair in lines.windows(2) {
        let [(a, Some(a_width)), (b, _)] = pair else { continue };
        let next = &text[b.start..b.end];
        if a.is_empty()
            || b.is_empty()
            || next.starts_with(char::is_whitespace)
            || *a_width * 2 < w
            // A line well past the width (a headline, a URL) is no wrap.
            || *a_width > w + 10
        {
            continue;
        }
        // Running text has lower-case words on every line: a line without
        // any ("2016-01-04", "By REUTERS") is a line of its own, and so is a
        // first line in title case (a headline), however wide. Further on,
        // title case is no sign: "… Papua New Guinea, His Excellency, Mr Yuval".
        let lower = |s: &str| s.bytes().any(|c| c.is_ascii_lowercase());
        let this = &text[a.start..a.end];
        if !lower(next) || !lower(this) || (a.start == first && is_title_case(this)) {
            continue;
        }
        // Tools differ on whether a word may end in the last column: a word
        // that would have ended there is taken as moved down.
        let first_word = next.split(char::is_whitespace).next().map_or(0, |x| x.chars().count());
        if a_width + 1 + first_word >= w {
            let out = flat.get_or_insert_with(|| bytes.to_vec());
            out[a.end..b.start].fill(b' ');
        }
    }
    // Whole chars of white space were overwritten, each byte with a space.
    flat.map(|v| String::from_utf8(v).expect("spaces over whole chars"))
}

/// True when a line has at least four capitals to each lower-case letter
/// (ASCII letters counted), or no letter at all.
fn mostly_capitals(line: &str) -> bool {
    let (upper, lower) = line
        .bytes()
        .fold((0, 0), |(u, l), c| (u + usize::from(c.is_ascii_uppercase()), l + usize::from(c.is_ascii_lowercase())));
    lower * 4 <= upper
}

/// The width of a line in chars, `None` past [`WRAP_MAX`].
fn wrap_width(line: &str) -> Option<usize> {
    if line.len() > 4 * WRAP_MAX {
        return None;
    }
    let n = line.len() - line.bytes().filter(|&b| is_continuation(b)).count();
    (n <= WRAP_MAX).then_some(n)
}

/// `s` with each run of white space inside it one space: a name that a
/// wrapped line break cut ("Xi \r\nJinping", its break two or three spaces
/// in [`unwrap_hard_breaks`]'s copy) is the same name as on one line.
/// Borrowed when there is nothing to squeeze, as in nearly every name.
///
/// ```
/// assert_eq!(newsx::text::squeeze_spaces("Xi  \tJinping"), "Xi Jinping");
/// assert!(matches!(newsx::text::squeeze_spaces("Xi Jinping"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn squeeze_spaces(s: &str) -> Cow<'_, str> {
    // Every name is asked, and nearly all are plain: one test per byte
    // (no control char, no space after a space) settles them.
    let mut prev = 0;
    let plain = s.bytes().all(|c| {
        let ok = c > b' ' || (c == b' ' && prev != b' ');
        prev = c;
        ok
    });
    if plain {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Short function words, which a headline in title case leaves lower-case.
const MINOR: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "with", "at", "by", "as", "from", "into", "over",
    "vs", "is", "are", "be", "but", "nor", "up", "per",
];

/// Whether a line reads as a headline in title case ("Moscow Welcomes
/// Iran-Russia Collaboration: Joint ICT Working Group Set to Launch"): no final
/// period, and nearly every word other than short function words capitalized.
/// Case says little there, so runs of capitalized words are not names.
pub fn is_title_case(line: &str) -> bool {
    let Some(t) = headline_shaped(line) else { return false };
    let (mut capital, mut content) = (0usize, 0usize);
    for piece in t.split_whitespace() {
        let Some(upper) = content_word(piece) else { continue };
        content += 1;
        if upper {
            capital += 1;
            continue;
        }
        // A paragraph of running text is told by its first lower-case words:
        // each word left takes two bytes at least (white space before it),
        // and were all of them capitalized they would still be too few.
        let rest = t.len() - (piece.as_ptr() as usize - t.as_ptr() as usize + piece.len());
        if capital + rest / 2 < 9 * (content - capital) {
            return false;
        }
    }
    // Four content words at least: "Iran and Russia" alone is not telling.
    content >= 4 && capital * 10 >= content * 9
}

/// Whether a whitespace-separated piece of a headline counts as a content
/// word (a word starting with a letter, not a short function word), and if
/// so whether it is capitalized.
fn content_word(piece: &str) -> Option<bool> {
    let w = piece.trim_matches(|c: char| !c.is_alphanumeric());
    let first = w.chars().next()?;
    (first.is_alphabetic() && !MINOR.contains(&w)).then(|| first.is_uppercase())
}

/// `line` trimmed, when it may be a headline: it starts with a capital and
/// does not end as a sentence or a clause does.
pub(crate) fn headline_shaped(line: &str) -> Option<&str> {
    let t = line.trim();
    let ends_clause = t.ends_with('.') || t.ends_with(',') || t.ends_with(';');
    (t.chars().next().is_some_and(char::is_uppercase) && !ends_clause).then_some(t)
}

/// Lines, split at `\n` (a `\r` before it is left for trimming).
fn line_spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    // `memchr` finds line ends several bytes at a time; `split_inclusive`'s
    // search took a seventh of the splitting.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
    let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    let mut start = 0;
    ends.chain(last).map(move |end| {
        let span = Span::new(start, end);
        start = end;
        span
    })
}

/// The offsets inside `line` where `unicode-segmentation` puts a sentence
/// boundary (its start and end aside), in order, into `out`.
///
/// Only a sentence terminator (`.`, `!`, `?`), a paragraph separator or a
/// non-ASCII character, which may be either, can start a boundary, so the
/// segmenter runs on a window around each of those alone. A window starts and
/// ends between two ASCII letters: the segmenter never breaks there, its state
/// after a letter no longer depends on anything before it, and its look-ahead
/// for a lower-case letter (rule SB8) stops at a letter, so a window gives the
/// boundaries the whole line would.
fn line_breaks(line: &str, out: &mut Vec<usize>) {
    out.clear();
    let bytes = line.as_bytes();
    let between_letters = |at: usize| {
        at == 0 || at == bytes.len() || (bytes[at - 1].is_ascii_alphabetic() && bytes[at].is_ascii_alphabetic())
    };
    let mut done = 0;
    while let Some(k) = may_break(&bytes[done..]) {
        let hit = done + k;
        // `done` is 0 or the end of the previous window: a cut point itself.
        let start = (done..=hit).rev().find(|&at| between_letters(at)).unwrap_or(done);
        let end = (hit + 1..=bytes.len()).find(|&at| between_letters(at)).unwrap_or(bytes.len());
        let window = &line[start..end];
        match common_window(window) {
            Some(None) => {}
            Some(Some(off)) => out.push(start + off),
            None => out.extend(window.split_sentence_bound_indices().skip(1).map(|(off, _)| start + off)),
        }
        done = end;
    }
}

/// The segmenter's answer for the windows most sentence ends, quotes and
/// apostrophes make, known without running it (`None` for any other window):
/// a letter and a final `.`, `!` or `?` at the end of a line ("said.\n"),
/// which holds no boundary; a letter, a terminator, one space and a capital
/// ("said. The" cut before "he"), which has one before the capital; and a
/// window with no terminator and no line break, whose only non-ASCII chars are
/// quotes and dashes ("Iran’s role" cut to "n’s r"), which has none (UAX #29
/// breaks only after those). Nine windows in ten are one of these, and
/// setting the segmenter up for a window of four bytes cost a thousand
/// instructions. A test checks every window of the first two shapes against
/// the segmenter, and a proptest the third.
fn common_window(w: &str) -> Option<Option<usize>> {
    let terminator = |b: u8| matches!(b, b'.' | b'!' | b'?');
    let letter = |b: u8| b.is_ascii_alphabetic();
    match *w.as_bytes() {
        [a, t] | [a, t, b'\n'] if letter(a) && terminator(t) => Some(None),
        [a, t, b' ', c] if letter(a) && terminator(t) && c.is_ascii_uppercase() => Some(Some(3)),
        _ if w.chars().all(|c| match c {
            '.' | '!' | '?' | '\r' | '\n' => false,
            '‘' | '’' | '“' | '”' | '–' | '—' => true,
            _ => c.is_ascii(),
        }) =>
        {
            Some(None)
        }
        _ => None,
    }
}

/// Where the first byte that may start a sentence boundary is: `.`, `!`,
/// `?`, `\r` or a non-ASCII byte. Eight bytes at a time: a byte-by-byte test
/// of every line was most of the splitting's cost.
fn may_break(bytes: &[u8]) -> Option<usize> {
    // Bit 7 of each byte equal to `b`, exact up to the first such byte (a
    // borrow may mark bytes after it, never before).
    let eq = |w: u64, b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut chunks = bytes.chunks_exact(8);
    for (i, chunk) in chunks.by_ref().enumerate() {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hits = (w & HIGH) | eq(w, b'.') | eq(w, b'!') | eq(w, b'?') | eq(w, b'\r');
        if hits != 0 {
            return Some(i * 8 + hits.trailing_zeros() as usize / 8);
        }
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | b'\r') || !b.is_ascii())
        .map(|k| bytes.len() - rest.len() + k)
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let s = &text[span];
    let is_space = |c: char| c.is_whitespace() || c == '\u{feff}';
    let trimmed_start = s.len() - s.trim_start_matches(is_space).len();
    let trimmed = s.trim_matches(is_space);
    if !trimmed.is_empty() {
        let start = span.start + trimmed_start;
        out.push(Span::new(start, start + trimmed.len()));
    }
}

/// Whether the last word of `piece` (after white space, `(`, `"` or `“`) is
/// an abbreviation followed by a period.
fn ends_with_abbreviation(piece: &str) -> bool {
    let t = piece.trim_end();
    let Some(body) = t.strip_suffix('.') else {
        return false;
    };
    // Abbreviations are ASCII letters and periods: the longest run of those
    // that ends the body is the word, if a separator (or nothing) precedes
    // it; if another char does, the word holds that char and is none.
    // Walking back over bytes, not chars, and a `match` rather than a scan
    // of the list took a sixth off the splitting.
    let run = body.bytes().rev().take_while(|b| b.is_ascii_alphabetic() || *b == b'.').count();
    let (before, word) = body.split_at(body.len() - run);
    let separated = before.chars().next_back().is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“'));
    // Single capital initials ("George W. Bush") are abbreviations too.
    separated && (is_abbreviation(word) || (word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase()))
}

/// Abbreviations after which a period does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "St"
            | "Sr"
            | "Jr"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Cmdr"
            | "Adm"
            | "Sgt"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Rev"
            | "Hon"
            | "Pres"
            | "Amb"
            | "Mt"
            | "No"
            | "Nos"
            | "Inc"
            | "Corp"
            | "Co"
            | "Ltd"
            | "vs"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "U.S"
            | "U.K"
            | "U.N"
            | "E.U"
            | "a.m"
            | "p.m"
            | "approx"
            | "est"
            | "Dept"
            | "Univ"
            | "Messrs"
    )
}

/// Byte-to-char offset conversion for one text.
///
/// The char index of a byte offset is the number of bytes before it that start
/// a UTF-8 sequence; a checkpoint every 64 bytes keeps each lookup short.
#[derive(Debug)]
pub struct CharIndex<'t> {
    text: &'t [u8],
    ascii: bool,
    checkpoints: Vec<u32>,
}

const BLOCK: usize = 64;

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            return CharIndex { text: bytes, ascii: true, checkpoints: Vec::new() };
        }
        let mut checkpoints = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0u32;
        for block in bytes.chunks(BLOCK) {
            checkpoints.push(count);
            count += char_starts(block) as u32;
        }
        // The end of a text whose length is a multiple of BLOCK starts a block
        // of its own: without this checkpoint its char offset came out as 0.
        checkpoints.push(count);
        CharIndex { text: bytes, ascii: false, checkpoints }
    }

    /// Char offset of byte offset `at` (which must be a char boundary).
    pub fn char_of(&self, at: usize) -> usize {
        if self.ascii {
            return at;
        }
        let block = at / BLOCK;
        let base = self.checkpoints.get(block).copied().unwrap_or(0) as usize;
        let from = (block * BLOCK).min(self.text.len());
        base + char_starts(&self.text[from..at.min(self.text.len())])
    }

    /// Char offsets of the byte span `span` (whose ends must be char
    /// boundaries). The end is counted on from the start: a mention is
    /// shorter than the way from a checkpoint.
    pub fn char_span(&self, span: Span) -> (usize, usize) {
        if self.ascii {
            return (span.start, span.end);
        }
        let start = self.char_of(span.start);
        (start, start + char_starts(&self.text[span.range()]))
    }
}

/// The number of chars starting in `bytes`: the bytes that are not UTF-8
/// continuation bytes (`0b10xx_xxxx`), counted eight at a time. Most calls
/// count the few dozen bytes between a checkpoint and a mention's offset, too
/// short for the compiler's vector code, which took five times as long.
fn char_starts(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut continuations = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // The high bit of each continuation byte: bit 7 set, bit 6 (moved
        // up by the shift) clear.
        let high = w & !(w << 1) & HIGH;
        // Adds the eight 0-or-1 bytes into the top byte.
        continuations += ((high >> 7).wrapping_mul(ONES) >> 56) as usize;
    }
    continuations += words.remainder().iter().filter(|&&b| is_continuation(b)).count();
    bytes.len() - continuations
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// True when `span` lies on the text's first line and that line reads as a
/// headline ([`headline_shaped`]) with no sentence ending on it.
pub fn in_headline(text: &str, span: Span) -> bool {
    // Only the first few hundred bytes are read: a text with no line break
    // asked for each of its mentions was quadratic.
    if span.end > HEADLINE_MAX {
        return false;
    }
    let first = &text.as_bytes()[..text.len().min(HEADLINE_MAX + 1)];
    let end = match memchr::memchr(b'\n', first) {
        Some(end) => end,
        None if text.len() <= HEADLINE_MAX => text.len(),
        None => return false,
    };
    let line = &text[..end];
    span.end <= line.len() && headline_shaped(line).is_some() && !line[..span.start].contains(". ")
}

/// The longest first line read as a headline, in bytes.
pub const HEADLINE_MAX: usize = 300;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_headline_is_a_short_first_line() {
        let text = "Infosys signs deal with Danske Bank\nThe firms said.";
        assert!(in_headline(text, Span::new(14, 18)));
        // Past the first line, or on a first line too long to be a headline.
        assert!(!in_headline(text, Span::new(40, 44)));
        let long = format!("{} signs deal", "word ".repeat(HEADLINE_MAX / 5));
        let at = long.len() - 4;
        assert!(!in_headline(&long, Span::new(at, at + 4)));
    }

    fn sents(text: &str) -> Vec<&str> {
        Sentences::split(text).spans().iter().map(|&s| &text[s]).collect()
    }

    /// The split as it was before [`line_breaks`]: the segmenter over whole lines.
    fn split_reference(text: &str) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        for line in line_spans(text) {
            // Every piece boundary but the line's end, as `line_breaks` gives them.
            let breaks: Vec<usize> =
                text[line].split_sentence_bound_indices().map(|(off, _)| off).filter(|&off| off > 0).collect();
            push_line(text, line, &breaks, &mut spans);
        }
        spans
    }

    /// News-like text: words, numbers, abbreviations, every kind of
    /// terminator, quote, bracket and space the segmenter tells apart.
    fn news_text() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "a", "the", "said", "Iran", "Putin", "x", "B", "é", "Øst", "中国", "élan", "42", "3.5", "2025", " ", " ",
            "  ", "\t", "\u{a0}", "\n", "\r\n", "\r", "\n\n", ".", ".", "!", "?", "...", "?!", ",", ";", ":", "-", "—",
            "'", "\"", "’", "”", "“", "(", ")", "[", "]", "Mr.", "U.S.", "Dr.", "St.", "W.", "a.m.", "etc.",
            "\u{2028}", "\u{85}", "\u{301}", "\u{ad}", "。", "…", "\u{feff}",
        ]);
        prop::collection::vec(token, 0..60).prop_map(|ts| ts.concat())
    }

    /// [`ends_with_abbreviation`] as it was: the last word split off by chars.
    fn ends_with_abbreviation_reference(piece: &str) -> bool {
        let t = piece.trim_end();
        let Some(body) = t.strip_suffix('.') else {
            return false;
        };
        let word = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“').next().unwrap_or("");
        is_abbreviation(word) || (word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn abbreviations_found_as_by_chars(parts in prop::collection::vec(prop::sample::select(vec![
            "Mr", "U.S", "a.m", "Messrs", "Sept", "W", "x", "é", "É", "3", ".", " ", "\u{a0}", "\u{3000}", "(", "\"",
            "“", "”", "'", "-", "\n", "\t", "Ms", "Inc", "o", "E.U",
        ]), 0..8)) {
            let piece = parts.concat();
            prop_assert_eq!(ends_with_abbreviation(&piece), ends_with_abbreviation_reference(&piece), "{:?}", piece);
        }
    }

    proptest! {
        #[test]
        fn line_spans_are_those_of_split_inclusive(text in "[a\n\r é]{0,30}") {
            let want: Vec<&str> = text.split_inclusive('\n').collect();
            prop_assert_eq!(line_spans(&text).map(|s| &text.as_str()[s]).collect::<Vec<_>>(), want);
        }
    }

    proptest! {
        #[test]
        fn may_break_finds_the_first_breaking_byte(bytes in proptest::collection::vec(prop_oneof![
            Just(b'.'), Just(b'!'), Just(b'?'), Just(b'\r'), Just(b'-'), Just(b'/'), Just(b'>'),
            Just(0x80u8), Just(0xe2), Just(0x7f), any::<u8>(), b'a'..=b'z', b'a'..=b'z', b'a'..=b'z',
        ], 0..40)) {
            let want = bytes.iter().position(|&b| matches!(b, b'.' | b'!' | b'?' | b'\r') || !b.is_ascii());
            prop_assert_eq!(may_break(&bytes), want);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn split_matches_whole_line_segmentation(text in news_text()) {
            prop_assert_eq!(Sentences::split(&text).spans().to_vec(), split_reference(&text));
        }
    }

    /// [`is_title_case`] as it was before it stopped at a line's first
    /// lower-case words: every word counted.
    fn is_title_case_reference(line: &str) -> bool {
        let Some(t) = headline_shaped(line) else { return false };
        let (mut capital, mut content) = (0usize, 0usize);
        for upper in t.split_whitespace().filter_map(content_word) {
            content += 1;
            capital += usize::from(upper);
        }
        content >= 4 && capital * 10 >= content * 9
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn is_title_case_as_before(words in proptest::collection::vec((prop_oneof![
            // Mostly capitalized words, as in the lines that are title case.
            12 => prop::sample::select(vec!["Iran", "Russia", "MOU", "Sign", "É", "Ærø", "ǅ", "Ⓐ", "“Iran”"]),
            3 => prop::sample::select(vec!["signed", "five", "ß", "é", "of", "the", "to", "a", "20", "中国"]),
            1 => prop::sample::select(vec!["-", ":", ".", ",", "”", ""]),
        ], prop::sample::select(vec![" ", " ", " ", "  ", "\t", "\u{a0}", "\u{3000}", "\r", ""])), 0..40)) {
            let line: String = words.into_iter().flat_map(|(w, s)| [w, s]).collect();
            prop_assert_eq!(is_title_case(&line), is_title_case_reference(&line), "{:?}", line);
        }
    }

    /// Greedy wrapping, as `fold -s` and `textwrap` do: a word goes down
    /// when it would pass `width`.
    fn wrap(paragraph: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line = 0;
        for word in paragraph.split(' ') {
            if line > 0 && line + 1 + word.len() > width {
                out.push('\n');
                line = 0;
            } else if line > 0 {
                out.push(' ');
                line += 1;
            }
            out.push_str(word);
            line += word.len();
        }
        out
    }

    #[test]
    fn wraps_become_spaces_and_other_breaks_stay() {
        let body = "Zimbabwe's president thanked Chinese President Xi Jinping on Tuesday for Beijing's \
                    political support and pledged to strengthen ties with the Asian giant on his first visit \
                    since his dramatic rise to power last year.";
        let text = format!(
            "Zimbabwe's Leader Thanks China's Xi, Pledges to Boost Ties and Trade Links\n2018-04-03\nBy staff\n\n{}\n",
            wrap(body, 60)
        );
        let flat = unwrap_hard_breaks(&text).expect("hard-wrapped");
        assert_eq!(flat.len(), text.len());
        assert_eq!(
            flat,
            format!("Zimbabwe's Leader Thanks China's Xi, Pledges to Boost Ties and Trade Links\n2018-04-03\nBy staff\n\n{body}\n")
        );
        let sentences = sents(&flat);
        assert!(sentences.contains(&body), "{sentences:?}");
    }

    #[test]
    fn indented_paragraphs_and_crlf() {
        let p1 = "The officials said the agreement, to be signed next month in Washington, would set floor \
                  prices for Japanese microchips sold in third countries and end the dispute.";
        let p2 = "Trade Representative Clayton Yeutter told reporters on Thursday that Washington would lift \
                  the tariffs once the accord took effect.";
        // Wire copy: each paragraph's first line indented, the indent part of the width.
        let indented = |p: &str| wrap(&format!("@@@@{p}"), 64).replace("@@@@", "    ");
        let text = format!("{}\n{}\n", indented(p1), indented(p2)).replace('\n', "\r\n");
        let flat = unwrap_hard_breaks(&text).expect("hard-wrapped");
        // The paragraphs keep their own lines; a wrap's two bytes become two spaces.
        let lines: Vec<&str> = flat.split("\r\n").collect();
        assert!(lines[0].starts_with("    The") && lines[1].starts_with("    Trade"), "{lines:?}");
        let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(lines.iter().map(|l| words(l)).collect::<Vec<_>>(), [p1, p2, ""]);
    }

    #[test]
    fn a_headline_in_capitals_wider_than_the_text_is_no_width() {
        let text = "NORTHWIND &lt;NWD> TO BUY WESTLAND MOTORS FOR 1.5 BILLION DLRS CASH\n\
                    \x20   DETROIT, March 9 - Northwind Corp said it agreed to buy\n\
                    Westland Motors Corp in a transaction valued at about 1.5\n\
                    billion dlrs, ending months of speculation about the future of\n\
                    the fourth-largest automaker, said Northwind chairman Lee\n\
                    Anders.\n";
        let flat = unwrap_hard_breaks(text).expect("hard-wrapped");
        assert!(flat.contains("chairman Lee Anders."), "{flat}");
        assert!(flat.starts_with("NORTHWIND &lt;NWD> TO BUY WESTLAND MOTORS FOR 1.5 BILLION DLRS CASH\n"));
    }

    #[test]
    fn unwrapped_text_is_left_alone() {
        // Paragraphs on one line each, and short lines only.
        let long = "word ".repeat(40);
        assert_eq!(unwrap_hard_breaks(&format!("Headline\n{long}\n{long}\n{long}\n")), None);
        assert_eq!(unwrap_hard_breaks("Published: 14 May 2025\nBy Staff\nNEW DELHI\n"), None);
        // Lines that each end where the next word would still have fitted:
        // a list, not a wrapped paragraph.
        let list = "the first item of the list we wrote\nthe second item of our list\n\
                    the third item we wrote\nand the fourth and last item of this list\n";
        assert_eq!(unwrap_hard_breaks(list), None);
    }

    proptest! {
        /// Inside a name, every run of white space becomes one space.
        #[test]
        fn squeeze_spaces_joins_words_with_one_space(s in "[a-zé]{1,4}([ \t\r\n]{1,3}[a-zé]{1,4}){0,4}") {
            prop_assert_eq!(squeeze_spaces(&s), s.split_ascii_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    proptest! {
        /// Paragraphs wrapped greedily at any common width come back as
        /// they were, the blank lines between them kept.
        #[test]
        fn greedy_wraps_are_undone(
            // Enough words for four lines at the widest: the width is read
            // off the lines, and needs three of them near it.
            paragraphs in prop::collection::vec(prop::collection::vec("[a-z]{3,8}", 80..160), 1..4),
            width in 45usize..100,
        ) {
            let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.join(" ")).collect();
            let wrapped: Vec<String> = paragraphs.iter().map(|p| wrap(p, width)).collect();
            let text = wrapped.join("\n\n") + "\n";
            let want = paragraphs.join("\n\n") + "\n";
            let flat = unwrap_hard_breaks(&text).unwrap_or_else(|| text.clone());
            prop_assert_eq!(flat, want);
        }
    }

    #[test]
    fn title_case_lines() {
        assert!(is_title_case("Moscow Welcomes Iran-Russia Collaboration: Joint ICT Working Group Set to Launch"));
        assert!(is_title_case("Iran, Russia Sign 20 MOUs in Tehran"));
        assert!(!is_title_case("The MOU was signed by the National Association of Advanced Industries."));
        assert!(!is_title_case("Iran and Russia"));
        assert!(!is_title_case(
            "the Russian President of the Technological Sovereignty Export Association, Andrey Bezrukov"
        ));
        assert!(!is_title_case("Iran signed five memoranda with Russia on Friday"));
    }

    #[test]
    fn splits_on_lines_and_punctuation() {
        assert_eq!(
            sents("Headline here\n\nFirst one. Second one!\nThird"),
            vec!["Headline here", "First one.", "Second one!", "Third"]
        );
    }

    #[test]
    fn keeps_abbreviations_inside() {
        assert_eq!(
            sents("Mr. Putin met Dr. Smith in St. Petersburg. Then he left."),
            vec!["Mr. Putin met Dr. Smith in St. Petersburg.", "Then he left."]
        );
        assert_eq!(sents("George W. Bush spoke."), vec!["George W. Bush spoke."]);
    }

    #[test]
    fn common_windows_split_as_the_segmenter_does() {
        let letters = (b'A'..=b'Z').chain(b'a'..=b'z');
        let mut windows = Vec::new();
        for a in letters {
            for t in [b'.', b'!', b'?'] {
                windows.push(vec![a, t]);
                windows.push(vec![a, t, b'\n']);
                windows.extend((b'A'..=b'Z').map(|c| vec![a, t, b' ', c]));
            }
        }
        for w in &windows {
            let w = std::str::from_utf8(w).unwrap();
            let want: Vec<usize> = w.split_sentence_bound_indices().skip(1).map(|(off, _)| off).collect();
            let got = common_window(w).map(|b| b.into_iter().collect::<Vec<_>>());
            assert_eq!(got, Some(want), "{w:?}");
        }
        assert_eq!(windows.len(), 52 * 3 * 28);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn windows_without_terminators_have_no_boundary(w in "[\\x00-\\x7f‘’“”–—]{0,12}") {
            let breaks: Vec<usize> = w.split_sentence_bound_indices().skip(1).map(|(off, _)| off).collect();
            match common_window(&w) {
                Some(None) => prop_assert!(breaks.is_empty(), "{:?}", w),
                Some(Some(at)) => prop_assert_eq!(breaks, vec![at], "{:?}", w),
                None => prop_assert!(w.contains(['.', '!', '?', '\r', '\n']), "{:?}", w),
            }
        }
    }

    #[test]
    fn index_of_finds_sentence() {
        let text = "One. Two. Three.";
        let s = Sentences::split(text);
        assert_eq!(s.index_of(0), 0);
        assert_eq!(s.index_of(5), 1);
        assert_eq!(s.index_of(4), 0);
        assert_eq!(s.index_of(12), 2);
    }

    proptest! {
        #[test]
        fn char_index_matches_char_indices(text in "([a-z .]|\\PC){0,300}") {
            let idx = CharIndex::new(&text);
            for (ci, (bi, _)) in text.char_indices().enumerate() {
                prop_assert_eq!(idx.char_of(bi), ci);
            }
            prop_assert_eq!(idx.char_of(text.len()), text.chars().count());
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in bounds[k..].iter().take(80) {
                    prop_assert_eq!(idx.char_span(Span::new(start, end)), (idx.char_of(start), idx.char_of(end)));
                }
            }
        }
    }

    #[test]
    fn char_index_counts_scalars() {
        let text = "Støre said “yes” — ok ".repeat(10);
        let idx = CharIndex::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_of(bi), ci);
        }
        assert_eq!(idx.char_of(text.len()), text.chars().count());
    }
}
