//! Agreements: who signed how many of what.
//!
//! The instrument lists (`agreements`/`instrument` singular,
//! `instrument-plural`) find head nouns with one automaton; only sentences
//! holding one are read further. From each head the words before it are read
//! backwards, over modifiers ("formal", "cooperation", "5.6 trillion-won
//! (US$4 billion)"), to its determiner:
//!
//! - a count ("20", "five", "twenty-one", "a dozen", "a"/"an" = 1; a number
//!   followed by a `magnitude` word is an amount, not a count) — strategies
//!   `agreement.counted` and `agreement.single`;
//! - a definite ("the MoU", "these agreements"): a re-mention of the group
//!   named before; with a signing and no group yet, one signed instrument
//!   (`agreement.definite`);
//! - nothing or a quantifier ("several") before a plural: a group of unknown
//!   size (`agreement.bare-plural`), kept only when the article counts no
//!   group, since such plurals usually sum up the counted ones.
//!
//! A group counts only when its clause (the sentence cut at ";", ", and",
//! ", but", …) holds a `signed-verb` and no `hedge` before that verb or
//! between verb and instrument: "signed X, and hope to sign Y" keeps X only.
//! The same (instrument, count) mentioned again is one entry with all its
//! mentions; a generic "N deals" with the same N ≥ 2 as a specific group
//! ("N MoUs") is that group. Parties, date, location and domains come from the
//! other fields' mentions in the group's sentence (domains: or the next one).

use std::borrow::Cow;
use std::collections::HashMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, Anchored, MatchKind};

use super::{tidy, AgreementX, Doc, Extraction, Found, Gazetteer, GazetteerMatch, Map, RuleId, RuleNames, Set};
use crate::rules::{ListRule, RuleError, RuleSet};
use crate::Span;

pub struct Agreements {
    /// Instrument heads: list 0 singular, list 1 plural.
    heads: Gazetteer,
    /// Per gazetteer list: canonical instrument names.
    canon: Vec<Vec<String>>,
    numbers: Map<String, u64>,
    /// Lower-cased determiner → its class ("definite", "another", "some").
    dets: Map<String, String>,
    /// The stop words, signing verbs and hedges: words that end the noun
    /// phrase read back from a head.
    stops: Set<String>,
    magnitudes: Vec<String>,
    /// Lower-cased instrument words with other senses ("order"), counted
    /// only when one of `loose_followers` comes next.
    loose_heads: Set<String>,
    loose_followers: Vec<String>,
    /// Lower-cased words that, right after a head, report the instrument
    /// concluded with no signing verb ("an agreement worth $1.4 billion").
    concluded_followers: Vec<String>,
    /// Currencies written before an amount: the number after one is no count.
    currencies: Vec<String>,
    signed: Vec<String>,
    hedges: Vec<String>,
    /// Takeover verbs ("agreed to acquire"), lower-cased: also in `signed`.
    takeovers: Vec<String>,
    /// What opens an instrument's subject ("an agreement on trade"), and
    /// the words that end it: see [`Topics`].
    topics: Topics,
    /// True when no signing verb or hedge can overlap itself.
    border_free: bool,
    /// The signing verbs, then the hedges: one pass finds them all, where a
    /// search per word spent most of the time setting up its searcher.
    words: dfa::DFA,
    /// The signing verbs, the hedges, then [`CLAUSE_BREAKS`], matched
    /// ignoring ASCII case: one pass over a sentence finds the words as a
    /// search of its lower-cased copy would, and the breaks (kept only where
    /// the case is exact too). None when a word is not ASCII, where ignoring
    /// ASCII case is not lower-casing.
    sentence: Option<dfa::DFA>,
    counted: Option<RuleId>,
    single: Option<RuleId>,
    definite: Option<RuleId>,
    bare: Option<RuleId>,
    headline: Option<RuleId>,
}

/// How a head noun was introduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Det {
    Count(u64),
    Definite,
    /// No determiner, or a quantifier with no number.
    Bare,
}

/// One instrument mention, read from the text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Mention<'a> {
    span: Span,
    instrument: &'a str,
    plural: bool,
    det: Det,
    /// The head noun.
    head: Span,
    /// True when its clause reports a signing without a hedge; None where
    /// `extract` may not need to know: see [`Agreements::signed_of`].
    signed: Option<bool>,
}

impl Agreements {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Agreements, RuleError> {
        let singular: Vec<&ListRule> = rules.lists("agreements", "instrument").collect();
        let plural: Vec<&ListRule> = rules.lists("agreements", "instrument-plural").collect();
        // Two lists, in that order, so that a match's list index says its number.
        let merged = |ls: &[&ListRule]| -> Option<ListRule> {
            let mut first = (*ls.first()?).clone();
            for l in &ls[1..] {
                for (s, c) in &l.entries {
                    let name = &l.canonicals[*c];
                    let idx = match first.canonicals.iter().position(|x| x == name) {
                        Some(i) => i,
                        None => {
                            first.canonicals.push(name.clone());
                            first.canonicals.len() - 1
                        }
                    };
                    first.entries.push((s.clone(), idx));
                }
            }
            Some(first)
        };
        let mut lists: Vec<ListRule> = Vec::new();
        lists.extend(merged(&singular));
        lists.extend(merged(&plural));
        if lists.len() < 2 {
            let origin = rules
                .lists
                .first()
                .map(|l| l.origin.clone())
                .unwrap_or(crate::rules::Origin { file: "rules/agreements.toml".into(), line: 1 });
            return Err(RuleError::Invalid {
                origin,
                rule: None,
                message: "agreements need lists with tag \"instrument\" and \"instrument-plural\"".into(),
            });
        }
        let refs: Vec<&ListRule> = lists.iter().collect();
        // The lists only feed the strategies: their ids mark no mention.
        let heads = Gazetteer::new(&refs, &mut RuleNames::default());
        let canon = lists.iter().map(|l| l.canonicals.clone()).collect();
        let numbers = super::number_words(rules).collect();
        let mut dets = HashMap::default();
        for l in rules.lists("agreements", "determiner") {
            for (s, c) in &l.entries {
                dets.insert(s.to_lowercase(), l.canonicals[*c].clone());
            }
        }
        let lower = |tag: &str| -> Vec<String> {
            rules
                .lists("agreements", tag)
                .flat_map(|l| l.surfaces().map(str::to_lowercase).collect::<Vec<_>>())
                .collect()
        };
        let mut strategy = |tag: &str| rules.strategy("agreements", tag).map(|r| names.intern(&r.id));
        let counted = strategy("counted");
        let single = strategy("single");
        let definite = strategy("definite");
        let bare = strategy("bare-plural");
        let headline = strategy("headline");
        let takeover_verbs = lower("takeover-verb");
        let (signed, hedges) = (
            lower("signed-verb").into_iter().chain(takeover_verbs.iter().cloned()).collect::<Vec<_>>(),
            lower("hedge"),
        );
        // `takeover_before` lower-cases ASCII only, which finds ASCII verbs.
        let takeovers = takeover_verbs.into_iter().filter(|w| w.is_ascii()).collect();
        let border_free = signed.iter().chain(&hedges).all(|w| border_free(w));
        let words = automaton(signed.iter().chain(&hedges), false);
        let ascii = signed.iter().chain(&hedges).all(|w| w.is_ascii());
        let sentence = ascii.then(|| {
            let all = signed.iter().map(String::as_str).chain(hedges.iter().map(String::as_str));
            automaton(all.chain(CLAUSE_BREAKS.iter().copied()), true)
        });
        Ok(Agreements {
            heads,
            canon,
            numbers,
            dets,
            stops: lower("stop").into_iter().chain(signed.iter().cloned()).chain(hedges.iter().cloned()).collect(),
            magnitudes: lower("magnitude"),
            loose_heads: lower("loose-head").into_iter().collect(),
            loose_followers: lower("loose-follower"),
            concluded_followers: lower("concluded-follower"),
            currencies: lower("currency"),
            signed,
            hedges,
            takeovers,
            topics: Topics { markers: lower("topic-marker"), ends: lower("topic-end") },
            border_free,
            words,
            sentence,
            counted,
            single,
            definite,
            bare,
            headline,
        })
    }

    /// A count word or numeral ("20", "five", "twenty-one", "1,200"), given
    /// lower-cased.
    fn count(&self, lower: &str) -> Option<u64> {
        if lower.bytes().all(|b| b.is_ascii_digit() || b == b',') && !lower.starts_with(',') {
            let digits = lower.replace(',', "");
            // A bare four-digit number is a year more often than a count.
            if digits.len() >= 4 && !lower.contains(',') {
                return None;
            }
            return digits.parse().ok();
        }
        self.numbers.get(lower).copied()
    }

    /// Reads back from a head noun starting at `head` (within `sent`) to its
    /// determiner. Returns the determiner and where the group starts.
    /// `bufs`: buffers for the lower-cased words, reused from word to word
    /// and from head to head.
    fn determiner(
        &self,
        text: &str,
        sent: Span,
        head: usize,
        toks: &[Token],
        bufs: &mut (String, String),
    ) -> (Det, usize) {
        let word_of = |t: &Token| &text[sent.start + t.start..sent.start + t.end];
        let mut start = head;
        let mut mods = 0;
        let (lower, pair) = bufs;
        for (i, t) in toks.iter().enumerate().rev() {
            if t.kind == Tok::Punct {
                // "a £127m, four-year deal", "a 10-year, $3 billion contract":
                // a comma between an amount or a term and the next modifier.
                let amount = |w: &Token| {
                    w.kind == Tok::Word
                        && (word_of(w).starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '€' | '£'))
                            || self.is_magnitude(text, sent, w))
                };
                if mods > 0 && word_of(t) == "," && i.checked_sub(1).is_some_and(|p| amount(&toks[p])) {
                    continue;
                }
                break;
            }
            if t.kind == Tok::Word {
                lower_into(lower, word_of(t));
                // "a dozen": the pair is the count.
                if let Some(prev) = i.checked_sub(1).map(|p| &toks[p]).filter(|p| p.kind == Tok::Word) {
                    lower_into(pair, word_of(prev));
                    pair.push(' ');
                    pair.push_str(lower);
                    if let Some(&n) = self.numbers.get(pair.as_str()) {
                        let amount = toks.get(i + 1).is_some_and(|n| self.is_magnitude(text, sent, n));
                        if !amount {
                            // "half a dozen": three words may make the count.
                            let third = i.checked_sub(2).map(|p| &toks[p]).filter(|p| p.kind == Tok::Word);
                            if let Some(first) = third {
                                let triple = format!("{} {pair}", word_of(first).to_lowercase());
                                if let Some(&n) = self.numbers.get(triple.as_str()) {
                                    return (Det::Count(n), sent.start + first.start);
                                }
                            }
                            return (Det::Count(n), sent.start + prev.start);
                        }
                    }
                }
                if let Some(n) = self.count(lower) {
                    // "Rs 2,463 crore", "US$ 40": a currency before the number
                    // makes it an amount too.
                    let amount = toks.get(i + 1).is_some_and(|n| self.is_magnitude(text, sent, n))
                        || i.checked_sub(1).is_some_and(|p| self.is_currency(word_of(&toks[p])));
                    if !amount {
                        return (Det::Count(n), sent.start + t.start);
                    }
                    start = sent.start + t.start;
                    mods += 1;
                    continue;
                }
                match self.dets.get(lower.as_str()).map(String::as_str) {
                    Some("definite") => return (Det::Definite, sent.start + t.start),
                    Some("another") => return (Det::Count(1), sent.start + t.start),
                    Some(_) => {
                        // "two more contracts", "five other agreements": a
                        // count before the quantifier is the count.
                        let before = i.checked_sub(1).map(|p| &toks[p]).filter(|p| p.kind == Tok::Word);
                        if let Some(b) = before {
                            if let Some(n) = self.count(&word_of(b).to_lowercase()) {
                                return (Det::Count(n), sent.start + b.start);
                            }
                        }
                        return (Det::Bare, start);
                    }
                    None => {}
                }
                if self.stops.contains(lower.as_str()) {
                    break;
                }
            }
            mods += 1;
            if mods > 6 {
                break;
            }
            start = sent.start + t.start;
        }
        (Det::Bare, start.min(head))
    }

    /// A currency's symbol or code written before an amount ("Rs", "US$").
    fn is_currency(&self, w: &str) -> bool {
        self.currencies.iter().any(|c| c.eq_ignore_ascii_case(w))
    }

    fn is_magnitude(&self, text: &str, sent: Span, t: &Token) -> bool {
        let w = text[sent.start + t.start..sent.start + t.end].to_lowercase();
        let first = w.split('-').next().unwrap_or("");
        // "a five-year deal", "two 10-year contracts", "three 1.5-billion-dollar
        // orders": a number joined to a unit by a hyphen is an adjective of
        // the instrument; the count comes before it.
        let numeral = first.starts_with(|c: char| c.is_ascii_digit())
            && first.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
        if w.len() > first.len() && (numeral || self.numbers.contains_key(first)) {
            return false;
        }
        let last = w.rsplit('-').next().unwrap_or("");
        w.ends_with('%')
            || self.magnitudes.iter().any(|m| m == &w || m == first || m == last)
            || (w.contains('-') && w.split('-').count() == 2 && !self.numbers.contains_key(&w))
    }

    /// [`Agreements::signed_in`] from a sentence's precomputed clause breaks and
    /// word positions: the same answer, reading only the words near `span`.
    fn signed_fast(&self, words: &SentWords, span: Span) -> bool {
        let (lo, hi) = words.clause(span);
        let at = span.start - words.start - lo;
        let end = span.end - words.start - lo;
        signed_among(&words.verbs, &words.hedges, (lo, hi), (at, end))
    }

    /// True when the clause around `span` reports a signing, unhedged.
    fn signed_in(&self, text: &str, sent: Span, span: Span) -> bool {
        let clause = clause_of(text, sent, span);
        let words = self.clause_words(text, clause);
        self.signed_in_clause(&words, clause, span)
    }

    /// [`Agreements::signed_in`] given the clause and its words.
    fn signed_in_clause(&self, words: &ClauseWords, clause: Span, span: Span) -> bool {
        let at = span.start - clause.start;
        let end = span.end - clause.start;
        signed_among(&words.verbs, &words.hedges, (0, words.len), (at, end))
    }

    /// The words of `clause`, read from its lower-cased text.
    fn clause_words(&self, text: &str, clause: Span) -> ClauseWords {
        let lower = text[clause.start..clause.end].to_lowercase();
        let (verbs, hedges) = self.verbs_and_hedges(&lower);
        ClauseWords { clause, len: lower.len(), verbs, hedges }
    }

    /// The whole-word signing verbs and hedges of lower-cased `hay`, each
    /// sorted by position.
    fn verbs_and_hedges(&self, hay: &str) -> (Vec<Hit>, Vec<Hit>) {
        let (mut verbs, mut hedges): (Vec<Hit>, Vec<Hit>) = occurrences(&self.words, hay)
            .into_iter()
            .filter(|h| is_word(hay, h.start, h.end))
            .partition(|h| h.word < self.signed.len());
        verbs.sort_unstable();
        hedges.sort_unstable();
        (verbs, hedges)
    }

    /// The instrument heads, from the matches of [`Agreements::gazetteer`].
    /// The walk from the document's word starts, shared with the other
    /// gazetteers, costs less than a search of the whole text for the heads'
    /// leading letters, which also needed a lower-cased copy of it.
    /// Heads listed as "none" (an executive order) are phrases that hold an
    /// instrument word but name no instrument: matched, as the longer
    /// match, only to keep the word within them from counting.
    fn find_heads(&self, found: Vec<Vec<GazetteerMatch>>) -> Vec<Head> {
        found
            .into_iter()
            .flatten()
            .filter(|m| self.canon[m.list][m.canonical] != "none")
            .map(|m| Head { span: m.span, list: m.list, canonical: m.canonical })
            .collect()
    }

    /// A head that is a loose word ("order") followed by none of the words
    /// that make it an instrument ("for", "worth").
    fn loose_alone(&self, text: &str, head: Span) -> bool {
        if self.loose_heads.is_empty() || !self.loose_heads.contains(text[head].to_lowercase().as_str()) {
            return false;
        }
        !followed_by(text, head, &self.loose_followers)
    }

    /// A head followed by words that report its instrument concluded ("an
    /// agreement worth", "an agreement to buy"), with no hedge before it in
    /// its clause ("hopes to reach an agreement worth").
    fn concluded(&self, text: &str, sent: Span, head: Span) -> bool {
        if !followed_by(text, head, &self.concluded_followers) {
            return false;
        }
        let clause = clause_of(text, sent, head);
        let (_, hedges) = self.verbs_and_hedges(&text[clause.start..head.start].to_lowercase());
        hedges.is_empty()
    }

    /// True when the clause around `head` (in `sent`, whose words are `words`
    /// when [`Agreements::sent_words`] gives them) reports a signing, unhedged.
    fn signed(&self, text: &str, sent: Span, words: Option<&mut SentWords>, head: Span) -> bool {
        self.signed_by_verb(text, sent, words, head) || self.concluded(text, sent, head)
    }

    /// [`Agreements::signed`] by a signing verb alone.
    fn signed_by_verb(&self, text: &str, sent: Span, words: Option<&mut SentWords>, head: Span) -> bool {
        match words {
            Some(w) if sent.contains(head) && w.whole => self.signed_fast(w, head),
            Some(w) if sent.contains(head) => {
                // The clause's words, as `signed_in` reads them, found once
                // for all the heads of a clause.
                let (lo, hi) = w.clause(head);
                let clause = Span::new(sent.start + lo, sent.start + hi);
                if w.last_clause.as_ref().is_none_or(|c| c.clause != clause) {
                    w.last_clause = Some(self.clause_words(text, clause));
                }
                self.signed_in_clause(w.last_clause.as_ref().expect("just filled"), clause, head)
            }
            _ => self.signed_in(text, sent, head),
        }
    }

    /// "signed a contract with X, and two more contracts with Y": a group
    /// joined by ", and" to the signed group before it in the sentence, with
    /// no verb or hedge of its own between them, was signed with it.
    fn coordinated(&self, doc: &Doc<'_>, prev: Option<&AgreementX>, m: &Mention<'_>) -> bool {
        let Some(before) = prev.and_then(|a| a.mentions.last()) else { return false };
        let (from, to) = (before.span.end, m.span.start);
        if from >= to || to - from > 200 || doc.sentence_at(from) != doc.sentence_at(to) {
            return false;
        }
        let between = &doc.text[from..to];
        if !between.contains(", and ") {
            return false;
        }
        let (verbs, hedges) = self.verbs_and_hedges(&between.to_lowercase());
        verbs.is_empty() && hedges.is_empty()
    }

    /// True when a takeover verb before byte `at` reports a deal concluded,
    /// unhedged ("Acme agreed to acquire Beta ... the deal"). Asked only of a
    /// definite mention with no group before it, which few texts hold.
    fn takeover_before(&self, doc: &Doc<'_>, at: usize) -> bool {
        if self.takeovers.is_empty() {
            return false;
        }
        // The verbs are ASCII (the others were left out at load): ASCII
        // lower-casing finds them and keeps every byte where it was.
        let lower = doc.text[..at].to_ascii_lowercase();
        self.takeovers.iter().any(|verb| {
            lower.match_indices(verb.as_str()).any(|(start, _)| {
                let end = start + verb.len();
                is_word(&lower, start, end) && {
                    let sent = doc.sentence_at(start);
                    self.signed_in(doc.text, sent, Span::new(end, end))
                }
            })
        })
    }

    /// Whether mention `m` is signed, found now if `mentions` left it.
    fn signed_of(&self, doc: &Doc<'_>, m: &Mention<'_>) -> bool {
        m.signed.unwrap_or_else(|| {
            let sent = doc.sentence_at(m.head.start);
            let mut words = self.sent_words(doc.slice(sent), sent.start);
            self.signed(doc.text, sent, words.as_mut(), m.head)
        })
    }

    fn mentions(&self, doc: &Doc<'_>, heads: Vec<Vec<GazetteerMatch>>) -> Vec<Mention<'_>> {
        let text = doc.text;
        let heads = self.find_heads(heads);
        let mut out: Vec<Mention<'_>> = Vec::with_capacity(heads.len());
        let mut prev_end: Option<usize> = None;
        // What every head of one sentence reads: its tokens, clause breaks and
        // verb positions, found once (the heads come in text order), and the
        // words only when a head needs them.
        let mut cache: Option<(Span, SentTokens<'_>, Option<Option<SentWords>>)> = None;
        let mut bufs = (String::with_capacity(32), String::with_capacity(64));
        for m in heads {
            // "(MOUs)" right after "memoranda of understanding" is the same noun.
            if let Some(pe) = prev_end {
                let gap = &text[pe..m.span.start];
                if gap.trim() == "(" {
                    prev_end = None;
                    continue;
                }
            }
            prev_end = Some(m.span.end);
            if self.loose_alone(text, m.span) {
                continue;
            }
            let sent = doc.sentence_at(m.span.start);
            if cache.as_ref().is_none_or(|(s, _, _)| *s != sent) {
                let s = &text[sent.start..sent.end];
                // The token buffer of the sentence before is reused.
                let buf = cache.take().map_or_else(|| Vec::with_capacity(64), |(_, t, _)| t.read);
                cache = Some((sent, SentTokens::new(s, buf), None));
            }
            let (_, sent_toks, words) = cache.as_mut().expect("just filled");
            let head_at = m.span.start - sent.start;
            let toks = tokens_before(&text[sent.start..sent.end], sent_toks.upto(head_at), head_at);
            let (det, start) = self.determiner(text, sent, m.span.start, &toks, &mut bufs);
            let span = Span::new(start, m.span.end);
            let head = Span::new(m.span.start, m.span.end);
            let plural = m.list == 1;
            // `extract` reads no signing for a bare singular or a definite
            // plural, and for a definite singular only while no group is known.
            let signed = match det {
                Det::Count(_) => true,
                Det::Bare => plural,
                Det::Definite => false,
            }
            .then(|| {
                let words = words.get_or_insert_with(|| self.sent_words(&text[sent.start..sent.end], sent.start));
                self.signed(text, sent, words.as_mut(), head)
            });
            out.push(Mention { span, instrument: &self.canon[m.list][m.canonical], plural, det, head, signed });
        }
        out
    }

    /// Clause breaks and verb and hedge positions of sentence `s` (at byte
    /// `start` of the text), or None when a signing verb or hedge is not
    /// ASCII. The verbs and hedges are left to each clause (not `whole`)
    /// where reading them in the sentence could give another answer:
    /// lower-casing that changes byte lengths or depends on context (final
    /// sigma), or a word that can overlap itself.
    fn sent_words(&self, s: &str, start: usize) -> Option<SentWords> {
        let ac = self.sentence.as_ref()?;
        let whole = self.border_free && lowercases_in_place(s);
        let (n_signed, n_words) = (self.signed.len(), self.signed.len() + self.hedges.len());
        // Room for a typical sentence's words and breaks, which grew each
        // vector a few times.
        let room = || Vec::with_capacity(8);
        let (mut verbs, mut hedges, mut breaks) = (room(), room(), room());
        // Words are kept where they are whole words. Those need none of the
        // dropping of overlaps that `occurrences` does: with `border_free`,
        // an occurrence starting inside another of the same word is no whole
        // word. Breaks are kept where the case is exact.
        overlapping(ac, s, |h| {
            if h.word >= n_words {
                if s[h.start..h.end] == *CLAUSE_BREAKS[h.word - n_words] {
                    breaks.push(h);
                }
            } else if whole && is_word_lowered(s, h.start, h.end) {
                if h.word < n_signed {
                    verbs.push(h)
                } else {
                    hedges.push(h)
                }
            }
        });
        let breaks = leftmost_each(breaks);
        let mut starts: Vec<usize> = breaks.iter().map(|h| h.start).collect();
        let mut ends: Vec<usize> = breaks.iter().map(|h| h.end).collect();
        verbs.sort_unstable();
        hedges.sort_unstable();
        starts.sort_unstable();
        ends.sort_unstable();
        Some(SentWords { start, len: s.len(), starts, ends, whole, verbs, hedges, last_clause: None })
    }

    /// The instrument heads, walked together with the other extractors' word lists ([`super::Lexicons`]).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.heads
    }

    /// The agreements of `doc`, given the matches of [`Agreements::gazetteer`]
    /// and the other fields.
    pub fn extract(&self, doc: &Doc<'_>, heads: Vec<Vec<GazetteerMatch>>, ex: &Extraction) -> Vec<AgreementX> {
        let text = doc.text;
        let mentions = self.mentions(doc, heads);
        let dated = |span: Span| {
            let sent = doc.sentence_at(span.start);
            ex.dates.iter().find(|d| d.mentions.iter().any(|f| sent.contains(f.span))).map(|d| d.value.as_str())
        };
        let mut out: Vec<AgreementX> = Vec::new();
        let mut bare: Vec<AgreementX> = Vec::new();
        let mut last: Option<usize> = None;
        for m in &mentions {
            // "the deal" after "Acme agreed to acquire Beta": signed by that
            // verb, in a sentence of its own ("Acme expects the deal to …").
            let mut by_takeover = false;
            let (count, rule) = match m.det {
                Det::Count(1) if !m.plural || m.instrument == "mou" => (Some(1), self.single),
                Det::Count(n) => (Some(n), self.counted),
                Det::Definite => {
                    if m.plural {
                        continue;
                    }
                    match last {
                        // A re-mention of the group named before, or of the
                        // one on its subject ("the agreement on trade").
                        Some(i) => {
                            let i = self.topics.named(text, m.span, &out).unwrap_or(i);
                            if let Some(r) = self.definite {
                                out[i].mentions.push(Found { span: m.span, rule: r });
                            }
                            continue;
                        }
                        None if self.signed_of(doc, m) => (Some(1), self.definite),
                        None if self.takeover_before(doc, m.span.start) => {
                            by_takeover = true;
                            (Some(1), self.definite)
                        }
                        None => continue,
                    }
                }
                Det::Bare if m.plural && self.signed_of(doc, m) => {
                    if let Some(r) = self.bare {
                        push(&mut bare, m, None, r, text, dated, &self.topics);
                    }
                    continue;
                }
                // Headlines drop articles: "Infosys signs deal with Danske Bank".
                Det::Bare if !m.plural && self.headline.is_some() && crate::text::in_headline(text, m.head) => {
                    (Some(1), self.headline)
                }
                Det::Bare => continue,
            };
            let Some(rule) = rule else { continue };
            if !by_takeover && !self.signed_of(doc, m) && !self.coordinated(doc, last.map(|i| &out[i]), m) {
                // An unsigned mention of a known group is still that group:
                // the one named earlier in its sentence, if any.
                let kin = |a: &AgreementX| a.instrument == m.instrument && a.count == count;
                if let Some(i) = named_in_sentence(out.as_slice(), m, count, text).or_else(|| out.iter().position(kin))
                {
                    out[i].mentions.push(Found { span: m.span, rule });
                }
                continue;
            }
            last = Some(push(&mut out, m, count, rule, text, dated, &self.topics));
        }
        merge_generic(&mut out);
        merge_headline(text, &mut out);
        if out.is_empty() {
            out = bare;
        }
        for a in &mut out {
            tidy(&mut a.mentions);
            self.attach(doc, ex, a);
        }
        out.sort_by_key(|a| a.mentions[0].span.start);
        out
    }

    /// Parties, date, location and domains from the group's first sentence.
    fn attach(&self, doc: &Doc<'_>, ex: &Extraction, a: &mut AgreementX) {
        let sent = doc.sentence_at(a.mentions[0].span.start);
        let next = if sent.end < doc.text.len() { doc.sentence_at(sent.end.min(doc.text.len() - 1) + 1) } else { sent };
        let inside = |fs: &[Found], s: Span| fs.iter().any(|f| s.contains(f.span));
        for p in &ex.places {
            if p.kind == "country" && inside(&p.mentions, sent) && !a.parties.contains(&p.name) {
                a.parties.push(p.name.clone());
            }
            if p.kind == "city" && a.location.is_none() && inside(&p.mentions, sent) {
                a.location = Some(p.name.clone());
            }
        }
        // A body named in the sentence only in brackets of its own is the
        // dateline's source ("ABU DHABI, Feb 13 (Reuters) -") or a stock
        // exchange before a ticker ("(NYSE: NWR)"), no party; an acronym
        // after its full name ("… Oil Co (ADNOC)") leaves the name.
        let text = doc.text;
        let bracketed = |f: &Found| {
            text[..f.span.start].ends_with('(')
                && (text[f.span.end..].starts_with(')') || text[f.span.end..].starts_with(':'))
        };
        for o in &ex.orgs {
            let mut named = o.mentions.iter().filter(|f| sent.contains(f.span)).peekable();
            if named.peek().is_none() || named.all(bracketed) || a.parties.contains(&o.name) {
                continue;
            }
            a.parties.push(o.name.clone());
        }
        a.date = ex.dates.iter().find(|d| inside(&d.mentions, sent)).map(|d| d.value.clone());
        for d in &ex.domains {
            if (inside(&d.mentions, sent) || inside(&d.mentions, next)) && !a.domains.contains(&d.name) {
                a.domains.push(d.name.clone());
            }
        }
    }
}

/// A match of a head list entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Head {
    span: Span,
    /// Index of the list (0 singular, 1 plural) and of the canonical form in it.
    list: usize,
    canonical: usize,
}

/// Adds a mention to its (instrument, count) group; returns the group's index.
///
/// `dated(span)` is the date named in the sentence around `span`, if any: a
/// single instrument introduced with "a" in a sentence dated otherwise than
/// the group's first mention is another instrument ("awarded a contract …,
/// the company announced June 27"; "last year it signed a contract to build
/// two corvettes").
/// So is one whose subject differs from those of the group's mentions: "an
/// agreement on trade, an agreement on taxation and an agreement on
/// emergencies were signed" are three.
fn push<'d>(
    out: &mut Vec<AgreementX>,
    m: &Mention<'_>,
    count: Option<u64>,
    rule: RuleId,
    text: &str,
    dated: impl Fn(Span) -> Option<&'d str>,
    topics: &Topics,
) -> usize {
    let f = Found { span: m.span, rule };
    // "won an order ... The order follows a contract signed in January": a
    // single instrument introduced with "a" under another noun than the
    // group's is another instrument; under the same noun it is the group
    // named again ("signs deal" in the headline, "a deal" in the story).
    // In one sentence, a second "a ..." of the same instrument names it
    // again: "signed a formal agreement with France ..., in a major defence deal".
    let noun = |sp: Span| text[sp].rsplit(' ').next().unwrap_or("");
    let fresh = count == Some(1) && !m.plural && m.det == Det::Count(1);
    let kin = |a: &AgreementX| a.instrument == m.instrument && a.count == count;
    let when = if fresh { dated(m.span) } else { None };
    let topic = if fresh { topics.of(text, m.span) } else { None };
    // Some mention of the group has a subject, and none of them is `m`'s.
    let other_topic = |a: &AgreementX| {
        topic.as_ref().is_some_and(|t| {
            let mut theirs = a.mentions.iter().filter_map(|g| topics.of(text, g.span)).peekable();
            theirs.peek().is_some() && !theirs.any(|u| akin(t, &u))
        })
    };
    let same = |a: &AgreementX| {
        !fresh
            || a.mentions.iter().any(|g| noun(g.span).eq_ignore_ascii_case(noun(m.head)))
                && (when.is_none() || dated(a.mentions[0].span).is_none_or(|d| Some(d) == when))
                && !other_topic(a)
    };
    let in_sentence =
        if fresh { named_in_sentence(out, m, count, text).filter(|&i| !other_topic(&out[i])) } else { None };
    match in_sentence.or_else(|| out.iter().position(|a| kin(a) && same(a))) {
        Some(i) => {
            out[i].mentions.push(f);
            i
        }
        None => {
            out.push(AgreementX {
                instrument: m.instrument.to_string(),
                count,
                text: text[m.span.start..m.span.end].to_string(),
                parties: Vec::new(),
                date: None,
                location: None,
                domains: Vec::new(),
                // A group is often mentioned again: room for a few.
                mentions: {
                    let mut v = Vec::with_capacity(4);
                    v.push(f);
                    v
                },
            });
            out.len() - 1
        }
    }
}

/// Two subjects that may be one: one begins with the other ("trade",
/// "trade and investment" cut at "and"; "trade takes effect in").
fn akin(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// The subject of an instrument: the words after a marker that follows its
/// mention ("on", "in the field of"), up to a comma, a stop, an end word
/// ("and", "was", "signed") or the fourth word, lower-cased.
struct Topics {
    markers: Vec<String>,
    ends: Vec<String>,
}

impl Topics {
    /// The group with a mention on the subject of the mention at `span`.
    fn named(&self, text: &str, span: Span, out: &[AgreementX]) -> Option<usize> {
        let topic = self.of(text, span)?;
        out.iter().position(|a| a.mentions.iter().any(|g| self.of(text, g.span).is_some_and(|u| akin(&topic, &u))))
    }

    fn of(&self, text: &str, span: Span) -> Option<String> {
        let rest = text[span.end..].strip_prefix(' ')?;
        let after = self.markers.iter().find_map(|mk| {
            let head = rest.get(..mk.len())?;
            (head.eq_ignore_ascii_case(mk) && rest[mk.len()..].starts_with(' ')).then(|| &rest[mk.len() + 1..])
        })?;
        let mut words = Vec::new();
        for word in after.split_whitespace().take(4) {
            let bare = word.trim_end_matches([',', '.', ';', ':', ')']);
            let lower = bare.to_lowercase();
            if bare.is_empty() || self.ends.contains(&lower) {
                break;
            }
            words.push(lower);
            if bare.len() < word.len() {
                break;
            }
        }
        (!words.is_empty()).then(|| words.join(" "))
    }
}

/// The group of `m`'s instrument and count that has a mention earlier in
/// `m`'s sentence, if any.
fn named_in_sentence(out: &[AgreementX], m: &Mention<'_>, count: Option<u64>, text: &str) -> Option<usize> {
    out.iter().position(|a| {
        a.instrument == m.instrument
            && a.count == count
            && a.mentions.iter().any(|g| same_sentence(text, g.span, m.span))
    })
}

/// True when `earlier` ends before `later` in the same sentence: no line
/// break or sentence stop between them (a stop followed by a space, so that
/// "$8.7bn" is none).
fn same_sentence(text: &str, earlier: Span, later: Span) -> bool {
    earlier.end <= later.start && {
        let between = &text[earlier.end..later.start];
        !between.contains('\n') && ![". ", "! ", "? "].iter().any(|s| between.contains(s))
    }
}

/// "8 deals" and "eight MoUs" in one article are one group: a generic
/// `agreement` group merges into a specific one with the same count (≥ 2).
fn merge_generic(out: &mut Vec<AgreementX>) {
    merge_into(out, |out, i| {
        let a = &out[i];
        (a.instrument == "agreement" && a.count.is_some_and(|n| n >= 2))
            .then(|| out.iter().position(|b| b.instrument != "agreement" && b.count == a.count))
            .flatten()
    });
}

/// A group named only in the headline is the body's group of the same count,
/// whatever its instrument: "Hyundai Rotem signs $6.5 billion tank deal" over
/// "signed a contract worth about $6.5 billion" is one signed instrument.
fn merge_headline(text: &str, out: &mut Vec<AgreementX>) {
    let headline_end = memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len());
    let in_headline = |a: &AgreementX| a.mentions.iter().all(|f| f.span.end <= headline_end);
    merge_into(out, |out, i| {
        in_headline(&out[i])
            .then(|| (0..out.len()).find(|&j| j != i && out[j].count == out[i].count && !in_headline(&out[j])))
            .flatten()
    });
}

/// Moves each group's mentions into the group `target` picks for it, if any,
/// and drops the emptied group.
fn merge_into(out: &mut Vec<AgreementX>, target: impl Fn(&[AgreementX], usize) -> Option<usize>) {
    let mut i = 0;
    while i < out.len() {
        match target(out, i) {
            Some(j) => {
                let g = out.remove(i);
                let j = if j > i { j - 1 } else { j };
                out[j].mentions.extend(g.mentions);
            }
            None => i += 1,
        }
    }
}

/// One sentence's clause breaks and signing-verb and hedge positions (byte
/// offsets into the sentence; words found in its lower-cased text).
struct SentWords {
    /// Byte offset of the sentence in the text, and its length.
    start: usize,
    len: usize,
    /// Where each clause break starts, and where each ends, sorted.
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// True when the verbs and hedges below are the sentence's; otherwise
    /// (see [`Agreements::sent_words`]) each clause's are found on their own.
    whole: bool,
    /// Whole-word signing verbs and hedges, sorted by position.
    verbs: Vec<Hit>,
    hedges: Vec<Hit>,
    /// When not `whole`: the words of the clause read last.
    last_clause: Option<ClauseWords>,
}

/// The signing verbs and hedges of one clause, found in its lower-cased text
/// (`len` bytes long), sorted by position.
struct ClauseWords {
    clause: Span,
    len: usize,
    verbs: Vec<Hit>,
    hedges: Vec<Hit>,
}

impl SentWords {
    /// The clause around `span` as [`clause_of`] finds it, relative to the sentence.
    fn clause(&self, span: Span) -> (usize, usize) {
        let (at, end) = (span.start - self.start, span.end - self.start);
        let lo = self.ends[..self.ends.partition_point(|&e| e <= at)].last().copied().unwrap_or(0);
        let hi = self.starts.get(self.starts.partition_point(|&s| s < end)).copied().unwrap_or(self.len);
        (lo, hi.max(lo))
    }
}

/// True when no occurrence of `w` that is a whole word can start inside an
/// earlier occurrence: then scanning a sentence finds every whole-word
/// occurrence that scanning one of its clauses finds. An occurrence shifted by
/// `d` inside another follows `w[..d]`; when that ends in a letter or digit,
/// the later one is not a whole word.
fn border_free(w: &str) -> bool {
    (1..w.len()).all(|d| {
        !w.is_char_boundary(d)
            || w[d..] != w[..w.len() - d]
            || w[..d].chars().next_back().is_some_and(char::is_alphanumeric)
    })
}

/// The tokens of `sent[..head]`, as `tokens` would give them, from the
/// sentence's own tokens: those ending by `head` are the same, and only the
/// one running across `head` is read again. Only the last few are kept: the
/// determiner reads back at most eight.
fn tokens_before<'a>(sent: &str, all: &'a [Token], head: usize) -> Cow<'a, [Token]> {
    const KEEP: usize = 16;
    let k = all.partition_point(|t| t.end <= head);
    let kept = &all[k.saturating_sub(KEEP)..k];
    let Some(t) = all.get(k).filter(|t| t.start < head) else {
        return Cow::Borrowed(kept);
    };
    let mut out = kept.to_vec();
    match t.kind {
        Tok::Word => out.extend(word_prefix(sent, t.start, head)),
        _ => out.extend(tokens(&sent[t.start..head]).into_iter().map(|x| Token {
            start: x.start + t.start,
            end: x.end + t.start,
            ..x
        })),
    }
    Cow::Owned(out)
}

/// The tokens of `sent[start..cut]`, a cut word token, as [`tokens`] gives
/// them, without reading the word again (a hyphenated run of heads,
/// "MOU-MOU-…", would read it once per head). Every character of the piece
/// keeps its part in the word but the last: a mark that joined the word to
/// what follows ("-", "'", "’", ".", ",") joins nothing now and is a mark of
/// its own.
fn word_prefix(sent: &str, start: usize, cut: usize) -> impl Iterator<Item = Token> {
    let last = sent[start..cut].chars().next_back();
    let split = match last {
        Some(c @ ('-' | '\'' | '’' | '.' | ',')) => cut - c.len_utf8(),
        _ => cut,
    };
    let word = Token { start, end: split, kind: Tok::Word };
    let mark = Token { start: split, end: cut, kind: Tok::Punct };
    std::iter::once(word).chain((split < cut).then_some(mark))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Word,
    /// A parenthesized aside, skipped as a modifier: "(US$4 billion)".
    Paren,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    start: usize,
    end: usize,
    kind: Tok,
}

/// Words (with inner hyphens, apostrophes, and digit groups "5.6", "1,200"),
/// parenthesized asides, and single punctuation marks.
fn tokens(s: &str) -> Vec<Token> {
    Tokenizer::new(s).collect()
}

/// A sentence's tokens, read as far as the heads in it need.
struct SentTokens<'s> {
    read: Vec<Token>,
    rest: Tokenizer<'s>,
}

impl<'s> SentTokens<'s> {
    /// `buf`: a buffer to hold the tokens, emptied first.
    fn new(sent: &'s str, mut buf: Vec<Token>) -> SentTokens<'s> {
        buf.clear();
        SentTokens { read: buf, rest: Tokenizer::new(sent) }
    }

    /// The tokens ending by byte `head`, then the one running over it if
    /// any: for [`tokens_before`], the same as all of them.
    fn upto(&mut self, head: usize) -> &[Token] {
        while self.read.last().is_none_or(|t| t.end <= head) {
            match self.rest.next() {
                Some(t) => self.read.push(t),
                None => break,
            }
        }
        &self.read
    }
}

/// [`tokens`] one at a time: a head needs only the tokens before it, so a
/// sentence is read no further than its last head.
struct Tokenizer<'s> {
    s: &'s str,
    /// Where the next token is looked for.
    at: usize,
}

impl<'s> Tokenizer<'s> {
    fn new(s: &'s str) -> Tokenizer<'s> {
        Tokenizer { s, at: 0 }
    }

    /// The end of the word starting with the character at `at`.
    fn word_end(&self, at: usize) -> usize {
        let (s, bytes) = (self.s, self.s.as_bytes());
        let mut j = at + char_at(s, at).map_or(1, char::len_utf8);
        loop {
            // ASCII letters and digits, most of a word, need no decoding.
            j += bytes[j..].iter().position(|&b| !ASCII_ALNUM[usize::from(b)]).unwrap_or(bytes.len() - j);
            let Some(d) = char_at(s, j) else { break };
            let inner = || {
                let next = char_at(s, j + d.len_utf8());
                // Before `d` is a character of the word: its last byte is an
                // ASCII digit exactly when that character is one.
                next.is_some_and(char::is_alphanumeric)
                    && (!matches!(d, '.' | ',')
                        || (bytes[j - 1].is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())))
            };
            if d.is_alphanumeric() || d == '%' || (matches!(d, '-' | '\'' | '’' | '.' | ',') && inner()) {
                j += d.len_utf8();
            } else {
                break;
            }
        }
        j
    }
}

impl Iterator for Tokenizer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let s = self.s;
        let bytes = s.as_bytes();
        // Most tokens are a run of ASCII letters and digits that ends at a
        // space or the end: taken in one step, with the space, where
        // `word_end` would decode the character after the run.
        let at = self.at;
        if bytes.get(at).is_some_and(|&b| ASCII_ALNUM[usize::from(b)]) {
            let run = bytes[at + 1..].iter().position(|&b| !ASCII_ALNUM[usize::from(b)]);
            let end = run.map_or(bytes.len(), |n| at + 1 + n);
            if matches!(bytes.get(end), None | Some(b' ')) {
                self.at = (end + 1).min(bytes.len());
                return Some(Token { start: at, end, kind: Tok::Word });
            }
        }
        loop {
            let at = self.at;
            let c = char_at(s, at)?;
            let one = at + c.len_utf8();
            let (end, kind) = if c.is_whitespace() {
                self.at = one;
                continue;
            } else if c == '(' {
                // An aside closes within the next 60 characters.
                match s[one..].char_indices().take(60).find(|&(_, d)| d == ')') {
                    Some((k, _)) => (one + k + 1, Tok::Paren),
                    None => (one, Tok::Punct),
                }
            } else if c.is_alphanumeric() || matches!(c, '$' | '€' | '£') {
                (self.word_end(at), Tok::Word)
            } else {
                (one, Tok::Punct)
            };
            self.at = end;
            return Some(Token { start: at, end, kind });
        }
    }
}

/// ASCII letters and digits: one lookup per byte where the range tests of
/// `u8::is_ascii_alphanumeric` took twice the instructions.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The character starting at byte `at` of `s`, if any.
fn char_at(s: &str, at: usize) -> Option<char> {
    match *s.as_bytes().get(at)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => s[at..].chars().next(),
    }
}

/// Clause boundaries inside a sentence: a new clause starts after these.
const CLAUSE_BREAKS: &[&str] = &[
    ";",
    ", and ",
    ", but ",
    " but ",
    ", while ",
    " while ",
    ", although ",
    " although ",
    ", though ",
    ", whereas ",
    " whereas ",
    ", as ",
    ", which ",
    " — ",
    " – ",
];

/// The clause of `sent` around `span`.
fn clause_of(text: &str, sent: Span, span: Span) -> Span {
    let s = &text[sent.start..sent.end];
    let at = span.start - sent.start;
    let end = span.end - sent.start;
    let mut lo = 0;
    let mut hi = s.len();
    for b in CLAUSE_BREAKS {
        for (i, _) in s.match_indices(b) {
            if i + b.len() <= at {
                lo = lo.max(i + b.len());
            } else if i >= end {
                hi = hi.min(i);
            }
        }
    }
    Span::new(sent.start + lo, sent.start + hi.max(lo))
}

/// True when one of `words` (lower-cased; several words apart by single
/// spaces) comes right after `head`, as a whole word.
fn followed_by(text: &str, head: Span, words: &[String]) -> bool {
    let after = text[head.end..].trim_start();
    words.iter().any(|f| {
        after.len() >= f.len()
            && after.is_char_boundary(f.len())
            && after[..f.len()].eq_ignore_ascii_case(f)
            && !after[f.len()..].starts_with(|c: char| c.is_alphanumeric())
    })
}

/// One occurrence of an automaton's pattern: bytes `start..end`, pattern `word`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    start: usize,
    end: usize,
    word: usize,
}

/// An automaton reporting every occurrence of every word (overlapping), for
/// [`occurrences`]; with `fold`, ignoring ASCII case. It has no prefilter:
/// [`occurrences`] walks it byte by byte.
fn automaton<I>(words: I, fold: bool) -> dfa::DFA
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    dfa::Builder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(fold)
        .prefilter(false)
        .build(words)
        .expect("word lists build an automaton")
}

/// The occurrences of every pattern that `str::match_indices` finds when
/// searching for it alone (the leftmost, then the leftmost after its end),
/// sorted by word, then position.
fn occurrences(a: &dfa::DFA, hay: &str) -> Vec<Hit> {
    let mut all = Vec::new();
    overlapping(a, hay, |h| all.push(h));
    leftmost_each(all)
}

/// Calls `found` with every occurrence of every word of `a` in `hay`,
/// overlapping, in order of their ends. A walk of the automaton, where each
/// state holds the words ending there: a search through `AhoCorasick` costs
/// twice as much per byte.
fn overlapping(a: &dfa::DFA, hay: &str, mut found: impl FnMut(Hit)) {
    let Ok(mut sid) = a.start_state(Anchored::No) else { return };
    let mut at = 0;
    while let Some((end, next)) = next_match(a, hay.as_bytes(), at, sid) {
        for k in 0..a.match_len(next) {
            let pid = a.match_pattern(next, k);
            found(Hit { start: end - a.pattern_len(pid), end, word: pid.as_usize() });
        }
        (at, sid) = (end, next);
    }
}

/// The walk of [`overlapping`] from byte `from` in state `sid` to the next
/// byte that ends a word: that byte's end and the state after it. A
/// function of its own, so that the walk keeps its state in registers (with
/// the caller's work in the same loop it kept them on the stack, and cost
/// three times as much per byte).
#[inline(never)]
fn next_match(a: &dfa::DFA, bytes: &[u8], from: usize, mut sid: StateID) -> Option<(usize, StateID)> {
    for (i, &b) in bytes[from..].iter().enumerate() {
        sid = a.next_state(Anchored::No, sid, b);
        if a.is_special(sid) && a.is_match(sid) {
            return Some((from + i + 1, sid));
        }
    }
    None
}

/// Of each word's occurrences, those `str::match_indices` finds: the
/// leftmost, then the leftmost after its end. Sorted by word, then position.
fn leftmost_each(mut all: Vec<Hit>) -> Vec<Hit> {
    all.sort_unstable_by_key(|h| (h.word, h.start, h.end));
    let mut out: Vec<Hit> = Vec::with_capacity(all.len());
    for hit in all {
        if !out.last().is_some_and(|l| l.word == hit.word && l.end > hit.start) {
            out.push(hit);
        }
    }
    out
}

/// Sets `buf` to `s` lower-cased, as `str::to_lowercase` would.
fn lower_into(buf: &mut String, s: &str) {
    buf.clear();
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&s.to_lowercase());
    }
}

/// True when lower-casing `s` maps each character to one of the same length,
/// whatever its neighbours (no final sigma): then the lower-cased copy has
/// the same byte offsets, and each of its characters is its own lowered.
fn lowercases_in_place(s: &str) -> bool {
    s.is_ascii()
        || s.chars().all(|c| {
            c.is_ascii()
                || (c != 'Σ' && c.to_lowercase().count() == 1 && c.to_lowercase().all(|l| l.len_utf8() == c.len_utf8()))
        })
}

/// [`is_word`] on the lower-cased copy of `s` (see [`lowercases_in_place`]),
/// read from `s` itself.
fn is_word_lowered(s: &str, start: usize, end: usize) -> bool {
    let word_char = |c: char| match c.is_ascii() {
        true => c.is_ascii_alphanumeric(),
        false => c.to_lowercase().next().is_some_and(char::is_alphanumeric),
    };
    let before = s[..start].chars().next_back().is_none_or(|c| !word_char(c));
    let after = s[end..].chars().next().is_none_or(|c| !word_char(c));
    before && after
}

/// True when `hay[start..end]` is not part of a longer word.
fn is_word(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

/// Whether the head at `at..end` (relative to its clause `lo..hi`) reports a
/// signing, unhedged, from the verbs and hedges, sorted by position, of a text
/// holding the clause.
///
/// The verb that counts is the one nearest the head, the first in list order
/// on a tie, then the first in the text, as a scan over every verb's
/// positions in list order with `min_by_key` picks it. Distances grow away
/// from the head, so the scan stops at the first word farther than the best.
fn signed_among(verbs: &[Hit], hedges: &[Hit], (lo, hi): (usize, usize), (at, end): (usize, usize)) -> bool {
    let key = |v: usize| if v >= end { v - end } else { at.saturating_sub(v) };
    let inside = |h: &Hit| h.start >= lo && h.end <= hi;
    let mut best: Option<(usize, usize, usize)> = None;
    let mut consider = |h: &Hit| {
        let cand = (key(h.start - lo), h.word, h.start - lo);
        if best.is_some_and(|b| cand.0 > b.0) {
            return false;
        }
        if inside(h) && best.is_none_or(|b| cand < b) {
            best = Some(cand);
        }
        true
    };
    let i = verbs.partition_point(|h| h.start < lo + at);
    for h in verbs[i..].iter().take_while(|h| h.start <= hi) {
        if !consider(h) {
            break;
        }
    }
    for h in verbs[lo_index(verbs, lo)..i].iter().rev() {
        if !consider(h) {
            break;
        }
    }
    let Some((_, _, verb)) = best else {
        return false;
    };
    let limit = verb.max(at);
    // A hedge before the head, or between the head and a verb after it.
    let hedged_in = |from: usize, to: usize| {
        hedges[lo_index(hedges, lo + from)..].iter().take_while(|h| h.start < lo + to).any(|h| h.end <= hi)
    };
    !(hedged_in(0, at) || (limit > end && hedged_in(end, limit)))
}

/// The first of `hits` (sorted by position) that starts at or after `at`.
fn lo_index(hits: &[Hit], at: usize) -> usize {
    hits.partition_point(|h| h.start < at)
}

#[cfg(test)]
mod tests {
    use crate::extract::{Doc, Extractor};
    use crate::rules::load_dir;

    /// (instrument, count, number of mentions).
    type Group = (String, Option<u64>, usize);

    fn groups(text: &str) -> Vec<Group> {
        let rules = load_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))).expect("rules load");
        let ex = Extractor::new(&rules).expect("extractor").extract(&Doc::new(text, None));
        ex.agreements.into_iter().map(|a| (a.instrument, a.count, a.mentions.len())).collect()
    }

    #[test]
    fn occurrences_as_match_indices() {
        // Words overlapping themselves and each other, and repeated.
        let words = ["aa", "a", " — ", "aa", "ab a", "b"];
        let ac = super::automaton(words, false);
        for hay in ["aaaa", "aaa b aab a ab ab a", " — — x — ", "", "ba aa a"] {
            let mut got: Vec<(usize, usize)> = super::occurrences(&ac, hay).iter().map(|h| (h.word, h.start)).collect();
            got.sort_unstable();
            let want: Vec<(usize, usize)> =
                words.iter().enumerate().flat_map(|(w, n)| hay.match_indices(n).map(move |(i, _)| (w, i))).collect();
            assert_eq!(got, want, "{hay:?}");
        }
    }

    use super::{Tok, Token};

    /// The tokenizer as first written, one character vector per sentence: what
    /// [`super::tokens`] must agree with. Words (with inner hyphens, apostrophes, and digit groups "5.6", "1,200"),
    /// parenthesized asides, and single punctuation marks.
    fn tokens_reference(s: &str) -> Vec<Token> {
        let b: Vec<(usize, char)> = s.char_indices().collect();
        let mut out = Vec::new();
        let mut i = 0;
        let end_of = |i: usize| b.get(i).map(|x| x.0).unwrap_or(s.len());
        while i < b.len() {
            let (at, c) = b[i];
            if c.is_whitespace() {
                i += 1;
            } else if c == '(' {
                let mut j = i + 1;
                while j < b.len() && b[j].1 != ')' && j - i < 60 {
                    j += 1;
                }
                if j < b.len() && b[j].1 == ')' {
                    out.push(Token { start: at, end: end_of(j + 1), kind: Tok::Paren });
                    i = j + 1;
                } else {
                    out.push(Token { start: at, end: end_of(i + 1), kind: Tok::Punct });
                    i += 1;
                }
            } else if c.is_alphanumeric() || matches!(c, '$' | '€' | '£') {
                let mut j = i + 1;
                while j < b.len() {
                    let d = b[j].1;
                    let inner = matches!(d, '-' | '\'' | '’' | '.' | ',')
                        && j + 1 < b.len()
                        && b[j + 1].1.is_alphanumeric()
                        && (!matches!(d, '.' | ',') || (b[j - 1].1.is_ascii_digit() && b[j + 1].1.is_ascii_digit()));
                    if d.is_alphanumeric() || d == '%' || inner {
                        j += 1;
                    } else {
                        break;
                    }
                }
                out.push(Token { start: at, end: end_of(j), kind: Tok::Word });
                i = j;
            } else {
                out.push(Token { start: at, end: end_of(i + 1), kind: Tok::Punct });
                i += 1;
            }
        }
        out
    }

    #[test]
    fn tokens_as_first_written() {
        let texts = [
            "The firms signed 1,200 MoUs (worth US$4.5 billion) and 5.6 trillion-won deals.",
            "Iran’s twenty-one (21) \"contracts\" — on 3.5, 4,5 and 6.7% of a.b. (x",
            "( unclosed aside that runs on and on for more than sixty characters ... ) end",
            "(exactly sixty characters inside the aside, counted one by o) and (sixty-one characters inside the aside, counted one by onex)",
            "ÉTÉ l'accord d’été Σ-x 1.-2 ,3 £5 €6 $7 x' x’ x- x. 9. 9,a a,9 (ü)(é) ",
            "",
            " ",
            "a",
            "(",
            "日本と韓国は協定に署名した（2件）。",
        ];
        let flat =
            |v: Vec<Token>| -> Vec<(usize, usize, Tok)> { v.into_iter().map(|t| (t.start, t.end, t.kind)).collect() };
        for t in texts {
            assert_eq!(flat(super::tokens(t)), flat(tokens_reference(t)), "{t:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4096, ..Default::default() })]
        #[test]
        fn tokens_as_first_written_on_any_text(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Zq", "MoU", "09", "1,200", "5.6", " ", "  ", "\t", "\n", "\u{a0}", "(", ")", "(x y)", "-", "'", "’",
                ".", ",", "%", "$", "€", "é", "Σ", "日本", "x.", "9,", "a-b",
            ]), 0..40)
        ) {
            let t = pieces.concat();
            let flat =
                |v: Vec<Token>| -> Vec<(usize, usize, Tok)> { v.into_iter().map(|t| (t.start, t.end, t.kind)).collect() };
            proptest::prop_assert_eq!(flat(super::tokens(&t)), flat(tokens_reference(&t)), "{:?}", t);
        }
    }

    #[test]
    fn word_prefixes_as_tokens_gives_them() {
        let flat =
            |v: Vec<Token>| -> Vec<(usize, usize, Tok)> { v.into_iter().map(|t| (t.start, t.end, t.kind)).collect() };
        for text in ["MOU-MOU-MOU", "Iran’s 1,200.5-won x'y 5%MOU $-x €5.6 a-", "über-größe-Ä’s", "$", "x"] {
            for t in super::tokens(text).into_iter().filter(|t| t.kind == Tok::Word) {
                for cut in (t.start + 1..=t.end).filter(|&c| text.is_char_boundary(c)) {
                    let want: Vec<Token> = super::tokens(&text[t.start..cut])
                        .into_iter()
                        .map(|x| Token { start: x.start + t.start, end: x.end + t.start, ..x })
                        .collect();
                    let got: Vec<Token> = super::word_prefix(text, t.start, cut).collect();
                    assert_eq!(flat(got), flat(want), "{text:?} cut at {cut}");
                }
            }
        }
    }

    #[test]
    fn signed_per_sentence_as_per_clause() {
        let rules = load_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))).expect("rules load");
        let a = super::Agreements::new(&rules, &mut super::RuleNames::default()).expect("agreements");
        let texts = [
            "The firms signed two MoUs, and hope to sign five contracts; the deal will follow.",
            "ΣIGNED: İstanbul firms signed two MoUs, but plan three deals while the pact was not signed.",
            "Firms signed 5 MOUs plus 5 MOUs, although 6 deals — and a pact – were planned; ΣΣ signed accords.",
            "Σ signed a deal — ΣIGNED a pact — will sign a treaty, which was signed, as contracts were inked.",
        ];
        for t in texts {
            let doc = Doc::new(t, None);
            let mut cache: Option<(crate::Span, Option<super::SentWords>)> = None;
            for h in a.find_heads(a.heads.find_groups(&doc)) {
                let sent = doc.sentence_at(h.span.start);
                if cache.as_ref().is_none_or(|(s, _)| *s != sent) {
                    cache = Some((sent, a.sent_words(doc.slice(sent), sent.start)));
                }
                let words = cache.as_mut().and_then(|(_, w)| w.as_mut());
                assert_eq!(a.signed(t, sent, words, h.span), a.signed_in(t, sent, h.span), "{t:?} at {:?}", h.span);
            }
        }
    }

    fn g(i: &str, c: Option<u64>, n: usize) -> Group {
        (i.to_string(), c, n)
    }

    #[test]
    fn counts_and_instruments() {
        let cases: &[(&str, Vec<Group>)] = &[
            (
                "The two ministries finalized 12 memoranda of understanding (MOUs) and four formal contracts.",
                vec![g("mou", Some(12), 1), g("contract", Some(4), 1)],
            ),
            ("The universities inked thirty-two MoUs.", vec![g("mou", Some(32), 1)]),
            ("The utilities signed a dozen cooperation agreements.", vec![g("agreement", Some(12), 1)]),
            ("The partners signed three separate agreements.", vec![g("agreement", Some(3), 1)]),
            ("The city signed a letter of intent with the airline.", vec![g("letter_of_intent", Some(1), 1)]),
            ("The builder won a 3.5 billion-dollar (2.9 billion euro) contract.", vec![g("contract", Some(1), 1)]),
            // A plural with no number, and no counted group: count null.
            ("The mayors signed cooperation agreements on water.", vec![g("agreement", None, 1)]),
            // Orders are contracts; "a contract" after an order is another one,
            // "a deal" after "signs deal" the same one named again.
            (
                "The yard won an order for two tankers. It follows a contract signed in May with a Greek owner.",
                vec![g("contract", Some(1), 1), g("contract", Some(1), 1)],
            ),
            (
                "Airline signs deal with Boeing\nThe airline signed a deal for ten jets. The deal was welcomed.",
                vec![g("agreement", Some(1), 3)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&groups(text), want, "{text}");
        }
    }

    #[test]
    fn signed_versus_planned() {
        let cases: &[(&str, Vec<Group>)] = &[
            ("The two sides will sign six MoUs next month.", vec![]),
            ("Nine contracts are expected to be signed during the visit.", vec![]),
            ("Negotiations over a deal on grain continue.", vec![]),
            ("The carrier cancelled a contract signed in March.", vec![]),
            ("The ministers signed two MoUs, and hope to sign five contracts by spring.", vec![g("mou", Some(2), 1)]),
            ("The agreement was not signed.", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(&groups(text), want, "{text}");
        }
    }

    #[test]
    fn merging() {
        let cases: &[(&str, Vec<Group>)] = &[
            // The same group repeated is one entry with both mentions.
            (
                "The firms signed 15 MoUs and six contracts. In all, 15 MoUs and six contracts were concluded.",
                vec![g("mou", Some(15), 2), g("contract", Some(6), 2)],
            ),
            // A definite re-mention is the group named before.
            (
                "The councils signed a memorandum of cooperation. The memorandum was formalized by the mayors.",
                vec![g("mou", Some(1), 2)],
            ),
            // "N deals" and "N MoUs" are one group.
            (
                "The ministry signs 9 deals. It signed nine memoranda of understanding at the fair.",
                vec![g("mou", Some(9), 2)],
            ),
            // With a counted group, a bare plural sums it up: no extra entry.
            (
                "The firms signed four contracts. Several companies signed cooperation agreements.",
                vec![g("contract", Some(4), 1)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&groups(text), want, "{text}");
        }
    }
}
