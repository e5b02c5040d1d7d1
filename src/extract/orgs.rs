//! Organizations: a gazetteer of well-known bodies, names built around a head
//! word ("… University", "Ministry of …"), and acronym definitions in both
//! directions ("Islamic Republic News Agency (IRNA)", "IRNA (Islamic …)").
//!
//! A name with a head word comes from a run of capitalized words joined by
//! connectors (the `org.name-with-head` pattern). The run is then cut to the
//! organization: a leading possessive ("Iran’s") or a person's title
//! ("President of the …") is dropped, two organizations joined by "and" are
//! split, and words after a final head that do not continue the name with
//! "of"/"for" are left out. Most capitalized words belong to no organization:
//! the pattern only runs around head words (`Orgs::chunks_with_heads`),
//! which relies on its shape (see `CONNECTORS`; the tests check it). In
//! the same way the acronym pattern is only tried around brackets
//! (`acronym_matches`), and the described pattern ("gaming giant Krafton")
//! only where a descriptor noun ends before a capital (`described_matches`).

use std::borrow::Cow;

use regex_syntax::hir::{Class, Hir, HirKind};

use super::gazetteer::line_is_caps;
use super::{
    tidy, whole_word, Cover, Doc, Found, Gazetteer, GazetteerMatch, Map, OrgX, RuleId, RuleNames, Set, Shapes,
};
use crate::rules::{Pattern, RuleError, RuleSet};
use crate::swar::{alphanumeric_len, capitals, HIGH};
use crate::Span;

pub struct Orgs {
    gazetteer: Gazetteer,
    /// Per gazetteer list: canonical names, and for each canonical its variants.
    lists: Vec<Vec<(String, Vec<String>)>>,
    /// The chunk patterns, compiled for anchored searches ([`next_chunk`]).
    chunks: Vec<(Pattern, RuleId)>,
    heads: Words,
    /// Per byte, the lengths of the heads that start with it and with a
    /// capital, as a chunk's words do (bit `len.min(63)`): most bytes start
    /// none, and most capitalized words need no lookup in `heads`.
    head_lens: [u64; 256],
    /// Head words that are not plain ASCII letters ("Université"):
    /// [`Orgs::head_starts`] looks these up apart. Per byte, where those that
    /// start with it end their first run of ASCII letters and digits (bit
    /// `len.min(63)`), as the text's run must end there too.
    other_heads: Vec<String>,
    other_runs: [u64; 256],
    /// Per pair of a capitalized head's first two bytes ([`pair`]), the
    /// lengths of its run that [`Orgs::head_starts`] looks up (`head_lens`,
    /// `other_runs`): most capitals start no head's first two bytes ("The",
    /// "President"), and need neither their run's end nor a lookup.
    head_pairs: Box<[u64; 1024]>,
    /// Some capitalized head starts with a non-ASCII letter ("Église"):
    /// [`Orgs::head_starts`] must then look at non-ASCII bytes too.
    non_ascii_first: bool,
    /// Words that make a run a person's title rather than an organization.
    titles: Words,
    /// Legal forms ("Corp", "Inc"): heads that end a name and take no
    /// complement ("McDonnell Douglas Corp for F-15 fighters").
    legal_forms: Words,
    /// Heads after which "of" and a place say where a company is based.
    seat_heads: Words,
    /// Lines of business, which "and" joins within one company's name.
    industries: Words,
    /// A body's organs ("Board of Directors"): no body by themselves.
    organs: Words,
    /// Words after a head that make the run an award's name ("… Medal").
    awards: Words,
    /// Industry words that end a company's name only after a name of its
    /// own ("ACWA Power", "China Gas", "Lake Charles LNG"): see [`Orgs::weak_head`].
    weak_heads: Words,
    /// Words before a weak head that make it a common noun phrase ("Nuclear Power").
    generic: Words,
    acronym: Option<(Pattern, RuleId)>,
    /// The acronym pattern's first branch is `\((?P<short>…)\)` and no other
    /// can start with '(' ([`short_in_brackets`]).
    short_in_brackets: bool,
    /// "gaming giant Krafton": a name after a descriptor noun.
    described: Option<(Pattern, RuleId)>,
    /// The descriptor nouns one of which starts every match of `described`,
    /// by their last two bytes (longest first within each): its matches are
    /// looked for only where a descriptor and white space come before a
    /// capital ([`Orgs::described_matches`]). None when the pattern does not
    /// start as `\b(?:{list:org.descriptor})\s+{CAPW}`: it then runs over
    /// the whole text.
    descriptors: Option<Descriptors>,
    /// "Humain, a new AI company backed by ...": the appositive after a
    /// name, read from the comma (the pattern is searched anchored there).
    described_after: Option<(Pattern, RuleId)>,
    /// Wire copy's "CitiCorp <CCI>" and "<Woodco Inc>".
    ticker: Option<(Pattern, RuleId)>,
    /// Words that open sentences, months and weekdays: never a name's first word.
    never_first: Words,
    /// Fields of ministries ("Finance", "Petroleum"): a name of nothing else
    /// is an office's ("Finance and Petroleum Minister"), not a body's.
    portfolios: Words,
    /// Honorifics ("Mr", "Dr.") and words that are never part of a name (days, months).
    honorifics: Words,
    not_names: Words,
    alias_rule: Option<RuleId>,
    /// Every place name: a run that is a place ("Russian Federation") is not an organization.
    places: Words,
}

/// A set of rule words: every word of a chunk is looked up in `heads` and
/// most in `titles` and `honorifics` too, and nearly all are in none. A word
/// whose shape no entry has skips the hash ([`Shapes`]).
pub(super) struct Words {
    set: Set<String>,
    shapes: Shapes,
}

impl FromIterator<String> for Words {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> Words {
        let set: Set<String> = words.into_iter().collect();
        let shapes = Shapes::of(set.iter().map(String::as_bytes));
        Words { set, shapes }
    }
}

impl Words {
    pub(super) fn contains(&self, w: &str) -> bool {
        self.shapes.may_hold(w.as_bytes()) && self.set.contains(w)
    }

    fn iter(&self) -> impl Iterator<Item = &String> {
        self.set.iter()
    }
}

fn required<'r>(rules: &'r RuleSet, field: &str, tag: &str) -> Result<&'r crate::rules::ListRule, RuleError> {
    rules.lists(field, tag).next().ok_or_else(|| RuleError::Invalid {
        origin: crate::rules::Origin { file: "rules".into(), line: 0 },
        rule: None,
        message: format!("no list with field = {field:?} and tag = {tag:?}; the {field} extractor needs one"),
    })
}

impl Orgs {
    /// The known organizations' lists, which the gazetteer holds.
    fn gazetteer_lists(lists: &[crate::rules::ListRule]) -> Vec<&crate::rules::ListRule> {
        crate::rules::lists_of(lists, "organizations", "known").collect()
    }

    /// The gazetteer [`Orgs::new`] builds, from the lists alone.
    pub fn gazetteer_of(lists: &[crate::rules::ListRule], names: &mut RuleNames) -> Gazetteer {
        Gazetteer::new(&Orgs::gazetteer_lists(lists), names)
    }

    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Orgs, RuleError> {
        Orgs::with_gazetteer(rules, names, None)
    }

    /// [`Orgs::new`], with the gazetteer [`Orgs::gazetteer_of`] built from the
    /// same rules' lists, if there is one: copying the lists' entries again
    /// would only cost start-up time.
    pub fn with_gazetteer(rules: &RuleSet, names: &mut RuleNames, early: Option<Gazetteer>) -> Result<Orgs, RuleError> {
        let gaz_lists = Orgs::gazetteer_lists(&rules.lists);
        let gazetteer = match early {
            Some(g) => g.renumbered(&gaz_lists, names),
            None => Gazetteer::new(&gaz_lists, names),
        };
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
        let heads: Words = required(rules, "organizations", "head")?.surfaces().map(str::to_string).collect();
        // Weak heads start runs to look at too (`head_starts`); `cut` decides.
        let weak: Vec<String> =
            rules.lists("organizations", "weak-head").flat_map(|l| l.surfaces().map(str::to_string)).collect();
        let capitalized: Vec<&String> =
            heads.iter().chain(&weak).filter(|h| h.chars().next().is_some_and(char::is_uppercase)).collect();
        let weak_heads: Words = weak.iter().cloned().collect();
        let mut head_lens = [0u64; 256];
        for h in &capitalized {
            head_lens[usize::from(h.as_bytes()[0])] |= 1 << h.len().min(63);
        }
        let other_heads: Vec<String> = capitalized
            .iter()
            .filter(|h| !h.bytes().all(|b| b.is_ascii_alphanumeric()))
            .map(|h| h.to_string())
            .collect();
        let non_ascii_first = capitalized.iter().any(|h| !h.as_bytes()[0].is_ascii());
        let mut other_runs = [0u64; 256];
        for h in &other_heads {
            let run = h.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(h.len());
            other_runs[usize::from(h.as_bytes()[0])] |= 1 << run.min(63);
        }
        let mut head_pairs = Box::new([0u64; 1024]);
        for h in &capitalized {
            // The whole head when it is plain, as for `head_lens`; its run
            // otherwise, as for `other_runs`.
            let b = h.as_bytes();
            let run = b.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(b.len());
            // A one-byte head starts whatever byte follows.
            let seconds: Vec<u8> = b.get(1).map_or_else(|| (0..=255).collect(), |&b1| vec![b1]);
            for b1 in seconds {
                head_pairs[pair(b[0], b1)] |= 1 << run.min(63);
            }
        }
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
        let short_in_brackets = acronym.as_ref().is_some_and(|(re, _)| short_in_brackets(re));
        let alias_rule = rules.strategy("organizations", "alias-mention").map(|r| names.intern(&r.id));
        let described =
            rules.patterns("organizations", "described").next().map(|p| (p.regex.clone(), names.intern(&p.id)));
        let descriptors = described.as_ref().and_then(|(re, _)| descriptors(rules, re));
        let ticker = rules.patterns("organizations", "ticker").next().map(|p| (p.regex.clone(), names.intern(&p.id)));
        let described_after =
            rules.patterns("organizations", "described-after").next().map(|p| (p.regex.clone(), names.intern(&p.id)));
        // The words of every list of one field with one tag.
        let of = |field: &str, tag: &str| -> Words {
            rules.lists(field, tag).flat_map(|l| l.surfaces().map(str::to_string).collect::<Vec<_>>()).collect()
        };
        let never_first = of("organizations", "never-first");
        let honorifics = of("people", "honorific");
        let portfolios = of("people", "portfolio");
        let legal_forms = of("organizations", "legal-form");
        let seat_heads = of("organizations", "seat-after");
        let industries = of("organizations", "industry");
        let organs = of("organizations", "organ");
        let awards = of("organizations", "award");
        let generic = of("organizations", "generic-modifier");
        let not_names = of("people", "not-name");
        let places = ["country", "city", "region"]
            .iter()
            .flat_map(|k| rules.lists("locations", k))
            .flat_map(|l| l.surfaces().map(str::to_string).collect::<Vec<_>>())
            .collect();
        Ok(Orgs {
            gazetteer,
            lists,
            chunks,
            heads,
            other_heads,
            head_lens,
            other_runs,
            head_pairs,
            non_ascii_first,
            titles,
            legal_forms,
            seat_heads,
            industries,
            organs,
            awards,
            weak_heads,
            generic,
            acronym,
            short_in_brackets,
            described,
            descriptors,
            described_after,
            ticker,
            never_first,
            portfolios,
            honorifics,
            not_names,
            alias_rule,
            places,
        })
    }

    /// The word lists, walked together with the other extractors' ([`super::Lexicons`]).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The organizations of `doc`, given the matches of [`Orgs::gazetteer`].
    pub fn extract(&self, doc: &Doc<'_>, known: Vec<Vec<GazetteerMatch>>) -> Vec<OrgX> {
        let text = doc.text;
        let capitals = &doc.capitals[..];
        let mut out: Vec<OrgX> = Vec::new();
        // The names cut from each chunk ([`Orgs::cut`]), one buffer for all.
        let mut names: Vec<Span> = Vec::new();
        // Where each name found so far is in `out`, while only chunks add to it.
        let mut index: Map<String, usize> = Map::default();
        for (re, rule) in &self.chunks {
            // Matches come in text order: each line is classified once.
            let mut line: (usize, bool) = (0, false);
            let mut line_from = usize::MAX;
            for m in self.chunks_with_heads(re, text, capitals) {
                // In a title-case headline every word is capitalized; the body names
                // the same bodies in running text.
                if line_from == usize::MAX || m.start >= line.0 {
                    let from = if line_from == usize::MAX { 0 } else { line.0 };
                    // memchr's searches rather than `str::find`'s byte-at-a-time one: a line is a paragraph.
                    let bytes = text.as_bytes();
                    let from = memchr::memrchr(b'\n', &bytes[from..m.start]).map_or(from, |i| from + i + 1);
                    let to = memchr::memchr(b'\n', &bytes[m.start..]).map_or(text.len(), |i| m.start + i);
                    line = (to, crate::text::is_title_case(&text[from..to]));
                    line_from = from;
                }
                if line.1 || is_item_heading(text, line_from, m) {
                    continue;
                }
                let m = self.portfolio_list_after(text, m);
                self.cut(text, m, false, &mut names);
                for mut span in names.drain(..) {
                    // "U.S. Steel Corp": a chunk's word stops at a full stop, so
                    // a company named with a country's dotted initials lost them,
                    // and "Steel" alone names nothing. Only a one-word name takes
                    // them back: "U.S. Agency for International Development"
                    // names its body without them too.
                    if span.start == m.start {
                        if let Some(start) = dotted_initials_before(text, span.start) {
                            if self.one_word_name(text, span) {
                                span = Span::new(start, span.end);
                            }
                        }
                    }
                    add_indexed(&mut out, &mut index, text[span].to_string(), Found { span, rule: *rule });
                }
            }
        }
        // Gazetteer matches never overlap each other: only the pattern's names can hold one.
        let by_pattern = Cover::new(out.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        // Acronyms this text defines as terms ("special purchase agreement,
        // or SPA"): no mention of theirs is the body a list knows by them.
        let mut terms: Vec<&str> = Vec::new();
        let known: Vec<GazetteerMatch> = known.into_iter().flatten().collect();
        // A definition is itself a mention the list matched ("…, or SPA"): only
        // the matches' own places are read, not a search of the text per acronym.
        for m in &known {
            let short = &text[m.span];
            if short.len() >= 2
                && short.bytes().all(|b| b.is_ascii_uppercase())
                && !terms.contains(&short)
                && defined_as_term(text, m.span.start, short)
            {
                terms.push(short);
            }
        }
        for m in known {
            if terms.contains(&&text[m.span]) {
                continue;
            }
            let (name, _) = &self.lists[m.list][m.canonical];
            // A known body inside a longer name found by a pattern is part of it;
            // a ticker ("<BT>") names no body by itself; nor does a known name
            // that opens a longer one ("Common Market of the South", Mercosur,
            // is not the Common Market).
            let opens_longer =
                text[m.span.end..].strip_prefix(" of the ").is_some_and(|r| r.starts_with(char::is_uppercase));
            if by_pattern.contains_strictly(m.span) || is_ticker(text, m.span) || opens_longer {
                continue;
            }
            let span = if by_pattern.overlaps(m.span) { continued(&mut out, m.span) } else { m.span };
            let found = Found { span, rule: m.rule };
            let surface = &text[span];
            add(&mut out, name.clone(), found);
            if surface != name {
                alias(&mut out, name, surface);
            }
        }
        if let Some((re, rule)) = &self.acronym {
            for m in acronym_matches(re, text) {
                // "(LN)" needs no groups when the pattern's shape tells them
                // ([`short_in_brackets`]): finding them again cost more than the match.
                let bracketed = self.short_in_brackets && text.as_bytes()[m.start] == b'(';
                let caps = (!bracketed).then(|| re.groups(text, m));
                let short = match &caps {
                    None => Some(Span::new(m.start + 1, m.end - 1)),
                    Some(caps) => caps.name("short").map(|g| g.span()),
                };
                // "Long Name (LN)": the long form is read back from the text before
                // the bracket; "LN (Long Name)": it is the bracket's content.
                let (short, name_span) = if let Some(short) = short {
                    let open = short.start - 1;
                    let Some(span) = long_before(text, open, &text[short])
                        .or_else(|| long_before(text, self.before_legal_form(text, open)?, &text[short]))
                    else {
                        continue;
                    };
                    (short, span)
                } else if let Some((short, long)) =
                    caps.as_ref().and_then(|caps| caps.name("ashort").zip(caps.name("along")))
                {
                    let long_span = long.span();
                    match initials_span(text, long_span, short.as_str()) {
                        Some(span) if span.start == long_span.start => (short.span(), span),
                        _ => continue,
                    }
                } else {
                    continue;
                };
                let short_text = &text[short];
                let name = text[name_span].to_string();
                // Only an organization's acronym is an organization alias; "(AI)" after
                // "artificial intelligence" is a term, not a body.
                let known = out.iter().position(|o| o.mentions.iter().any(|f| f.span == name_span) || o.name == name);
                let is_org = known.is_some() || self.has_head(&name);
                if !is_org {
                    continue;
                }
                let found = Found { span: short, rule: *rule };
                let target = match known {
                    Some(i) => out[i].name.clone(),
                    None => {
                        // The long form may hold a shorter chunk found above ("US
                        // Agency"): the defined name replaces it.
                        out.retain(|o| !o.mentions.iter().all(|f| name_span.contains(f.span)));
                        add(&mut out, name.clone(), Found { span: name_span, rule: *rule });
                        name.clone()
                    }
                };
                add(&mut out, target.clone(), found);
                alias(&mut out, &target, short_text);
            }
        }
        if let Some((re, rule)) = &self.described {
            let matches: Vec<Span> = match &self.descriptors {
                Some(descriptors) => described_matches(re, descriptors, text, capitals),
                None => re.find_iter(text).collect(),
            };
            for (whole, caps) in matches.into_iter().map(|m| (m, re.groups(text, m))) {
                let Some(m) = caps.name("name") else { continue };
                // The descriptor and its name share a line: a headline's last
                // word ("… waste firm") names nothing on the line below.
                if text[whole.start..m.start()].contains('\n') {
                    continue;
                }
                if let Some(span) = self.described_name(text, Span::new(m.start(), m.end())) {
                    let name = text[span].to_string();
                    if !out.iter().any(|o| o.mentions.iter().any(|f| f.span.overlaps(span))) {
                        add(&mut out, name, Found { span, rule: *rule });
                    }
                }
            }
        }
        if let Some((re, rule)) = &self.described_after {
            self.described_after(re, *rule, text, &mut out);
        }
        if let Some((re, rule)) = &self.ticker {
            self.tickers(re, *rule, text, &mut out);
        }
        self.partners_before_commas(text, &mut out);
        self.merge_legal_suffixes(&mut out);
        short_names_of_named_bodies(text, &mut out);
        inverted_offices(&mut out);
        // Later bare uses of a defined acronym or variant belong to its organization.
        if let Some(rule) = self.alias_rule {
            alias_mentions(text, &doc.starts, capitals, rule, &mut out);
            // "Thomas McKiernan, McKiernan and Co chairman": a bare name right
            // after a capitalized word is the end of a longer name.
            for o in &mut out {
                o.mentions.retain(|f| f.rule != rule || !self.after_capitalized(text, f.span.start));
            }
        }
        for o in &mut out {
            tidy(&mut o.mentions);
        }
        out.retain(|o| !self.organs.contains(&o.name));
        // A mention inside another organization's mention is not a separate mention.
        let spans = Cover::new(out.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        for o in &mut out {
            o.mentions.retain(|f| !spans.contains_strictly(f.span));
        }
        out.retain(|o| !o.mentions.is_empty());
        out.sort_by_key(|o| o.mentions[0].span.start);
        out
    }

    /// Wire copy's companies: "CitiCorp <CCI>" (the name before a ticker) and
    /// "<Woodco Inc>" (a name inside the brackets). Brackets are rare outside
    /// wire copy, so most texts are not searched at all.
    fn tickers(&self, re: &Pattern, rule: RuleId, text: &str, out: &mut Vec<OrgX>) {
        if memchr::memchr(b'<', text.as_bytes()).is_none() {
            return;
        }
        for m in re.find_iter(text) {
            let caps = re.groups(text, m);
            let span = if let Some(inside) = caps.name("inside") {
                // "<CCI>", "<SKBS ST>": a ticker with no name before it.
                if !inside.as_str().chars().any(char::is_lowercase) {
                    continue;
                }
                let t = self.without_full_stop(inside.as_str().trim_end_matches([' ', ',']));
                Span::new(inside.start(), inside.start() + t.len())
            } else if let Some(name) = caps.name("name") {
                // The last name cut from the run, when it reaches the ticker.
                let mut names = Vec::new();
                let run = Span::new(name.start(), name.start() + self.without_full_stop(name.as_str()).len());
                self.cut(text, run, true, &mut names);
                match names.pop() {
                    Some(span) if span.end == run.end => span,
                    _ => continue,
                }
            } else {
                continue;
            };
            // A headline in capitals: the body names the company in running text.
            if line_is_caps(text, span) || self.never_first.contains(&text[span]) {
                continue;
            }
            // Found already, or overlapping a longer name: nothing to add.
            let blocks = |f: &Found| f.span.overlaps(span) && (f.span == span || !span.contains(f.span));
            if out.iter().any(|o| o.mentions.iter().any(blocks)) {
                continue;
            }
            // The bracketed name replaces shorter names found inside it
            // ("<Azuma Steel Co Ltd>", where "Steel Co Ltd" was cut).
            out.retain(|o| !o.mentions.iter().all(|f| span.contains(f.span)));
            add(out, text[span].to_string(), Found { span, rule });
        }
    }

    /// "Pellham, Rowe and Co", "Merrill Lynch, Pierce Fenner and Smith Inc":
    /// a partnership's name lists its partners with commas, which end the
    /// chunks the names are cut from. A name holding "and" takes in one or
    /// two capitalized words and a comma right before it.
    fn partners_before_commas(&self, text: &str, out: &mut [OrgX]) {
        for o in out.iter_mut() {
            let mut renamed = None;
            for f in &mut o.mentions {
                if !text[f.span].contains(" and ") {
                    continue;
                }
                let Some(before) = text[..f.span.start].strip_suffix(", ") else { continue };
                // "Thomas McKiernan, McKiernan and Co chairman": a person and
                // the firm he heads, named apart.
                let next = text[f.span.end..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(|c: char| !c.is_alphanumeric());
                if self.is_lower_case_title(next) {
                    continue;
                }
                let partner = |word: &str| {
                    self.may_start_name(word) && !self.places.contains(word) && !self.titles.contains(word)
                };
                let mut start = before.len();
                for n in 0..2 {
                    let end = match n {
                        0 => start,
                        _ if before[..start].ends_with(' ') => start - 1,
                        _ => break,
                    };
                    let word_start = before[..end].rfind(' ').map_or(0, |i| i + 1);
                    if !partner(&before[word_start..end]) {
                        break;
                    }
                    start = word_start;
                }
                if start < before.len() {
                    f.span = Span::new(start, f.span.end);
                    renamed.get_or_insert_with(|| text[f.span].to_string());
                }
            }
            if let Some(name) = renamed {
                o.name = name;
            }
        }
    }

    /// `name` without a sentence's full stop; an initial's ("N.V.", "L.P.")
    /// or an abbreviated legal form's ("Inc.") stays.
    fn without_full_stop<'n>(&self, name: &'n str) -> &'n str {
        match name.strip_suffix('.') {
            Some(cut) => {
                let last = cut.rsplit(' ').next().unwrap_or(cut);
                if last.contains('.') || self.legal_forms.contains(last) || last.chars().count() == 1 {
                    name
                } else {
                    cut
                }
            }
            None => name,
        }
    }

    /// Cuts a name after a descriptor noun: before a title, honorific, day or
    /// month; never a place or a lone head word. Past its first word, a word
    /// that names no person ends it only when it opens no name either (a
    /// function word, a day): "private equity firm Silver Lake" keeps "Lake".
    fn described_name(&self, text: &str, run: Span) -> Option<Span> {
        let words = word_spans(text, run);
        let keep = words
            .iter()
            .enumerate()
            .take_while(|(i, w)| {
                let t = &text[**w];
                !self.titles.contains(t)
                    && !self.honorifics.contains(t.trim_end_matches('.'))
                    && !(self.not_names.contains(t) && (*i == 0 || self.never_first.contains(t)))
            })
            .count();
        if keep == 0 {
            return None;
        }
        let mut span = Span::new(words[0].start, words[keep - 1].end);
        let t = &text[span];
        if let Some(stripped) = t.strip_suffix("’s").or_else(|| t.strip_suffix("'s")) {
            span = Span::new(span.start, span.start + stripped.len());
        }
        let t = &text[span];
        if self.places.contains(t) || (keep == 1 && self.heads.contains(t)) {
            return None;
        }
        Some(span)
    }

    /// The matches of chunk pattern `re` that can hold a head word: those of
    /// a search from the text's start that reach past one, in order, with the
    /// stretches between head words skipped. Most capitalized words are no
    /// organization's, and only a chunk with a head word is cut into names.
    /// `capitals` are the text's [`capital_starts`].
    fn chunks_with_heads(&self, re: &Pattern, text: &str, capitals: &[usize]) -> Vec<Span> {
        let mut out = Vec::new();
        // Where the search goes on, in step with one from the text's start.
        let mut pos = 0;
        for at in self.head_starts(text, capitals) {
            if at < pos {
                continue;
            }
            pos = resync(text, pos, at);
            while pos <= at {
                let Some(m) = next_chunk(re, text, capitals, pos) else { return out };
                pos = m.end;
                // A chunk before the head holds no head word (`at` is the first
                // one past `pos`): only the one reaching past it can be cut.
                if pos > at {
                    out.push(m);
                }
            }
        }
        out
    }

    /// "Humain, a new AI company backed by the fund", "Azerenerji, the
    /// national power company": the capitalized run before a comma that the
    /// appositive after it (`re`, matched from the comma) describes as a
    /// company. Only comma-and-article places are tried; the words between
    /// the article and the noun must be modifiers ("an analyst with the
    /// firm" describes a person).
    fn described_after(&self, re: &Pattern, rule: RuleId, text: &str, out: &mut Vec<OrgX>) {
        let bytes = text.as_bytes();
        let article = |c: &usize| bytes[c + 2..].starts_with(b"a") || bytes[c + 2..].starts_with(b"the ");
        for comma in memchr::memmem::find_iter(bytes, ", ").filter(article) {
            let Some(m) = re.find_anchored_at(text, comma) else { continue };
            let between = &text[m];
            // The comma and the article first, then the words before the noun.
            if between.split_whitespace().skip(2).any(|w| {
                matches!(
                    w,
                    "with" | "of" | "for" | "at" | "the" | "by" | "to" | "on" | "from" | "and" | "or" | "who" | "whose"
                )
            }) {
                continue;
            }
            // The run of capitalized words before the comma, within the line.
            let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..comma]).map_or(0, |i| i + 1);
            let mut start = comma;
            for w in text[line_start..comma].rsplit(' ').take(4) {
                if !w.chars().next().is_some_and(char::is_uppercase) {
                    break;
                }
                start -= w.len() + usize::from(start < comma);
            }
            if start >= comma {
                continue;
            }
            let Some(span) = self.described_name(text, Span::new(start, comma)) else { continue };
            if !out.iter().any(|o| o.mentions.iter().any(|f| f.span.overlaps(span))) {
                add(out, text[span].to_string(), Found { span, rule });
            }
        }
    }

    /// Where the name before byte `open` ends without the legal form that
    /// ends it ("Acme Heavy Industries Co. (AHI)", "Acme Holdings, Inc.
    /// (AH)"): an acronym spells the name, not its legal form.
    fn before_legal_form(&self, text: &str, open: usize) -> Option<usize> {
        let before = text[..open].trim_end();
        let last = before.rsplit(char::is_whitespace).next()?;
        if !self.is_legal_form(last) {
            return None;
        }
        let rest = text[..before.len() - last.len()].trim_end();
        Some(rest.strip_suffix(',').unwrap_or(rest).len())
    }

    /// Where a head word can be a word of a chunk, in text order. A chunk's
    /// word starts with a capital and runs on over letters and digits, so a
    /// head counts where it starts at a capital (every one: "theBank of
    /// Korea") and no ASCII letter or digit follows ("Co" in "Council" is none).
    fn head_starts(&self, text: &str, capitals: &[usize]) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut starts = Vec::new();
        // End of the run of ASCII letters and digits around the current byte.
        let mut run_end = 0;
        // A capitalized head starts with an ASCII capital or (if any does)
        // a non-ASCII char: only those are looked up, about one byte in twenty
        // of running text.
        for &s in capitals {
            let b = bytes[s];
            if !b.is_ascii() && !self.non_ascii_first {
                continue;
            }
            // Past the text's end the pair's second byte reads as 0: only a
            // one-byte head, which sets every second byte, passes there.
            let lens = self.head_pairs[pair(b, bytes.get(s + 1).copied().unwrap_or(0))];
            if lens == 0 {
                continue;
            }
            if run_end <= s {
                run_end = s + alphanumeric_len(&bytes[s..]);
            }
            let len = 1 << (run_end - s).min(63);
            if lens & len == 0 {
                continue;
            }
            let plain = self.head_lens[usize::from(b)] & len != 0
                && (self.heads.contains(&text[s..run_end]) || self.weak_heads.contains(&text[s..run_end]));
            let other = self.other_runs[usize::from(b)] & len != 0;
            if plain || (other && self.other_heads.iter().any(|h| text[s..].starts_with(h.as_str()))) {
                starts.push(s);
            }
        }
        starts
    }

    /// True when `span` is one word, or one word and a legal form ("Steel Corp").
    fn one_word_name(&self, text: &str, span: Span) -> bool {
        let mut words = text[span].split(' ');
        let (_, second, third) = (words.next(), words.next(), words.next());
        third.is_none() && second.is_none_or(|w| self.is_legal_form(w))
    }

    fn has_head(&self, name: &str) -> bool {
        name.split(|c: char| c.is_whitespace()).any(|w| self.heads.contains(w))
    }

    /// Cuts a run of capitalized words into the organization names it holds.
    /// The names go to `out`, in order: one buffer for every run of a
    /// document rather than a vector per run (and one per part of it).
    ///
    /// `ticker`: the run is followed by a wire story's ticker ("CitiCorp
    /// <CCI>"), which stands for the head word its last name may lack.
    fn cut(&self, text: &str, run: Span, ticker: bool, out: &mut Vec<Span>) {
        // "Wednesday.The Korea Chamber …": a sentence joined without a space.
        if let Some(at) = joined_sentence(&text[run]) {
            self.cut(text, Span::new(run.start, run.start + at), false, out);
            self.cut(text, Span::new(run.start + at + 1, run.end), ticker, out);
            return;
        }
        let mut words = word_spans(text, run);
        // Whether each word is a head: looked up once, read many times below.
        let mut head: Vec<bool> = words.iter().map(|w| self.heads.contains(&text[*w])).collect();
        // A weak head counts at the end of the run or before "and" ("Lake
        // Charles LNG and China Gas"); the last one is remembered, as the
        // words before its name's own are no part of it.
        let mut weak_at = None;
        for (k, is_head) in head.iter_mut().enumerate() {
            let ends = words.get(k + 1).is_none_or(|n| matches!(&text[*n], "and" | "&"));
            if ends && !*is_head && self.weak_head(text, &words, k) {
                *is_head = true;
                weak_at = Some(k);
            }
        }
        if let Some(last) = head.last_mut().filter(|_| ticker) {
            *last = true;
        }
        // "OPEC president Rilwanu Lukman and Federal Reserve Board": after a
        // title in lower case, the words up to "and" name a person.
        if self.after_title(text, run.start) {
            if let Some(and) = head.iter().position(|&h| h).and_then(|f| (0..f).find(|&i| &text[words[i]] == "and")) {
                words.drain(..=and);
                head.drain(..=and);
            }
        }
        let last = head.iter().rposition(|&h| h);
        // Split at " and " when both sides hold a head word, or at " and the "
        // before one ("The White House and the European Commission": the left
        // side, with no head, is left to the known names), and after a head in
        // the possessive: "Alphabet Inc's Google" names Alphabet Inc.
        let mut from = 0;
        for i in 0..words.len() {
            let w = &text[words[i]];
            let and_the = words.get(i + 1).is_some_and(|n| &text[*n] == "the");
            if w == "and"
                && last.is_some_and(|l| l > i)
                && (and_the || head[from..i].contains(&true) || weak_at.is_some_and(|k| k > i))
                && !self.lines_of_business(text, &words[from..], i - from)
            {
                out.extend(self.trim(text, &words[from..i], &head[from..i], false));
                from = i + 1;
            } else if let Some(stem) = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) {
                // Or after a head's complement: "the Singapore Academy of Law's
                // Management Committee" names the Academy first.
                let stem_head = self.heads.contains(stem);
                let governed = || {
                    (from..i).any(|k| head[k] && words.get(k + 1).is_some_and(|n| matches!(&text[*n], "of" | "for")))
                };
                if i > from && (stem_head || governed()) {
                    let (whole, was_head) = (words[i], head[i]);
                    (words[i], head[i]) = (Span::new(whole.start, whole.start + stem.len()), stem_head);
                    out.extend(self.trim(text, &words[from..=i], &head[from..=i], false));
                    (words[i], head[i]) = (whole, was_head);
                    from = i + 1;
                }
            }
        }
        out.extend(self.trim(text, &words[from..], &head[from..], ticker));
    }

    /// True when `words[k]` (the last word of a run, or the last before its
    /// "and") is a weak head ending a company's name: after an acronym ("ACWA Power"), a place ("China
    /// Gas") or two capitalized words ("Lake Charles LNG"), none of them a
    /// generic modifier ("Nuclear Power", "Natural Gas"). One capitalized
    /// word is not enough: "Samantha Power" is a person.
    fn weak_head(&self, text: &str, words: &[Span], k: usize) -> bool {
        if k == 0 || !self.weak_heads.contains(&text[words[k]]) {
            return false;
        }
        let before: Vec<&str> = words[..k]
            .iter()
            .rev()
            .map(|w| &text[*w])
            .take_while(|w| w.starts_with(|c: char| c.is_uppercase()) && !self.never_first.contains(w))
            .collect();
        if before.is_empty() || before.iter().any(|w| self.generic.contains(w)) {
            return false;
        }
        let acronym = |w: &str| (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
        before.len() >= 2 || acronym(before[0]) || self.places.contains(before[0])
    }

    /// True when the "and" at `words[and]` joins two lines of business of one
    /// company ("Daewoo Shipbuilding and Marine Engineering", "Hyundai
    /// Engineering and Construction"): the word before it is one, and so is
    /// every word after it up to the end of the run, at most three of them,
    /// and a legal form ending it ("… Marine Engineering Co"). "Trade
    /// Ministry and Finance Ministry" names two bodies: a ministry is no line
    /// of business.
    fn lines_of_business(&self, text: &str, words: &[Span], and: usize) -> bool {
        let mut after = &words[and + 1..];
        if let Some((last, rest)) = after.split_last() {
            if !rest.is_empty() && self.is_legal_form(&text[*last]) {
                after = rest;
            }
        }
        and > 1
            && self.industries.contains(&text[words[and - 1]])
            && (1..=3).contains(&after.len())
            && after.iter().all(|w| self.industries.contains(&text[*w]))
    }

    /// A legal form, with or without its full stop ("Co", "Inc.").
    fn is_legal_form(&self, w: &str) -> bool {
        self.legal_forms.contains(w) || self.legal_forms.contains(w.trim_end_matches('.'))
    }

    /// `chunk`, with the list of fields after it when it ends in one and the
    /// list goes on past a comma, which no chunk crosses: "Department for
    /// Science, Innovation and Technology", "Council for Foreign Trade,
    /// Investment and Technology". Each item is one to three portfolio words
    /// (`person.portfolio`), and the list ends with "and" and one more.
    fn portfolio_list_after(&self, text: &str, chunk: Span) -> Span {
        let name = &text[chunk];
        let ends_in_field = (name.contains(" of ") || name.contains(" for "))
            && name.rsplit(' ').next().is_some_and(|w| self.portfolios.contains(w));
        if !ends_in_field {
            return chunk;
        }
        // The portfolio words at the start of `s`, one space apart: their length.
        let item = |s: &str| -> usize {
            let mut len = 0;
            for (n, w) in s.split(' ').enumerate() {
                let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                if n == 3 || !self.portfolios.contains(w) {
                    break;
                }
                len += usize::from(n > 0) + w.len();
                if s.as_bytes().get(len).is_none_or(|&b| b != b' ') {
                    break;
                }
            }
            len
        };
        let mut at = chunk.end;
        let mut items = 0;
        loop {
            let rest = &text[at..];
            let (skip, last) = if let Some(r) = rest.strip_prefix(", and ") {
                (rest.len() - r.len(), true)
            } else if let Some(r) = rest.strip_prefix(" and ").filter(|_| items > 0) {
                (rest.len() - r.len(), true)
            } else if let Some(r) = rest.strip_prefix(", ") {
                (rest.len() - r.len(), false)
            } else {
                return chunk;
            };
            let len = item(&rest[skip..]);
            if len == 0 {
                return chunk;
            }
            at += skip + len;
            items += 1;
            if last {
                // The list ends the name: no capitalized word goes on from it.
                let after = text[at..].strip_prefix(' ').unwrap_or(" ");
                return if after.starts_with(char::is_uppercase) { chunk } else { Span::new(chunk.start, at) };
            }
        }
    }

    /// True when a capitalized word that may start a name ends one space
    /// before `at`, on the same line.
    fn after_capitalized(&self, text: &str, at: usize) -> bool {
        let Some(before) = text[..at].strip_suffix(' ') else { return false };
        // The word after the last white space, which may be wider than a byte.
        before.rsplit(char::is_whitespace).next().is_some_and(|word| self.may_start_name(word))
    }

    /// True when `word` is capitalized, all letters, and no word that opens
    /// sentences ([`Orgs::never_first`]).
    fn may_start_name(&self, word: &str) -> bool {
        word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(char::is_alphabetic)
            && !self.never_first.contains(word)
    }

    /// True when the word before `at` (across white space) is a person's
    /// title, written in lower case as news does after a body's name.
    fn after_title(&self, text: &str, at: usize) -> bool {
        self.is_lower_case_title(text[..at].trim_end().rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or(""))
    }

    /// True when `word` is a person's title in lower case ("chairman").
    fn is_lower_case_title(&self, word: &str) -> bool {
        let mut chars = word.chars();
        match chars.next() {
            Some(c) if c.is_lowercase() => {
                self.titles.contains(&(c.to_uppercase().collect::<String>() + chars.as_str()))
            }
            _ => false,
        }
    }

    /// One part of a cut run: `words`, and for each whether it is a head.
    /// `one_word`: a name of one word that is no head word counts (the
    /// ticker after it vouches for it).
    fn trim(&self, text: &str, words: &[Span], head: &[bool], one_word: bool) -> Option<Span> {
        let last_head = head.iter().rposition(|&h| h)?;
        // "the Public Administration Medal": an award named after a body's kind.
        if words.get(last_head + 1).is_some_and(|w| self.awards.contains(&text[*w])) {
            return None;
        }
        // After the last head, keep an "of/for/on …" continuation, cut anything else.
        let mut end = last_head;
        // "Working Group on Communications" continues; "Assembly on Dec. 11" does not.
        let on_name = |i: usize| {
            words.get(i).is_some_and(|w| {
                let t = &text[*w];
                t.chars().next().is_some_and(char::is_uppercase)
                    && crate::extract::dates::month_number(t).is_none()
                    && !self.not_names.contains(t)
            })
        };
        // "Ministry of Defence on Monday": a date after a name ends it.
        let dated = |i: usize| {
            matches!(&text[words[i]], "on" | "in")
                && words.get(i + 1).is_some_and(|w| {
                    let t = &text[*w];
                    WEEKDAYS.contains(&t) || MONTHS.contains(&t.trim_end_matches('.'))
                })
        };
        // "Norstar Bancorp of Albany": one or two capitalized words after
        // "of", ending the run but for a date, say where a company is based.
        let seated = |i: usize| {
            let after = words.get(i + 2..).unwrap_or_default();
            let place = after.iter().take_while(|w| text[**w].starts_with(char::is_uppercase)).count();
            self.seat_heads.contains(&text[words[i]])
                && i > 0
                && text[words[i - 1]].starts_with(char::is_uppercase)
                && !self.never_first.contains(&text[words[i - 1]])
                && (1..=2).contains(&place)
                && (place == after.len() || dated(i + 2 + place))
                && !head[i + 2..i + 2 + place].contains(&true)
        };
        // A head that takes a complement ("Association of …") governs the rest of
        // the run, other heads inside it included ("… of Advanced Industries and
        // Knowledge-Based Companies of the Industry and Mining Sector"), up to a
        // person's title that starts after it ("Bank of Japan Governor Kazuo Ueda").
        let governing = (0..=last_head).find(|&i| {
            let next = words.get(i + 1).map(|w| &text[*w]);
            head[i]
                && !self.legal_forms.contains(&text[words[i]])
                && (matches!(next, Some("of" | "for")) || (next == Some("on") && on_name(i + 2)))
                && !(next == Some("of") && seated(i))
        });
        if let Some(g) = governing {
            end = words.len() - 1;
            // The word right after "of" is the complement's, even when it is a
            // title too ("Department of Justice").
            if let Some(t) = (g + 3..words.len()).position(|i| !head[i] && self.titles.contains(&text[words[i]])) {
                end = (g + 3 + t).saturating_sub(1).max(last_head);
            }
            // "Ministry of Defence on Monday": a date after the name ends it.
            if let Some(d) = (g + 2..=end).find(|&i| dated(i)) {
                end = (d - 1).max(last_head);
            }
            // "Massachusetts Institute of Technology in USA": "in" and a place
            // ending the run say where the body is, not what it is of.
            if let Some(i) = (g + 2..end)
                .find(|&i| &text[words[i]] == "in" && self.places.contains(&text[words[i + 1].start..words[end].end]))
            {
                end = (i - 1).max(last_head);
            }
            // "Ministry of Defence and the U.K. Treasury": "and the" with no
            // head after it ([`Orgs::cut`] splits before one) starts another
            // phrase, not the complement's next part.
            if let Some(a) =
                (g + 2..end).find(|&i| &text[words[i]] == "and" && words.get(i + 1).is_some_and(|w| &text[*w] == "the"))
            {
                end = (a - 1).max(last_head);
            }
        }
        // Drop a person's title and everything before it ("President of the X
        // Association"), a leading possessive ("Iran’s Ministry"), and articles.
        let mut start = 0;
        for (i, w) in words[..=last_head].iter().enumerate() {
            if !head[i] && self.titles.contains(&text[*w]) {
                start = i + 1;
            }
        }
        // "Officials of the Russian Federation": when nothing before the first
        // head is a head, an "of" before it starts the name.
        if let Some(first_head) = head.iter().position(|&h| h) {
            // A title after the first head ("Ministry President Company") puts start past it.
            let before = words.get(start..first_head).unwrap_or_default();
            if let Some(of) = before.iter().rposition(|w| matches!(&text[*w], "of" | "for")) {
                start += of + 1;
            }
        }
        // "Ministry of Finance and Mr. Chen": an honorific starts a person's name.
        if let Some(h) = words[..=end].iter().position(|w| self.honorifics.contains(text[*w].trim_end_matches('.'))) {
            if h <= last_head {
                return None;
            }
            end = h - 1;
        }
        // A possessive of several words before the first head ("South
        // Korea’s Hyundai Rotem Co."): the name starts after it.
        if let Some(first_head) = head.iter().position(|&h| h) {
            let possessive = |w: &Span| text[*w].ends_with("’s") || text[*w].ends_with("'s");
            if let Some(p) = words.get(start..first_head).and_then(|ws| ws.iter().rposition(possessive)) {
                start += p + 1;
            }
        }
        while start <= end {
            let t = &text[words[start]];
            if t.ends_with("’s")
                || t.ends_with("'s")
                || (!head[start] && self.never_first.contains(t))
                || ["-based", "-owned", "-run", "-led", "-listed", "-headquartered", "-backed"]
                    .iter()
                    .any(|x| t.ends_with(x))
                || ["the", "of", "for", "and", "on", "in"].iter().any(|w| lowercases_to(t, w))
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
        if start == end && (!one_word || self.heads.contains(&text[words[start]])) {
            return None;
        }
        let span = Span::new(words[start].start, words[end].end);
        if self.places.contains(&text[span])
            || words[start..=end]
                .iter()
                .all(|w| matches!(&text[*w], "and" | "&") || self.portfolios.contains(&text[*w]))
        {
            return None;
        }
        Some(span)
    }
}

/// Where dotted initials of two or more capitals ("U.S. ", "U.K. ") start,
/// when they end one space before byte `at` and open a word.
fn dotted_initials_before(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = at.checked_sub(1).filter(|&i| b[i] == b' ')?;
    let mut initials = 0;
    while i >= 2 && b[i - 1] == b'.' && b[i - 2].is_ascii_uppercase() {
        i -= 2;
        initials += 1;
    }
    let opens_word = i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.' && b[i - 1] < 0x80;
    (initials >= 2 && opens_word).then_some(i)
}

/// True when `span` is a ticker: all there is between angle brackets, as
/// wire stories write them ("<BT>"; a typo may close it with a round one,
/// "<MHC)"), or between square ones right after a name, as trade papers
/// do ("Northrop Grumman [NOC]"; a bracket after a lower-case word is an
/// editor's insertion in a quote, "support [NATO]").
fn is_ticker(text: &str, span: Span) -> bool {
    let b = text.as_bytes();
    if span.start == 0 {
        return false;
    }
    match b[span.start - 1] {
        b'<' => matches!(b.get(span.end), Some(b'>' | b')')),
        b'[' => {
            b.get(span.end) == Some(&b']')
                && text[..span.start - 1]
                    .strip_suffix(' ')
                    .and_then(|before| before.rsplit(' ').next())
                    .and_then(|word| word.chars().next())
                    .is_some_and(char::is_uppercase)
        }
        _ => false,
    }
}

/// The index of a word's first two bytes in [`Orgs::head_pairs`]: their low
/// five bits, which tell letters of one case apart.
fn pair(b0: u8, b1: u8) -> usize {
    usize::from(b0 & 31) << 5 | usize::from(b1 & 31)
}

/// `known` reaching to the end of a pattern's name that starts inside it and
/// ends past it, whose mention is taken out: "General Dynamics Corp", where
/// the chunk lost "General" to the titles and kept "Dynamics Corp". A
/// pattern's name that is exactly `known` ("State Department", an alias of
/// the Department of State) is taken out too: one body, under its known name.
/// `known` as it is when there is none.
fn continued(out: &mut Vec<OrgX>, known: Span) -> Span {
    let inside = |f: &Found| {
        f.span == known || (f.span.start > known.start && f.span.start < known.end && f.span.end > known.end)
    };
    let Some((o, i)) = out.iter().enumerate().find_map(|(o, org)| org.mentions.iter().position(inside).map(|i| (o, i)))
    else {
        return known;
    };
    let end = out[o].mentions.remove(i).span.end;
    if out[o].mentions.is_empty() {
        out.remove(o);
    }
    Span::new(known.start, end)
}

/// [`add`] with `index` (each body's place in `out` by name, kept up to
/// date here) instead of a search of `out`: a text naming thousands of
/// bodies stays linear.
fn add_indexed(out: &mut Vec<OrgX>, index: &mut Map<String, usize>, name: String, found: Found) {
    let name = squeezed(name);
    match index.get(&name) {
        Some(&i) => out[i].mentions.push(found),
        None => {
            index.insert(name.clone(), out.len());
            out.push(body(name, found));
        }
    }
}

fn add(out: &mut Vec<OrgX>, name: String, found: Found) {
    let name = squeezed(name);
    match out.iter_mut().find(|o| o.name == name) {
        Some(o) => o.mentions.push(found),
        None => out.push(body(name, found)),
    }
}

/// `name` with each run of white space made one space.
fn squeezed(name: String) -> String {
    match crate::text::squeeze_spaces(&name) {
        Cow::Borrowed(_) => name,
        Cow::Owned(squeezed) => squeezed,
    }
}

/// A body named so far once, at `found`.
fn body(name: String, found: Found) -> OrgX {
    // Room for a few more: most bodies are named again, and growing from one
    // cost a reallocation each.
    let mut mentions = Vec::with_capacity(4);
    mentions.push(found);
    OrgX { name, aliases: Vec::new(), mentions }
}

fn alias(out: &mut [OrgX], name: &str, alias: &str) {
    if let Some(o) = out.iter_mut().find(|o| o.name == name) {
        if !o.aliases.iter().any(|a| a == alias) && o.name != alias {
            o.aliases.push(alias.to_string());
        }
    }
}

/// The connectors of `org.name-with-head` (rules/orgs.toml): the only words
/// of a chunk that do not start with a capital. [`resync`] relies on this.
const CONNECTORS: [&str; 7] = ["of", "for", "and", "on", "in", "the", "&"];

/// The leftmost match of chunk pattern `re` at or after `from`, as an
/// unanchored search finds it. A chunk starts with a capital, so the pattern
/// is tried anchored at each capital in turn: where it matches first is the
/// leftmost start, and an anchored search needs no reverse scan to find it.
fn next_chunk(re: &Pattern, text: &str, capitals: &[usize], from: usize) -> Option<Span> {
    let next = capitals.partition_point(|&at| at < from);
    capitals[next..]
        .iter()
        .filter(|&&at| text.as_bytes()[at].is_ascii() || text[at..].chars().next().is_some_and(char::is_uppercase))
        .find_map(|&at| re.find_anchored_at(text, at))
}

/// Where a char that may be a capital starts: every ASCII capital and every
/// char that is not ASCII, in order. Head words, chunks and described names
/// all start at one; a scan for them once per text serves every search.
pub(super) fn capital_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 16);
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A char that is not ASCII starts with a byte whose top two bits are set.
        let mut found = capitals(x) | (x & x << 1 & HIGH);
        while found != 0 {
            out.push(base + (found.trailing_zeros() / 8) as usize);
            found &= found - 1;
        }
        base += 8;
    }
    for (i, b) in chunks.remainder().iter().enumerate() {
        if b.is_ascii_uppercase() || *b >= 0xc0 {
            out.push(base + i);
        }
    }
    out
}

/// The last place in `from..=to` where a search for chunks can start and find
/// what a search from the text's start finds: the start of a white-space
/// delimited token that no chunk holds any of, as its first character can
/// neither start a chunk's word (a capital, or "St.") nor be a whole
/// connector. A match never crosses such a place, so none is cut short.
/// Otherwise `from`, which the caller keeps in step.
///
/// The text is read byte by byte, a char decoded only where a byte past ASCII
/// starts one ([`space_at`]): decoding every char of the way back was most
/// of the cost.
fn resync(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = to;
    while let Some((space, len)) = (from..end).rev().find_map(|i| space_at(text, i).map(|len| (i, len))) {
        let start = space + len;
        // The token's first char: none when white space or the text's end follows.
        let first = match bytes.get(start) {
            Some(&b) if b.is_ascii() => Some(b.is_ascii_uppercase()).filter(|_| space_at(text, start).is_none()),
            Some(_) => text[start..].chars().next().filter(|c| !c.is_whitespace()).map(char::is_uppercase),
            None => None,
        };
        // A connector is a whole token: white space or the text's end after it.
        let connector = || {
            CONNECTORS.iter().any(|k| {
                let after = start + k.len();
                bytes[start..].starts_with(k.as_bytes()) && (after == bytes.len() || space_at(text, after).is_some())
            })
        };
        if first == Some(false) && !connector() {
            return start;
        }
        end = space;
    }
    from
}

/// `char::is_whitespace` for an ASCII byte: space and \t..=\r.
fn ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// The length of the white-space char (`char::is_whitespace`) starting at
/// byte `at` of `text`; None when there is none there (inside a char too).
/// ASCII bytes are told without decoding ([`ascii_space`]).
fn space_at(text: &str, at: usize) -> Option<usize> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() {
        return ascii_space(b).then_some(1);
    }
    if !text.is_char_boundary(at) {
        return None;
    }
    text[at..].chars().next().filter(|c| c.is_whitespace()).map(char::len_utf8)
}

/// The matches of the acronym pattern `re` (`org.acronym-definition`), as
/// `re.find_iter(text)` finds them, without a pass of the pattern over the
/// whole text. Every match holds a '(', and before its first one only
/// capitals, '&' and white space ("(IRNA)", "IRNA (Islamic …)"), starting at
/// a capital or the '(' itself: so each '(' is tried with the run of such
/// chars before it, anchored at each place a match can start, and the text
/// between is skipped. (The tests check this against a whole search.)
fn acronym_matches(re: &Pattern, text: &str) -> Vec<Span> {
    let in_run = |c: char| c.is_uppercase() || c.is_whitespace() || c == '&';
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(i) = memchr::memchr(b'(', &text.as_bytes()[pos..]) {
        let open = pos + i;
        let from =
            text[pos..open].char_indices().rev().take_while(|&(_, c)| in_run(c)).last().map_or(open, |(i, _)| pos + i);
        let found = text[from..=open]
            .char_indices()
            .filter(|&(_, c)| c == '(' || c.is_uppercase())
            .find_map(|(i, _)| re.find_anchored_at(text, from + i));
        match found {
            Some(m) => {
                out.push(m);
                pos = m.end;
            }
            None => pos = open + 1,
        }
    }
    out
}

/// True when the acronym pattern `re` is an alternation whose first branch
/// is `\((?P<short>…)\)` and whose other branches cannot start with '(':
/// then a match that starts with '(' is the first branch's (the first
/// branch is preferred where it matches), and its `short` group is what the
/// brackets hold.
fn short_in_brackets(re: &Pattern) -> bool {
    let Ok(hir) = regex_syntax::parse(re.as_str()) else {
        return false;
    };
    let HirKind::Alternation(branches) = hir.kind() else {
        return false;
    };
    let literal = |h: &Hir, b: &[u8]| matches!(h.kind(), HirKind::Literal(l) if &*l.0 == b);
    let first = match branches[0].kind() {
        HirKind::Concat(parts) => match &parts[..] {
            [open, short, close] => {
                literal(open, b"(")
                    && literal(close, b")")
                    && matches!(short.kind(), HirKind::Capture(c) if c.name.as_deref() == Some("short"))
            }
            _ => false,
        },
        _ => false,
    };
    first && branches[1..].iter().all(|b| !may_start_with(b, '('))
}

/// False when no match of `hir` can start with `c`, told from its first
/// char-consuming part (a class or literal, after look-arounds, inside
/// groups and repetitions of at least one); true when that is anything else.
fn may_start_with(hir: &Hir, c: char) -> bool {
    match hir.kind() {
        HirKind::Concat(parts) => match parts.iter().find(|p| !matches!(p.kind(), HirKind::Look(_))) {
            Some(p) => may_start_with(p, c),
            None => true,
        },
        HirKind::Capture(cap) => may_start_with(&cap.sub, c),
        HirKind::Repetition(r) if r.min > 0 => may_start_with(&r.sub, c),
        HirKind::Literal(l) => l.0.first().is_none_or(|&b| u32::from(b) == u32::from(c)),
        HirKind::Class(Class::Unicode(u)) => u.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
        HirKind::Class(Class::Bytes(b)) => {
            b.ranges().iter().any(|r| u32::from(r.start()) <= u32::from(c) && u32::from(c) <= u32::from(r.end()))
        }
        _ => true,
    }
}

/// The descriptor nouns of `org.descriptor`, keyed by their last two bytes
/// (longest first under a key), when the described pattern `re` starts with
/// them as `\b(?:{list:org.descriptor})\s+` does and a chunk's word ("St."
/// or a capital) follows; none of them shorter than two bytes, holding a
/// capital or white space, or not ASCII. Otherwise None.
fn descriptors(rules: &RuleSet, re: &Pattern) -> Option<Descriptors> {
    let mut forms: Vec<&str> = rules.lists("organizations", "descriptor").flat_map(|l| l.surfaces()).collect();
    // As the rule loader expands `{list:…}`.
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    forms.dedup();
    let alternation = forms.iter().map(|f| regex::escape(f)).collect::<Vec<_>>().join("|");
    let prefix = format!(r"\b(?:(?:{alternation}))\s+(?P<name>(?:(?:St\.|\p{{Lu}}[");
    let plain = |f: &&str| {
        f.len() >= 2 && f.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_whitespace())
    };
    if forms.is_empty() || !forms.iter().all(plain) || !re.as_str().starts_with(&prefix) {
        return None;
    }
    let mut keyed: Vec<([u8; 2], String)> =
        forms.iter().map(|f| ([f.as_bytes()[f.len() - 2], f.as_bytes()[f.len() - 1]], f.to_string())).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
    let mut ends = Box::new([0u128; 128]);
    for ([x, y], _) in &keyed {
        ends[usize::from(*y)] |= 1 << x;
    }
    Some(Descriptors { keyed, ends })
}

/// The descriptor nouns [`described_matches`] looks for ([`descriptors`]).
struct Descriptors {
    /// By their last two bytes, longest first under a key.
    keyed: Vec<([u8; 2], String)>,
    /// Per last byte, the second-last bytes of the descriptors that end so
    /// (all ASCII): most words before a capital ("the", "of") end as none
    /// does. Built once here, not per document.
    ends: Box<[u128; 128]>,
}

/// The matches of the described pattern `re`, as `re.find_iter(text)` finds
/// them, without a pass of the pattern over the whole text. A match is a
/// descriptor, white space, and a capital (the first char of "St." is one):
/// so the pattern is tried anchored only where one of `descriptors` ends
/// right before the white space before one of the text's `capitals`
/// ([`capital_starts`]), in text order, and the text between is skipped.
/// (The tests check this against a whole search.)
fn described_matches(re: &Pattern, descriptors: &Descriptors, text: &str, capitals: &[usize]) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let (ends, descriptors) = (&descriptors.ends, &descriptors.keyed[..]);
    let ends_some = |x: u8, y: u8| x < 128 && y < 128 && ends[usize::from(y)] >> x & 1 == 1;
    for &s in capitals {
        if s < 3 {
            continue;
        }
        let b = bytes[s - 1];
        // Where the white space before the char at `s` starts: mostly one
        // space, after a word that ends as no descriptor does.
        let w = if b == b' ' && bytes[s - 2].is_ascii_graphic() {
            if !ends_some(bytes[s - 3], bytes[s - 2]) {
                continue;
            }
            s - 1
        } else {
            if b.is_ascii() && b != b' ' && !(b'\t'..=b'\r').contains(&b) {
                continue;
            }
            let w = text[..s].trim_end_matches(char::is_whitespace).len();
            if w == s || w < 2 || !ends_some(bytes[w - 2], bytes[w - 1]) {
                continue;
            }
            w
        };
        let key = [bytes[w - 2], bytes[w - 1]];
        let before = &bytes[..w];
        let from = descriptors.partition_point(|d| d.0 < key);
        for (_, d) in descriptors[from..].iter().take_while(|d| d.0 == key) {
            // Their third-last bytes first: a score of descriptors end in
            // "er", as do many words before a capital ("Minister").
            let d = d.as_bytes();
            let third = |b: &[u8]| b.len().checked_sub(3).map(|i| b[i]);
            if (d.len() < 3 || third(before) == third(d)) && before.ends_with(d) {
                starts.push(w - d.len());
            }
        }
    }
    starts.sort_unstable();
    let mut out = Vec::new();
    let mut pos = 0;
    for at in starts {
        if at < pos {
            continue;
        }
        if let Some(m) = re.find_anchored_at(text, at) {
            out.push(m);
            pos = m.end;
        }
    }
    out
}

/// Adds every later bare use of an organization's aliases and of its name
/// itself ("Brightwater Shipping" after "Brightwater Shipping Co."): each
/// whole-word occurrence not found already, overlapping ones too.
///
/// A whole-word occurrence starts at one of the text's match `starts`
/// ([`Doc::starts`]) unless it starts with ASCII white space: one walk over
/// those serves every name, where a search per name would scan the whole
/// text for its first byte. Most names start with an ASCII capital, a word
/// char, and only a word start can start a whole word there: those walk the
/// text's `capitals` ([`capital_starts`]), a fifth as many. (The order of the
/// mentions added does not matter: they are sorted afterwards.)
fn alias_mentions(text: &str, starts: &[usize], capitals: &[usize], rule: RuleId, out: &mut [OrgX]) {
    // Sorted for a binary search: a document has a few dozen mentions, and
    // hashing each into a set cost more than the lookups it served.
    let mut found: Vec<Span> = out.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)).collect();
    found.sort_unstable();
    let mut more: Vec<(usize, Found)> = Vec::new();
    let mut take = |o: usize, span: Span| {
        if whole_word(text, span) && found.binary_search(&span).is_err() {
            more.push((o, Found { span, rule }));
        }
    };
    let (mut upper, mut other) = (Vec::new(), Vec::new());
    for (i, o) in out.iter().enumerate() {
        for a in o.aliases.iter().chain(std::iter::once(&o.name)).filter(|a| !a.is_empty()) {
            let first = a.as_bytes()[0];
            if first.is_ascii_whitespace() {
                for start in occurrences(text, a) {
                    take(i, Span::new(start, start + a.len()));
                }
            } else if first.is_ascii_uppercase() {
                upper.push(Name::new(i, a));
            } else {
                other.push(Name::new(i, a));
            }
        }
    }
    for (names, at) in [(&mut upper, capitals), (&mut other, starts)] {
        if !names.is_empty() {
            names_at(text, at, names, &mut take);
        }
    }
    for (i, f) in more {
        out[i].mentions.push(f);
    }
}

/// A name looked for by [`names_at`]: its first eight bytes (fewer when it
/// is shorter), compared with the text's as one number before the rest.
struct Name<'a> {
    org: usize,
    name: &'a str,
    head: u64,
    mask: u64,
}

impl<'a> Name<'a> {
    fn new(org: usize, name: &'a str) -> Name<'a> {
        let (head, mask) = head_of(name.as_bytes());
        Name { org, name, head, mask }
    }
}

/// The first eight bytes of `bytes` as a number (zero past its end), and
/// the mask of those it has.
fn head_of(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len().min(8);
    let mut b = [0u8; 8];
    b[..n].copy_from_slice(&bytes[..n]);
    (u64::from_le_bytes(b), u64::MAX >> (64 - 8 * n as u32))
}

/// More names than [`names_at`] compares place by place.
const MANY_NAMES: usize = 256;

/// Calls `found(org, span)` for every name of `names` that occurs at one of
/// the places `at` (sorted), in order of place unless there are more than
/// [`MANY_NAMES`].
fn names_at(text: &str, at: &[usize], names: &mut [Name<'_>], found: &mut impl FnMut(usize, Span)) {
    // A text naming hundreds of bodies (a list, a directory) would compare
    // each place with hundreds of names sharing its first byte: one
    // automaton pass finds every occurrence of all of them instead, kept
    // where it starts at one of the places.
    if names.len() > MANY_NAMES {
        let built = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(names.iter().map(|n| n.name));
        if let Ok(ac) = built {
            for m in ac.find_overlapping_iter(text) {
                if at.binary_search(&m.start()).is_ok() {
                    found(names[m.pattern().as_usize()].org, Span::new(m.start(), m.end()));
                }
            }
            return;
        }
    }
    names.sort_by_key(|n| n.name.as_bytes()[0]);
    // The names that start with byte `b` are `names[starts[b]..starts[b + 1]]`:
    // a lookup per place rather than a binary search.
    let mut starts = [0u32; 257];
    for n in names.iter() {
        starts[usize::from(n.name.as_bytes()[0]) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let bytes = text.as_bytes();
    for &at in at {
        let b = usize::from(bytes[at]);
        let (from, to) = (starts[b] as usize, starts[b + 1] as usize);
        if from == to {
            continue;
        }
        let here = match bytes.get(at..at + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
            None => head_of(&bytes[at..]).0,
        };
        for n in &names[from..to] {
            if here & n.mask == n.head && bytes[at..].starts_with(n.name.as_bytes()) {
                found(n.org, Span::new(at, at + n.name.len()));
            }
        }
    }
}

/// Where non-empty `needle` occurs in `text`, overlapping occurrences too:
/// each place of its first byte, compared there. No match starts inside a
/// char.
fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (hay, needle) = (text.as_bytes(), needle.as_bytes());
    memchr::memchr_iter(needle[0], hay).filter(move |&i| hay[i..].starts_with(needle))
}

/// Byte offset of a period that joins two sentences without a space
/// ("Federation.Executives"), if any: a lower-case letter before it, an
/// upper-case one after.
fn joined_sentence(run: &str) -> Option<usize> {
    let b = run.as_bytes();
    memchr::memchr_iter(b'.', b)
        .find(|&i| i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_lowercase() && b[i + 1].is_ascii_uppercase())
}

impl Orgs {
    /// "Hanwha Aerospace Co." and "Hanwha Aerospace" in one document are one
    /// body, named without the legal suffix; the suffixed form is an alias, so
    /// later bare uses are found as alias mentions.
    fn merge_legal_suffixes(&self, out: &mut Vec<OrgX>) {
        let mut i = 0;
        while i < out.len() {
            let Some(base) = self.without_legal_form(&out[i].name).map(str::to_string) else {
                i += 1;
                continue;
            };
            let long = out[i].name.clone();
            // "Abu Dhabi National Oil Co" is the body known as "… Oil
            // Company": the form written out in another name of the document.
            let form = long[base.len()..].split_whitespace().next().unwrap_or("").trim_end_matches('.');
            let spelled = |o: &OrgX| {
                o.name
                    .strip_prefix(base.as_str())
                    .and_then(|r| r.strip_prefix(' '))
                    .is_some_and(|w| !w.contains(' ') && w.len() > form.len() && abbreviates(form, w))
            };
            // Never the body itself: "B and R International Inc." spells its own "Inc".
            if let Some(j) = out.iter().enumerate().position(|(k, o)| k != i && spelled(o)) {
                absorb(out, i, j);
                continue;
            }
            match out.iter().position(|o| o.name == base) {
                Some(j) => absorb(out, i, j),
                None => {
                    out[i].name = base;
                    out[i].aliases.insert(0, long);
                    i += 1;
                }
            }
        }
    }

    /// `name` without its trailing legal forms (`org.legal-form`), all of them
    /// ("Samsung Electronics Co Ltd", "JPMorgan Chase & Co", wire copy's
    /// "Merrill Lynch and Co"); None when it ends in none, or is nothing else.
    fn without_legal_form<'n>(&self, name: &'n str) -> Option<&'n str> {
        let mut base = name;
        while let Some((head, last)) = base.rsplit_once(' ') {
            let stripped = base.len() < name.len();
            if self.is_legal_form(last) || (stripped && matches!(last, "&" | "and")) {
                base = head.trim_end_matches([' ', ',']);
            } else {
                break;
            }
        }
        (base.len() < name.len() && !base.is_empty()).then_some(base)
    }
}

/// "Hyundai" in a story on "Hyundai Heavy Industries" is that body, not the
/// group member the known list files the short name under ("Hyundai
/// Motor"): a body found only by other names than its own, each of them
/// the first words of another body's name in the document, or an acronym
/// the document defines for another body, is that body. So is a body named
/// only in the headline by the first words of another's name.
fn short_names_of_named_bodies(text: &str, out: &mut Vec<OrgX>) {
    let mut i = 0;
    while i < out.len() {
        let o = &out[i];
        let starts = |j: usize, short: &str| first_words_of(&out[j].name, short);
        // Or an acronym the story defines for another body ("the Public
        // Investment Fund (PIF)"), which the known list gives to a third.
        let defined = |j: usize, short: &str| {
            out[j].aliases.iter().any(|a| a == short) && out[j].mentions.iter().any(|f| text[f.span] == out[j].name)
        };
        // A headline shortens names under its own ("Korea Shipbuilding wins
        // order" over a story on "Korea Shipbuilding & Offshore Engineering"),
        // but a name joined to another by "and" may be two bodies read as one.
        let headline = o.mentions.iter().all(|f| crate::text::in_headline(text, f.span));
        // Most bodies are named by their own name somewhere: no other can
        // take them, and the search over the others (quadratic in a text
        // naming thousands) is skipped.
        if !headline && o.mentions.iter().any(|f| text[f.span] == o.name) {
            i += 1;
            continue;
        }
        // Past that test every mention is another name than the body's own,
        // or the body is named only in the headline.
        let target = (0..out.len()).filter(|&j| j != i).find(|&j| {
            o.mentions.iter().all(|f| {
                let short = &text[f.span];
                let renamed = short != o.name;
                (starts(j, short) && (renamed || !out[j].name[short.len()..].starts_with(" and "))) || defined(j, short)
            })
        });
        let Some(j) = target else {
            i += 1;
            continue;
        };
        let from = out.remove(i);
        let j = if j > i { j - 1 } else { j };
        for f in &from.mentions {
            let short = text[f.span].to_string();
            if !out[j].aliases.contains(&short) {
                out[j].aliases.push(short);
            }
        }
        out[j].mentions.extend(from.mentions);
    }
}

/// "Defence Ministry" and "Defense Department" in a story that also names
/// the "Ministry of Defence" or "Department of Defense" are that body: news
/// writes the field before the office as often as after it.
fn inverted_offices(out: &mut Vec<OrgX>) {
    fn inverted(o: &OrgX) -> Option<(&str, &str)> {
        o.name.rsplit_once(' ').filter(|(_, office)| matches!(*office, "Ministry" | "Department"))
    }
    if !out.iter().any(|o| inverted(o).is_some()) {
        return;
    }
    // Looked up by name once, not searched for each body: a text naming
    // thousands of bodies stays linear here.
    let index: Map<&str, usize> = out.iter().enumerate().map(|(i, o)| (o.name.as_str(), i)).collect();
    let moves: Vec<(usize, usize)> = out
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let (field, office) = inverted(o)?;
            let (of, of_the) = (format!("{office} of {field}"), format!("{office} of the {field}"));
            index.get(of.as_str()).or_else(|| index.get(of_the.as_str())).map(|&j| (i, j))
        })
        .collect();
    drop(index);
    // A target ("Ministry of Defence") is never a source: its last word is
    // no office.
    for &(i, j) in &moves {
        let from = OrgX {
            name: std::mem::take(&mut out[i].name),
            aliases: std::mem::take(&mut out[i].aliases),
            mentions: std::mem::take(&mut out[i].mentions),
        };
        take_into(&mut out[j], from);
    }
    if !moves.is_empty() {
        out.retain(|o| !o.mentions.is_empty());
    }
}

/// True when `short` is the first whole words of the longer `name`:
/// "Hyundai" of "Hyundai Heavy Industries", not of "Hyundaiya".
pub(super) fn first_words_of(name: &str, short: &str) -> bool {
    name.len() > short.len() && name.starts_with(short) && name.as_bytes()[short.len()] == b' '
}

/// Moves body `i` into body `j`: its mentions, and its name and aliases as
/// aliases of `j`.
fn absorb(out: &mut Vec<OrgX>, i: usize, j: usize) {
    let from = out.remove(i);
    let j = if j > i { j - 1 } else { j };
    take_into(&mut out[j], from);
}

/// Body `from` joins `into`: its mentions, and its name and aliases as aliases.
fn take_into(into: &mut OrgX, from: OrgX) {
    into.mentions.extend(from.mentions);
    for a in std::iter::once(from.name).chain(from.aliases) {
        if !into.aliases.contains(&a) {
            into.aliases.push(a);
        }
    }
}

/// Weekday and month names (and the months' short forms), which no body's
/// name holds after "on" or "in".
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 21] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
];

/// True when `short` abbreviates `word`: the same first letter, and its
/// letters in order among the word's ("Co" and "Company", "Ltd" and "Limited").
fn abbreviates(short: &str, word: &str) -> bool {
    let mut letters = word.chars().map(|c| c.to_ascii_lowercase());
    let mut short = short.chars().map(|c| c.to_ascii_lowercase());
    match (short.next(), letters.next()) {
        (Some(a), Some(b)) if a == b => short.all(|c| letters.any(|l| l == c)),
        _ => false,
    }
}

/// The organization name that an acronym in brackets at byte `open` defines:
/// read back over at most a dozen words of the same line, the shortest tail
/// whose initials spell `short`.
fn long_before(text: &str, open: usize, short: &str) -> Option<Span> {
    let span = initials_span(text, words_before(text, open)?, short)?;
    // The name starts with a capital ("US Agency for international development").
    text[span].chars().next().filter(|c| c.is_uppercase()).map(|_| span)
}

/// True when the acronym `short` at byte `at` is defined as a term of lower-case
/// words in this text: "special purchase agreement (SPA)" or "special purchase
/// agreement, or SPA". Then it does not stand for the body a list knows by it.
fn defined_as_term(text: &str, at: usize, short: &str) -> bool {
    let before = &text[..at];
    let open = if before.ends_with('(') && text[at + short.len()..].starts_with(')') {
        at - 1
    } else if let Some(b) = before.strip_suffix(", or ") {
        b.len()
    } else {
        return false;
    };
    words_before(text, open)
        .and_then(|long| initials_span(text, long, short))
        .is_some_and(|span| text[span].starts_with(|c: char| c.is_lowercase()))
}

/// The words before byte `open` that may spell an acronym there: back over
/// at most a dozen words of the same line, up to a bracket or a comma.
fn words_before(text: &str, open: usize) -> Option<Span> {
    let line_start = reach_back(text, open);
    let mut from = open;
    let mut words = 0;
    let bytes = text.as_bytes();
    // Byte by byte, a char decoded only where a byte past ASCII starts one.
    for i in (line_start..open).rev() {
        let b = bytes[i];
        let (space, stop) = if b.is_ascii() {
            (ascii_space(b), matches!(b, b'(' | b')' | b',' | b';' | b':' | b'"'))
        } else if text.is_char_boundary(i) {
            let c = text[i..].chars().next().expect("a char starts here");
            (c.is_whitespace(), matches!(c, '“' | '”'))
        } else {
            continue;
        };
        if space {
            words += 1;
            if words > 14 {
                break;
            }
        } else if stop {
            break;
        }
        from = i;
    }
    let long = Span::new(from, open);
    let trimmed = text[long].trim_end();
    let long = Span::new(from, from + trimmed.len());
    (!long.is_empty()).then_some(long)
}

/// Where the search back from byte `open` for a long form starts: the start
/// of its line, but no more than a few hundred bytes back (a dozen words fit
/// there), so a long line of brackets stays linear.
fn reach_back(text: &str, open: usize) -> usize {
    let mut window = open.saturating_sub(400);
    while !text.is_char_boundary(window) {
        window += 1;
    }
    memchr::memrchr(b'\n', &text.as_bytes()[window..open]).map_or(window, |i| window + i + 1)
}

/// True when `t` lower-cased is `lower` (ASCII); no allocation for ASCII words.
fn lowercases_to(t: &str, lower: &str) -> bool {
    if t.is_ascii() {
        t.eq_ignore_ascii_case(lower)
    } else {
        t.to_lowercase() == lower
    }
}

/// Word spans inside `run`, split on white space, as [`words_in`] gives
/// them; a chunk's words are split by ASCII spaces, which need no decoding.
fn word_spans(text: &str, run: Span) -> Vec<Span> {
    let bytes = text.as_bytes();
    // Most chunks hold fewer words: growing the vector from empty was a
    // third of the splitting.
    let mut out = Vec::with_capacity(16);
    let mut word = run.start;
    let mut at = run.start;
    while at < run.end {
        let b = bytes[at];
        // Most bytes are ASCII past the space, which no white space is.
        if b > b' ' && b.is_ascii() {
            at += 1;
            continue;
        }
        // `char::is_whitespace` for ASCII: space and \t..=\r.
        let (space, len) = if b.is_ascii() {
            (b == b' ' || (b'\t'..=b'\r').contains(&b), 1)
        } else {
            let c = text[at..].chars().next().expect("at a char boundary");
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            if word < at {
                out.push(Span::new(word, at));
            }
            word = at + len;
        }
        at += len;
    }
    if word < run.end {
        out.push(Span::new(word, run.end));
    }
    out
}

/// The words inside `run`, split on white space, as spans of `text`; from
/// either end.
fn words_in(text: &str, run: Span) -> impl DoubleEndedIterator<Item = Span> + '_ {
    // A word's offset in `text` is how far its first byte is from text's.
    text[run].split_whitespace().map(move |w| {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        Span::new(start, start + w.len())
    })
}

/// Words a long form's initials may skip ("Islamic Republic *of* Iran").
const FUNCTION: &[&str] =
    &["of", "for", "and", "the", "on", "in", "&", "de", "des", "du", "la", "el", "del", "a", "an"];

/// The shortest tail of `long` whose words' initials spell `short`
/// ("Islamic Republic News Agency" for "IRNA"). Function words may be
/// skipped; an all-capitals word gives all its letters ("US Agency for
/// International Development" for "USAID").
fn initials_span(text: &str, long: Span, short: &str) -> Option<Span> {
    let letters: Vec<char> = short.chars().filter(|c| c.is_alphabetic()).map(|c| c.to_ascii_uppercase()).collect();
    if letters.len() < 2 {
        return None;
    }
    // Walk back from the last word, consuming letters from the end; most
    // tails fail at their last word or two.
    let mut need = letters.len();
    // A word's initials, in buffers reused from word to word.
    let (mut gives, mut hyphen): (Vec<char>, Vec<char>) = (Vec::with_capacity(32), Vec::with_capacity(32));
    for w in words_in(text, long).rev() {
        let t = text[w].trim_matches(|c: char| !c.is_alphanumeric());
        if t.is_empty() || FUNCTION.contains(&t) {
            continue;
        }
        // Its letters when they are all capitals (two at least); a letter that
        // is none ends the reading ("Association" at its 's').
        gives.clear();
        let mut capitals = true;
        for c in t.chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                capitals = false;
                break;
            }
            gives.push(c);
        }
        if !(capitals && gives.len() >= 2) {
            gives.clear();
            gives.extend(t.chars().next().map(|c| c.to_ascii_uppercase()));
        }
        need = take_initials(&letters[..need], &gives, t, &mut hyphen)?;
        if need == 0 {
            return Some(Span::new(w.start, long.end));
        }
    }
    None
}

/// How many of `letters` are left to spell once word `t`, which gives
/// `gives`, has spelled its end; `None` when it cannot. A hyphenated word may
/// instead give one initial per part ("Knowledge-Based"), read into `hyphen`.
fn take_initials(letters: &[char], gives: &[char], t: &str, hyphen: &mut Vec<char>) -> Option<usize> {
    let left = |g: &[char]| letters.strip_suffix(g).map(<[char]>::len);
    left(gives).or_else(|| {
        hyphen.clear();
        hyphen.extend(t.split('-').filter_map(|p| p.chars().next()).map(|c| c.to_ascii_uppercase()));
        if hyphen.len() > 1 {
            left(hyphen)
        } else {
            None
        }
    })
}

/// A list item's heading: a chunk that opens its line, after a bullet if
/// any, and ends at a colon ("- Focus on New Technologies: the agreement
/// ..."), names a topic, not a body.
fn is_item_heading(text: &str, line_start: usize, chunk: Span) -> bool {
    text[chunk.end..].starts_with(':')
        && text[line_start..chunk.start]
            .trim_start_matches(|c: char| c.is_whitespace() || "-*•–—·".contains(c))
            .is_empty()
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;

    /// Built once: loading the rules takes longer than a test case.
    static RULES: LazyLock<RuleSet> = LazyLock::new(|| crate::rules::load_embedded().unwrap());
    static ORGS: LazyLock<Orgs> = LazyLock::new(|| Orgs::new(&RULES, &mut RuleNames::default()).unwrap());

    /// The descriptors' fast path reads the pattern as written: a rule edit
    /// that changes its shape must not turn it off unnoticed (the search
    /// falls back to a regex scan over every text, 3% of a run).
    #[test]
    fn the_described_pattern_keeps_its_fast_path() {
        assert!(ORGS.descriptors.is_some(), "org.described no longer starts as `descriptors` expects");
    }

    /// The chunks with a head word, found by running the pattern over the
    /// whole text, as the extractor did before [`Orgs::chunks_with_heads`].
    fn chunks_reference(o: &Orgs, re: &Pattern, text: &str) -> Vec<Span> {
        re.find_iter(text).filter(|m| text[*m].split_whitespace().any(|w| o.heads.contains(w))).collect()
    }

    /// Capitalized words, head words (plain, accented, inside longer words),
    /// connectors, and everything that can end a chunk's word, glued anyhow.
    fn org_text() -> impl Strategy<Value = String> {
        const TOKENS: &str = "Ministry|University|Université|Co|Co.|Corp|Council|Bank|Banks|Group|plc|Korea|Iran|\
            McDonald|Øst|É|ÉCOLE|St.|St|Petersburg|of|the|and|&|on|in|for|said|a|i|x|42| | | |  |\n|\u{a0}|.|,|(|)|\
            -|’s|'|’|—|\u{301}|中国";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..40).prop_map(|ts| ts.concat())
    }

    /// [`resync`] as it was before it read bytes: a char at a time.
    fn resync_reference(text: &str, from: usize, to: usize) -> usize {
        let mut end = to;
        while let Some(i) = text[from..end].rfind(char::is_whitespace) {
            let space = from + i;
            let start = space + text[space..].chars().next().map_or(1, char::len_utf8);
            let token = text[start..].split(char::is_whitespace).next().unwrap_or_default();
            if token.chars().next().is_some_and(|c| !c.is_uppercase()) && !CONNECTORS.contains(&token) {
                return start;
            }
            end = space;
        }
        from
    }

    /// The char boundaries of `text` nearest below `a` and `b`, in order.
    fn boundaries(text: &str, a: usize, b: usize) -> (usize, usize) {
        let down = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (a, b) = (down(a), down(b));
        (a.min(b), a.max(b))
    }

    /// Connectors, other words and capitals past ASCII (upper, title and lower
    /// case) between every kind of white space.
    fn resync_text() -> impl Strategy<Value = String> {
        const TOKENS: &str = "of|the|and|&|for|on|in|said|x|Bank|É|ǅ|ß|Ⓐ|中国|-| | | |\t|\n|\r|\u{a0}|\u{85}|\u{2009}|\u{3000}|\u{1c}|\u{200b}";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..30).prop_map(|ts| ts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn resync_reads_bytes_as_chars(text in prop_oneof![org_text(), space_text(), resync_text()], a in 0usize..300, b in 0usize..300) {
            let (from, to) = boundaries(&text, a, b);
            prop_assert_eq!(resync(&text, from, to), resync_reference(&text, from, to));
        }

        #[test]
        fn space_at_is_a_white_space_char(text in prop_oneof![org_text(), space_text()]) {
            for at in 0..=text.len() {
                let want = text.get(at..).and_then(|t| t.chars().next()).filter(|c| c.is_whitespace()).map(char::len_utf8);
                prop_assert_eq!(space_at(&text, at), want, "at {}", at);
            }
        }
    }

    #[test]
    fn connectors_are_those_of_the_chunk_pattern() {
        // `resync` knows the connectors; a new one in rules/orgs.toml must be added there.
        let group = format!("(?:{})", CONNECTORS.join("|"));
        for p in RULES.patterns("organizations", "chunk") {
            assert!(p.regex.as_str().contains(&group), "{} does not join words with {group}", p.regex.as_str());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn chunks_with_heads_are_those_of_a_whole_search(text in org_text()) {
            let (o, text) = (&*ORGS, text.as_str());
            let patterns = RULES.patterns("organizations", "chunk").map(|p| &p.regex);
            for ((re, _), pattern) in o.chunks.iter().zip(patterns) {
                let got: Vec<Span> =
                    o.chunks_with_heads(re, text, &capital_starts(text)).into_iter().filter(|m| text[*m].split_whitespace().any(|w| o.heads.contains(w))).collect();
                prop_assert_eq!(got, chunks_reference(o, pattern, text));
            }
        }
    }

    /// Words between every kind of white space, and chars that are not.
    fn space_text() -> impl Strategy<Value = String> {
        const TOKENS: &[&str] = &[
            "Bank", "of", "É", "中国", " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1c}", "\u{85}", "\u{a0}",
            "\u{2009}", "\u{3000}", "\u{200b}", "-", ".",
        ];
        prop::collection::vec(prop::sample::select(TOKENS), 0..30).prop_map(|ts| ts.concat())
    }

    /// Acronym definitions, near misses, and everything a run before a
    /// bracket may hold, glued anyhow.
    fn acronym_text() -> impl Strategy<Value = String> {
        const TOKENS: &str =
            "(|)|((|IRNA|MMTA|US|A|AB|ABCDEFGHIJKL|B&C|&|Ø|ÉÉ|Ⓐ|Islamic|Republic|News|Agency|of|the|said|\
            x|42| | |  |\n|\u{a0}|\t|.|,|-|’|中国|ǅ";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..40).prop_map(|ts| ts.concat())
    }

    /// An acronym, white space and a bracket ("IRNA (Islamic …)", "IRNA
    /// (X)"), among the text of [`acronym_text`]: most of these match.
    fn defined_acronym_text() -> impl Strategy<Value = String> {
        let select = |tokens: &'static str| prop::sample::select(tokens.split('|').collect::<Vec<_>>());
        let spaces = prop::collection::vec(select(" |  |\n|\t|\u{a0}|\u{2003}|\u{85}"), 1..3);
        let long = prop::collection::vec(select("Islamic|Republic|News|É|Ø|of| |  |\u{a0}|&|.|-|’|IRNA|x|42"), 0..8);
        (acronym_text(), select("IRNA|US|AB|B&C|ÉÉ|Ø|ABCDEFGHIJKL"), spaces, select("(|(A"), long, acronym_text())
            .prop_map(|(a, short, spaces, open, long, b)| {
                format!("{a}{short}{}{open}{}){b}", spaces.concat(), long.concat())
            })
    }

    /// A name or alias made of a few of the tokens of [`org_text`], some
    /// starting with white space or inside a word.
    fn name_text() -> impl Strategy<Value = String> {
        const TOKENS: &[&str] =
            &["Bank", "Co", "Korea", " ", "\n", "\u{a0}", "of", "É", "’s", "St.", ".", "(", "ank", "42"];
        prop::collection::vec(prop::sample::select(TOKENS), 1..4).prop_map(|ts| ts.concat())
    }

    /// Alias mentions as they were found before [`alias_mentions`] walked
    /// the match starts: a search per name.
    fn alias_mentions_reference(text: &str, rule: RuleId, out: &mut [OrgX]) {
        let found: Set<Span> = out.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)).collect();
        for o in out.iter_mut() {
            let mut more = Vec::new();
            for a in o.aliases.iter().chain(std::iter::once(&o.name)).filter(|a| !a.is_empty()) {
                for start in occurrences(text, a) {
                    let span = Span::new(start, start + a.len());
                    if whole_word(text, span) && !found.contains(&span) {
                        more.push(Found { span, rule });
                    }
                }
            }
            o.mentions.extend(more);
        }
    }

    proptest! {
        #[test]
        fn alias_mentions_are_those_of_a_search_per_name(
            text in org_text(),
            names in prop::collection::vec((name_text(), prop::collection::vec(name_text(), 0..3)), 1..4),
            seen in 0usize..40,
            nth in prop::collection::vec(0usize..3, 4),
        ) {
            let rule = RuleId(0);
            // Each organization found once already somewhere (at one of its
            // name's occurrences, when it has some, in no order from one
            // organization to the next): such mentions are not added again.
            let orgs: Vec<OrgX> = names
                .into_iter()
                .enumerate()
                .map(|(i, (name, aliases))| {
                    let at = (seen + i).min(text.len());
                    let at = (0..=at).rev().find(|&a| text.is_char_boundary(a)).unwrap_or(0);
                    let span = occurrences(&text, &name)
                        .nth(nth[i])
                        .map_or(Span::new(at, at), |s| Span::new(s, s + name.len()));
                    OrgX { name, aliases, mentions: vec![Found { span, rule }] }
                })
                .collect();
            let (mut got, mut want) = (orgs.clone(), orgs);
            alias_mentions(&text, &crate::extract::gazetteer::match_starts(&text), &capital_starts(&text), rule, &mut got);
            alias_mentions_reference(&text, rule, &mut want);
            for o in got.iter_mut().chain(want.iter_mut()) {
                tidy(&mut o.mentions);
            }
            prop_assert_eq!(got, want);
        }

        #[test]
        fn word_spans_split_like_split_whitespace(text in space_text(), a in 0usize..200, b in 0usize..200) {
            let mut cut = [a.min(text.len()), b.min(text.len())];
            cut.sort_unstable();
            let [mut from, mut to] = cut;
            while !text.is_char_boundary(from) { from -= 1; }
            while !text.is_char_boundary(to) { to += 1; }
            let run = Span::new(from, to);
            prop_assert_eq!(word_spans(&text, run), words_in(&text, run).collect::<Vec<_>>());
        }
    }

    proptest! {
        #[test]
        fn capital_starts_are_those_chars(text in prop_oneof![org_text(), described_text()]) {
            let want: Vec<usize> =
                text.char_indices().filter(|&(_, c)| c.is_ascii_uppercase() || !c.is_ascii()).map(|(i, _)| i).collect();
            prop_assert_eq!(capital_starts(&text), want);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn acronym_matches_are_those_of_a_whole_search(text in prop_oneof![acronym_text(), defined_acronym_text()]) {
            let (o, text) = (&*ORGS, text.as_str());
            let (re, _) = o.acronym.as_ref().unwrap();
            prop_assert_eq!(acronym_matches(re, text), re.find_iter(text).collect::<Vec<_>>());
        }
    }

    /// Descriptors (some inside or ending longer words), capitals, "St.", and
    /// every kind of white space, glued anyhow.
    fn described_text() -> impl Strategy<Value = String> {
        const TOKENS: &str = "company|companies|firm|giant|maker|carmaker|start-up|startup|daily|outlet|sub|e-|x|\
            Krafton|Mota-Engil|OCP|Vexor|Dynamics|St.|St|Chairman|Monday|Iran|É|Øst|Ⓐ|ǅ|中国|of|the|42|\
             | |  |\n|\t|\u{b}|\u{85}|\u{a0}|\u{2003}|\u{200b}|.|,|-|’s|'|’|(";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..40).prop_map(|ts| ts.concat())
    }

    #[test]
    fn shapes_never_hide_an_entry() {
        let o = &*ORGS;
        for words in [&o.heads, &o.titles, &o.honorifics, &o.not_names, &o.places] {
            assert!(words.iter().all(|w| words.contains(w)));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn words_as_their_sets(text in org_text()) {
            let o = &*ORGS;
            for w in text.split_whitespace().chain(text.split(' ')).chain([text.as_str(), text.trim_end_matches('.')]) {
                for words in [&o.heads, &o.titles, &o.honorifics, &o.not_names, &o.places] {
                    prop_assert_eq!(words.contains(w), words.set.contains(w), "{:?}", w);
                }
            }
        }
    }

    #[test]
    fn bracketed_acronyms_need_no_groups() {
        assert!(ORGS.short_in_brackets, "org.acronym-definition no longer starts with \\((?P<short>…)\\)");
        let shaped = |p: &str| short_in_brackets(&Pattern::new(p).unwrap());
        assert!(shaped(r"\((?P<short>[A-Z]+)\)|(?P<ashort>\b[A-Z]+)\s+\((?P<along>[^)]+)\)"));
        assert!(shaped(r"\((?P<short>[A-Z]+)\)|\b(?P<ashort>x)"));
        // Another branch may start with '(', or the first is not the brackets alone.
        assert!(!shaped(r"\((?P<short>[A-Z]+)\)|(?P<ashort>[(A-Z]+)"));
        assert!(!shaped(r"\((?P<short>[A-Z]+)\)|\(?(?P<ashort>[A-Z]+)"));
        assert!(!shaped(r"\((?P<short>[A-Z]+)\)|\(x"));
        assert!(!shaped(r"\((?P<short>[A-Z]+)\)s|(?P<ashort>[A-Z]+)"));
        assert!(!shaped(r"\((?P<other>[A-Z]+)\)|(?P<ashort>[A-Z]+)"));
        assert!(!shaped(r"\((?P<short>[A-Z]+)\)"));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn bracketed_acronyms_are_the_short_group(text in prop_oneof![acronym_text(), defined_acronym_text()]) {
            let (re, _) = ORGS.acronym.as_ref().unwrap();
            for m in re.find_iter(&text).filter(|m| text.as_bytes()[m.start] == b'(') {
                let short = re.groups(&text, m).name("short").map(|g| g.span());
                prop_assert_eq!(short, Some(Span::new(m.start + 1, m.end - 1)), "{:?}", &text.as_str()[m]);
            }
        }
    }

    #[test]
    fn described_matches_are_looked_for_before_capitals() {
        assert!(ORGS.descriptors.is_some(), "org.described no longer starts with the descriptors");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn described_matches_are_those_of_a_whole_search(text in described_text()) {
            let (o, text) = (&*ORGS, text.as_str());
            let (re, _) = o.described.as_ref().unwrap();
            let descriptors = o.descriptors.as_ref().unwrap();
            prop_assert_eq!(described_matches(re, descriptors, text, &capital_starts(text)), re.find_iter(text).collect::<Vec<_>>());
        }
    }

    /// [`initials_span`] as it was before it stopped reading a word at its
    /// first letter that is no capital.
    fn initials_span_reference(text: &str, long: Span, short: &str) -> Option<Span> {
        let letters: Vec<char> = short.chars().filter(|c| c.is_alphabetic()).map(|c| c.to_ascii_uppercase()).collect();
        if letters.len() < 2 {
            return None;
        }
        let mut need = letters.len();
        for w in words_in(text, long).rev() {
            let t = text[w].trim_matches(|c: char| !c.is_alphanumeric());
            if t.is_empty() || FUNCTION.contains(&t) {
                continue;
            }
            let mut gives: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
            if !(gives.len() >= 2 && gives.iter().all(|c| c.is_uppercase())) {
                gives = t.chars().next().map(|c| c.to_ascii_uppercase()).into_iter().collect();
            }
            need = take_initials(&letters[..need], &gives, t, &mut Vec::new())?;
            if need == 0 {
                return Some(Span::new(w.start, long.end));
            }
        }
        None
    }

    /// [`long_before`] as it was before it read bytes: a char at a time.
    fn long_before_reference(text: &str, open: usize, short: &str) -> Option<Span> {
        let line_start = reach_back(text, open);
        let mut from = open;
        let mut words = 0;
        for (i, c) in text[line_start..open].char_indices().rev() {
            if c.is_whitespace() {
                words += 1;
                if words > 14 {
                    break;
                }
            } else if matches!(c, '(' | ')' | ',' | ';' | ':' | '"' | '“' | '”') {
                break;
            }
            from = line_start + i;
        }
        let long = Span::new(from, open);
        let long = Span::new(from, from + text[long].trim_end().len());
        if long.is_empty() {
            return None;
        }
        let span = initials_span_reference(text, long, short)?;
        text[span].chars().next().filter(|c| c.is_uppercase()).map(|_| span)
    }

    /// Long forms and their near misses: capitals and words past ASCII,
    /// all-capital and hyphenated words, function words, what stops a long
    /// form, and every kind of white space.
    fn long_text() -> impl Strategy<Value = String> {
        const TOKENS: &str =
            "Islamic|Republic|News|Agency|IRNA|US|AB|Knowledge-Based|É|Ébc|ÉÉ|Ø|ǅ|Ⓐ|中国|of|the|and|&|de|an|\
            x|42|42A|N|R|-|(|)|,|;|:|\"|“|”|’| | | |  |\n|\t|\u{a0}|\u{85}|\u{2003}|\u{200b}";
        let token = prop::sample::select(TOKENS.split('|').collect::<Vec<_>>());
        prop::collection::vec(token, 0..60).prop_map(|ts| ts.concat())
    }

    /// Acronyms to spell, some with letters past ASCII or none.
    fn short_text() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "IRNA", "RNA", "NA", "US", "USKB", "AB", "KBF", "ÉÉ", "ÉI", "ØR", "B&C", "A", "42", "IRNAX",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn initials_span_as_before(text in long_text(), short in short_text(), a in 0usize..400, b in 0usize..400) {
            let (from, to) = boundaries(&text, a, b);
            let long = Span::new(from, to);
            prop_assert_eq!(initials_span(&text, long, short), initials_span_reference(&text, long, short));
        }

        #[test]
        fn initials_span_of_words_as_before(
            words in prop::collection::vec(
                prop::sample::select(vec!["News", "Agency", "Republic", "42A", "N", "A", "É", "Ø", "ØR", "of", "the", "Knowledge-Based", "IRNA", "US", "x"]),
                1..7,
            ),
            short in short_text(),
        ) {
            let text = words.join(" ");
            let long = Span::new(0, text.len());
            prop_assert_eq!(initials_span(&text, long, short), initials_span_reference(&text, long, short), "{:?}", text);
        }

        #[test]
        fn long_before_as_before(text in long_text(), short in short_text()) {
            for open in memchr::memchr_iter(b'(', text.as_bytes()) {
                prop_assert_eq!(long_before(&text, open, short), long_before_reference(&text, open, short), "at {}", open);
            }
        }
    }

    /// Every occurrence of every name at one of the places, sorted: what
    /// [`names_at`] finds, with few names or many.
    fn names_at_reference(text: &str, at: &[usize], names: &[(usize, String)]) -> Vec<(usize, Span)> {
        let mut out: Vec<(usize, Span)> = at
            .iter()
            .flat_map(|&p| {
                names
                    .iter()
                    .filter(move |(_, n)| text[p..].starts_with(n.as_str()))
                    .map(move |(o, n)| (*o, Span::new(p, p + n.len())))
            })
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn names_at_finds_the_same_with_few_names_or_many() {
        for count in [3, MANY_NAMES + 40] {
            let names: Vec<(usize, String)> = (0..count).map(|i| (i % 7, format!("Kazem{i} Holdings"))).collect();
            let text: String = (0..count).rev().map(|i| format!("The Kazem{i} Holdings and Kazem{i}1 met. ")).collect();
            let at: Vec<usize> = capital_starts(&text);
            let mut list: Vec<Name<'_>> = names.iter().map(|(o, n)| Name::new(*o, n)).collect();
            let mut got = Vec::new();
            names_at(&text, &at, &mut list, &mut |o, span| got.push((o, span)));
            got.sort_unstable();
            assert_eq!(got, names_at_reference(&text, &at, &names), "{count} names");
            assert!(!got.is_empty());
        }
    }

    #[test]
    fn initials() {
        let t = "the Islamic Republic News Agency";
        let s = initials_span(t, Span::new(0, t.len()), "IRNA").unwrap();
        assert_eq!(&t[s], "Islamic Republic News Agency");
        let t = "Shanghai Cooperation Organization";
        assert!(initials_span(t, Span::new(0, t.len()), "SCO").is_some());
        let t = "the US Agency for international development";
        let s = initials_span(t, Span::new(0, t.len()), "USAID").unwrap();
        assert_eq!(&t[s], "US Agency for international development");
        // Lower-case long forms are terms, not names: `long_before` wants a capital.
        let t = "work on artificial intelligence (AI)";
        assert!(long_before(t, t.find('(').unwrap(), "AI").is_none());
        let t = "Knowledge-Based Firms";
        assert!(initials_span(t, Span::new(0, t.len()), "KBF").is_some());
    }
}
