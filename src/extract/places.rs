//! Locations: countries, cities and regions from gazetteers.
//!
//! Lists with `field = "locations"` and tag `country`, `city` or `region` are
//! matched as whole words; the tag becomes the location's `kind`. A place name
//! inside an organization's name ("Moscow State University") is not a location.
//! Names on the `ambiguous` list ("Jordan", "Chad") need a preposition before
//! them ("in Jordan") or a possessive after ("Jordan's"). Demonym lists
//! (`tag = "demonym"`: country → "Iranian", …) are not locations; people use
//! them for affiliations.
//!
//! Beyond the lists: towns (`town`, `town-comma`: smaller GeoNames places, kind
//! `city`) count only in place context; a `dateline` pattern reads the place
//! at the start of a line ("SEOUL, Dec. 30 (Yonhap) --") by looking its name
//! up ignoring case; an `admin` pattern reads "X County", "the X district";
//! `veto` patterns drop matches inside them ("US$4 billion"); and a place name
//! that is also a given name (`given-name`), followed by a capitalized word,
//! starts a person's name ("Anand Kumar").

use super::orgs::Words;
use super::{tidy, Cover, Doc, Found, Gazetteer, GazetteerMatch, Map, OrgX, PlaceX, RuleId, RuleNames, Set};
use crate::rules::{lists_of, Groups, ListRule, Pattern, RuleError, RuleSet};
use crate::Span;

const KINDS: &[&str] = &["country", "city", "region"];
/// Town lists by tag, and whether only ", <region|country>" after them will do.
const TOWN_TAGS: &[(&str, bool)] = &[("town", false), ("town-comma", true)];

pub struct Places {
    gazetteer: Gazetteer,
    /// Per list: its kind and canonical names.
    lists: Vec<(String, Vec<String>)>,
    /// Looked up for every match of the place lists, as `given` is: a
    /// [`Words`] tells most words apart without a hash.
    ambiguous: Words,
    /// Surface form (country name or demonym) → country canonical name.
    countries: Map<String, String>,
    /// How many place lists come before the town lists in the gazetteer.
    place_lists: usize,
    /// Per town list: canonical names, and whether it needs ", <region>".
    town_lists: Vec<(Vec<String>, bool)>,
    /// US state abbreviations ("Mich.", "TX"): context after "Town, ".
    abbreviations: Set<String>,
    /// Upper-case, hyphen-free surface → (list, canonical) ([`Places::listed`]),
    /// for datelines. The flag marks names that need capitals there:
    /// ambiguous places and `town-comma` towns ("Jackson, 45, said" opens no
    /// dateline). Indexes rather than strings: a copy of the kind and name
    /// of each of the towns' entries was a tenth of start-up.
    by_key: Map<String, (u32, u32, bool)>,
    datelines: Vec<(Pattern, RuleId)>,
    /// Admin-suffix and site patterns, with the kind they give and whether
    /// they can be searched line by line ([`Pattern::within_lines`]).
    admin: Vec<(Pattern, RuleId, &'static str, bool)>,
    admin_stop: Set<String>,
    vetoes: Vec<Pattern>,
    /// Words after a place name that make it a currency's ("U.S. dollars").
    currency_after: Set<String>,
    /// Place names that are also given names.
    given: Words,
    /// Words after such a name that keep it a place (titles, name heads).
    keep_after: Set<String>,
}

/// Words that, right before a town, show it is used as a place.
const TOWN_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "from",
    "to",
    "into",
    "via",
    "around",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
];
/// Words before "to"/"from" that make it no place preposition ("according to").
const NOT_PLACE_TO: &[&str] = &["according", "due", "thanks", "compared", "prior", "owing", "contrary", "addition"];

/// Words that, right before an ambiguous name, show it is used as a place.
const PLACE_PREPOSITIONS: &[&str] =
    &["in", "to", "from", "of", "at", "near", "across", "into", "visit", "visited", "and"];

impl Places {
    /// The place lists and the town lists (with whether they are strict).
    #[allow(clippy::type_complexity)]
    fn gazetteer_lists(lists: &[ListRule]) -> (Vec<&ListRule>, Vec<(&ListRule, bool)>) {
        let places = KINDS.iter().flat_map(|k| lists_of(lists, "locations", k)).collect();
        let towns = TOWN_TAGS
            .iter()
            .flat_map(|(t, strict)| lists_of(lists, "locations", t).map(move |l| (l, *strict)))
            .collect();
        (places, towns)
    }

    /// Places and towns in one automaton, one walk over the text; towns
    /// (long lists, read in context only) have no upper-case forms and
    /// never compete with the places for a word.
    fn build_gazetteer(lists: &[&ListRule], town_rules: &[(&ListRule, bool)], names: &mut RuleNames) -> Gazetteer {
        let both: Vec<_> =
            lists.iter().map(|l| (*l, true)).chain(town_rules.iter().map(|(l, _)| (*l, false))).collect();
        let groups = lists.iter().map(|_| 0).chain(town_rules.iter().map(|_| 1)).collect();
        Gazetteer::mixed(&both, names).grouped(groups)
    }

    /// The gazetteer [`Places::new`] builds, from the lists alone.
    pub fn gazetteer_of(lists: &[ListRule], names: &mut RuleNames) -> Gazetteer {
        let (places, towns) = Places::gazetteer_lists(lists);
        Places::build_gazetteer(&places, &towns, names)
    }

    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Places, RuleError> {
        Places::with_gazetteer(rules, names, None)
    }

    /// [`Places::new`], with the gazetteer [`Places::gazetteer_of`] built from
    /// the same rules' lists, if there is one (the towns' entries, copied once
    /// rather than twice).
    pub fn with_gazetteer(
        rules: &RuleSet,
        names: &mut RuleNames,
        early: Option<Gazetteer>,
    ) -> Result<Places, RuleError> {
        let (lists, town_rules) = Places::gazetteer_lists(&rules.lists);
        let gazetteer = match early {
            Some(g) => {
                let all: Vec<&ListRule> = lists.iter().copied().chain(town_rules.iter().map(|(l, _)| *l)).collect();
                g.renumbered(&all, names)
            }
            None => Places::build_gazetteer(&lists, &town_rules, names),
        };
        let ambiguous: Words =
            rules.lists("locations", "ambiguous").flat_map(|l| l.surfaces().map(str::to_string)).collect();
        // Sized at once: grown an insert at a time, the table of the towns
        // was rehashed again and again.
        let keys = lists.iter().chain(town_rules.iter().map(|(l, _)| l)).map(|l| l.entries.len()).sum();
        let mut by_key = Map::with_capacity_and_hasher(keys, Default::default());
        for (i, l) in lists.iter().enumerate() {
            for (surface, c) in &l.entries {
                let weak = ambiguous.contains(surface);
                by_key.entry(caps_key(surface)).or_insert((i as u32, *c as u32, weak));
            }
        }
        for (i, (l, strict)) in town_rules.iter().enumerate() {
            for (surface, c) in &l.entries {
                by_key.entry(caps_key(surface)).or_insert(((lists.len() + i) as u32, *c as u32, *strict));
            }
        }
        let surfaces = |field: &str, tag: &str| -> Set<String> {
            rules.lists(field, tag).flat_map(|l| l.surfaces().map(str::to_string)).collect()
        };
        let patterns = |tag: &str, names: &mut RuleNames| -> Vec<(Pattern, RuleId)> {
            rules.patterns("locations", tag).map(|p| (p.regex.clone(), names.intern(&p.id))).collect()
        };
        let datelines = patterns("dateline", names);
        let admin = patterns("admin", names).into_iter().map(|(re, id)| (re, id, "region")).collect::<Vec<_>>();
        let admin = admin
            .into_iter()
            .chain(patterns("site", names).into_iter().map(|(re, id)| (re, id, "site")))
            .chain(patterns("before-state", names).into_iter().map(|(re, id)| (re, id, "city")))
            .map(|(re, id, kind)| {
                let lines = re.within_lines();
                (re, id, kind, lines)
            })
            .collect();
        let mut keep_after = Set::default();
        for (field, tag) in [
            ("people", "title"),
            ("people", "honorific"),
            ("people", "modifier"),
            ("people", "not-name"),
            ("organizations", "head"),
            ("locations", "admin-stop"),
        ] {
            keep_after.extend(surfaces(field, tag));
        }
        let mut countries = Map::default();
        for list in rules.lists("locations", "country").chain(rules.lists("locations", "demonym")) {
            for (surface, c) in &list.entries {
                countries.insert(surface.clone(), list.canonicals[*c].clone());
            }
        }
        Ok(Places {
            gazetteer,
            lists: lists.iter().map(|l| (l.tag.clone(), l.canonicals.clone())).collect(),
            ambiguous,
            countries,
            place_lists: lists.len(),
            town_lists: town_rules.iter().map(|(l, strict)| (l.canonicals.clone(), *strict)).collect(),
            abbreviations: surfaces("locations", "state-abbreviation"),
            by_key,
            datelines,
            admin,
            admin_stop: surfaces("locations", "admin-stop"),
            vetoes: rules.patterns("locations", "veto").map(|p| p.regex.clone()).collect(),
            currency_after: surfaces("locations", "currency-after"),
            given: surfaces("locations", "given-name").into_iter().collect(),
            keep_after,
        })
    }

    /// The country a name or demonym points to ("Iranian" → "Iran",
    /// "Russian Federation" → "Russia").
    pub fn country_of(&self, word: &str) -> Option<&str> {
        self.countries.get(word).map(String::as_str)
    }

    /// The kind and name of canonical form `c` of list `list`: a place
    /// list's index, or a town list's after them (towns are cities).
    fn listed(&self, list: usize, c: usize) -> (&str, &str) {
        match self.lists.get(list) {
            Some((kind, names)) => (kind, &names[c]),
            None => ("city", &self.town_lists[list - self.lists.len()].0[c]),
        }
    }

    /// The word lists, walked together with the other extractors' ([`super::Lexicons`]).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// True when the word after `span`, one space on, makes it a currency's
    /// name ("U.S. dollars").
    fn currency(&self, text: &str, span: Span) -> bool {
        let Some(rest) = text[span.end..].strip_prefix(' ') else { return false };
        // A sign is a word of its own ("U.S. $573.8 million"); the list says
        // which signs are a currency's.
        let sign = rest.chars().next().filter(|c| !c.is_alphanumeric() && !c.is_whitespace());
        let word = match sign {
            Some(c) => &rest[..c.len_utf8()],
            None => ahead(rest, 16).split(|c: char| !c.is_alphabetic()).next().unwrap_or(""),
        };
        !word.is_empty() && self.currency_after.contains(word)
    }

    /// The places of `doc`, given the matches of [`Places::gazetteer`].
    pub fn extract(&self, doc: &Doc<'_>, found: Vec<Vec<GazetteerMatch>>, orgs: &[OrgX]) -> Vec<PlaceX> {
        let text = doc.text;
        let mut out: Vec<PlaceX> = Vec::new();
        let org_cover = Cover::new(orgs.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        let in_org = |span: Span| org_cover.contains(span);
        let vetoes = veto_spans(&self.vetoes, text);
        let vetoed = |span: Span| covered(&vetoes, span) || self.currency(text, span);
        let mut found = found.into_iter();
        let matches = found.next().unwrap_or_default();
        let town_matches = found.next().unwrap_or_default();
        // Ends of accepted places, for "X and <town>".
        // A few dozen, pushed in turn and rarely looked up: no hashing.
        let mut ends: Vec<usize> = Vec::new();
        let add =
            |out: &mut Vec<PlaceX>, kind: &str, name: &str, found: Found| match out.iter_mut().find(|p| p.name == name)
            {
                Some(p) => p.mentions.push(found),
                None => out.push(PlaceX { name: name.to_string(), kind: kind.to_string(), mentions: vec![found] }),
            };
        for m in &matches {
            if in_org(m.span) || vetoed(m.span) {
                continue;
            }
            let surface = &text[m.span];
            // "Aurora, Illinois-based": a region or country after the comma is context too.
            if self.ambiguous.contains(surface)
                && !place_context(text, m.span.start, m.span.end)
                && !self.followed_by_region(text, m.span.end, &matches)
            {
                continue;
            }
            if self.starts_person(text, m.span, surface, &matches) {
                continue;
            }
            let (kind, canonicals) = &self.lists[m.list];
            ends.push(m.span.end);
            add(&mut out, kind, &canonicals[m.canonical], Found { span: m.span, rule: m.rule });
        }
        // Datelines: "SEOUL, Dec. 30 (Yonhap) --", "PARIS — ...", "Abu-Dhabi, ...".
        for (re, rule) in &self.datelines {
            for c in re.captures_iter(text) {
                let Some(g) = c.name("place") else { continue };
                let span = Span::new(g.start(), g.end());
                let i = matches.partition_point(|m| m.span.start < span.start);
                if matches.get(i).is_some_and(|m| m.span == span) || in_org(span) || vetoed(span) {
                    continue;
                }
                let caps = !g.as_str().chars().any(char::is_lowercase);
                if let Some(&(list, c, _)) = self.by_key.get(&caps_key(g.as_str())).filter(|e| caps || !e.2) {
                    let (kind, name) = self.listed(list as usize, c as usize);
                    ends.push(span.end);
                    add(&mut out, kind, name, Found { span, rule: *rule });
                }
            }
        }
        // "Kajiado County", "the Swat district", "the province of Helmand".
        // The places found before this loop, merged when the first admin name
        // is checked against them (most documents have none). That check
        // comes before any admin name is added to `out`.
        let mut taken: Option<Vec<Span>> = None;
        let mut admin_spans: Vec<Span> = Vec::new();
        for (re, rule, kind, by_line) in &self.admin {
            for (at, c) in captures_by_line(re, text, *by_line) {
                let (g, whole) = match (c.name("name"), c.name("bare"), c.name("of")) {
                    (Some(g), _, _) => (g, true),
                    (_, Some(g), _) => (g, false),
                    (_, _, Some(g)) => (g, false),
                    _ => continue,
                };
                let mut start = at + g.start();
                let mut rest = g.as_str();
                while let Some((first, tail)) = rest.split_once([' ', '-']) {
                    if !self.admin_stop.contains(first) {
                        break;
                    }
                    start += first.len() + 1;
                    rest = tail;
                }
                if self.admin_stop.contains(rest) || (whole && !rest.contains(' ')) {
                    continue;
                }
                // "Camp Director": a title or name head is no name.
                if rest.strip_prefix("Camp ").is_some_and(|w| self.keep_after.contains(w)) {
                    continue;
                }
                let span = Span::new(start, at + g.end());
                // A listed town before a state is left to the towns' rules, and its name there.
                if *kind == "city" && town_matches.iter().any(|t| t.span == span) {
                    continue;
                }
                let placed = || merge(out.iter().flat_map(|p| p.mentions.iter().map(|f| f.span)).collect());
                if overlaps_any(&matches, span)
                    || overlaps_merged(taken.get_or_insert_with(placed), span)
                    || in_org(span)
                    || vetoed(span)
                {
                    continue;
                }
                admin_spans.push(span);
                add(&mut out, kind, rest, Found { span, rule: *rule });
            }
        }
        // Towns: only in place context; a town accepted once counts everywhere.
        let admin_spans = merge(admin_spans);
        // "Cabot Microelectronics Corp. … Cabot’s portfolio": a town named like
        // the first word of an organization of the text is that body's short name.
        let opens_org = |span: Span| {
            let word = &text[span];
            orgs.iter().any(|o| {
                o.name.strip_prefix(word).is_some_and(|rest| rest.starts_with(' '))
                    || o.mentions.iter().any(|f| text[f.span].strip_prefix(word).is_some_and(|r| r.starts_with(' ')))
            })
        };
        let towns: Vec<GazetteerMatch> = town_matches
            .into_iter()
            .map(|t| GazetteerMatch { list: t.list - self.place_lists, ..t })
            .filter(|t| {
                !overlaps_any(&matches, t.span)
                    && !overlaps_merged(&admin_spans, t.span)
                    && !in_org(t.span)
                    && !vetoed(t.span)
                    && !opens_org(t.span)
            })
            .collect();
        let mut accepted: Set<(usize, usize)> = Set::default();
        for t in &towns {
            let strict = self.town_lists[t.list].1;
            let surface = &text[t.span];
            let ok = self.followed_by_region(text, t.span.end, &matches)
                || (!strict && (town_context(text, t.span.start, &ends) || possessive(text, t.span)));
            if ok && !self.starts_person(text, t.span, surface, &matches) {
                ends.push(t.span.end);
                accepted.insert((t.list, t.canonical));
            }
        }
        for t in &towns {
            if !accepted.contains(&(t.list, t.canonical)) {
                continue;
            }
            let (canonicals, strict) = &self.town_lists[t.list];
            let ok = if *strict {
                self.followed_by_region(text, t.span.end, &matches)
            } else {
                !self.starts_person(text, t.span, &text[t.span], &matches)
            };
            if ok {
                add(&mut out, "city", &canonicals[t.canonical], Found { span: t.span, rule: t.rule });
            }
        }
        for p in &mut out {
            tidy(&mut p.mentions);
        }
        out
    }

    /// True when `span` is followed by ", <region or country>" or ", <US state
    /// abbreviation>" ("Midland, Michigan", "Suva, Fiji", "Jackson, Miss.").
    fn followed_by_region(&self, text: &str, end: usize, matches: &[GazetteerMatch]) -> bool {
        let Some(rest) = text[end..].strip_prefix(", ") else {
            return false;
        };
        let at = end + 2;
        let i = matches.partition_point(|m| m.span.start < at);
        if let Some(m) = matches.get(i).filter(|m| m.span.start == at && self.lists[m.list].0 != "city") {
            // "Jalali, Iran's ambassador" is a person and a title.
            let tail = &text[m.span.end..];
            return !(tail.starts_with("'s") || tail.starts_with("’s"));
        }
        let word = ahead(rest, 16).split([' ', '\n', ',', ';', ')']).next().unwrap_or("");
        self.abbreviations.contains(word) || self.abbreviations.contains(word.trim_end_matches('.'))
    }

    /// True when a place name that is also a given name is followed by a
    /// capitalized word that is no place, title or name head ("Anand Kumar").
    fn starts_person(&self, text: &str, span: Span, surface: &str, matches: &[GazetteerMatch]) -> bool {
        if !self.given.contains(surface) {
            return false;
        }
        let Some(rest) = text[span.end..].strip_prefix(' ') else {
            return false;
        };
        let word: &str =
            ahead(rest, 48).split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')).next().unwrap_or("");
        let mut chars = word.chars();
        if !chars.next().is_some_and(char::is_uppercase) || !chars.any(char::is_lowercase) {
            return false;
        }
        let at = span.end + 1;
        let i = matches.partition_point(|m| m.span.start < at);
        let place_next = matches.get(i).is_some_and(|m| m.span.start == at);
        !place_next && !self.keep_after.contains(word)
    }
}

/// "Lansing's": a possessive, unless the town ends a run of capitalized
/// words ("Kazem Jalali's" is a person).
fn possessive(text: &str, span: Span) -> bool {
    let after = &text[span.end..];
    if !(after.starts_with("'s") || after.starts_with("’s")) {
        return false;
    }
    let prev = behind(text, span.start, 48).strip_suffix(' ').and_then(|b| b.rsplit(' ').next()).unwrap_or("");
    !prev.chars().next().is_some_and(char::is_uppercase)
}

/// Upper-case form with hyphens as spaces: how a dateline name is looked up.
fn caps_key(s: &str) -> String {
    // Most names are ASCII, which needs no table of case mappings.
    if s.is_ascii() {
        return s.bytes().map(|b| if b == b'-' { ' ' } else { char::from(b.to_ascii_uppercase()) }).collect();
    }
    s.chars().map(|c| if c == '-' { ' ' } else { c }).flat_map(char::to_uppercase).collect()
}

/// At most `n` bytes from the start of `s` (fewer to end on a char boundary).
fn ahead(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// At most `n` bytes of `text` before `at` (fewer to start on a char boundary).
fn behind(text: &str, at: usize, n: usize) -> &str {
    let mut from = at.saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..at]
}

/// The groups of every match of `re` in `text`, each with the offset its
/// positions are relative to. `by_line` ([`Pattern::within_lines`]): only the lines
/// that hold one of the pattern's literals are searched, each on its own, so
/// that a literal in one paragraph ("regional") does not send the search
/// over all the others.
fn captures_by_line<'t>(re: &Pattern, text: &'t str, by_line: bool) -> Vec<(usize, Groups<'t>)> {
    if !by_line {
        return re.captures_iter(text).map(|c| (0, c)).collect();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(hit) = re.next_literal(text, from) {
        let start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[hit..]).map_or(text.len(), |i| hit + i);
        out.extend(re.captures_iter(&text[start..end]).map(|c| (start, c)));
        from = end + 1;
        if from > text.len() {
            break;
        }
    }
    out
}

/// Every veto match, merged into sorted disjoint spans.
fn veto_spans(vetoes: &[Pattern], text: &str) -> Vec<Span> {
    merge(vetoes.iter().flat_map(|re| re.find_iter(text)).collect())
}

/// Spans sorted and merged where they overlap or touch.
fn merge(mut all: Vec<Span>) -> Vec<Span> {
    all.sort();
    let mut out: Vec<Span> = Vec::new();
    for s in all {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// True when one of the sorted, disjoint `spans` overlaps `span`.
fn overlaps_merged(spans: &[Span], span: Span) -> bool {
    let i = spans.partition_point(|s| s.end <= span.start);
    spans.get(i).is_some_and(|s| s.start < span.end)
}

/// True when one of the sorted, disjoint `spans` contains `span`.
fn covered(spans: &[Span], span: Span) -> bool {
    let i = spans.partition_point(|s| s.start <= span.start);
    i > 0 && spans[i - 1].contains(span)
}

/// True when a match of the sorted, non-overlapping `matches` overlaps `span`.
fn overlaps_any(matches: &[GazetteerMatch], span: Span) -> bool {
    let i = matches.partition_point(|m| m.span.end <= span.start);
    matches.get(i).is_some_and(|m| m.span.start < span.end)
}

/// The word before `start` and the word before that, lower-cased (looking back
/// at most a few dozen bytes).
fn words_before(text: &str, start: usize) -> (String, String) {
    let mut from = start.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    if !text[from..start].trim_end().ends_with(|c: char| c.is_alphanumeric()) {
        return (String::new(), String::new());
    }
    let mut words =
        text[from..start].split(|c: char| !(c.is_alphanumeric() || c == '-')).rev().filter(|w| !w.is_empty());
    let w1 = words.next().unwrap_or("").to_lowercase();
    let w2 = words.next().unwrap_or("").to_lowercase();
    (w1, w2)
}

/// Place context for a town: a place preposition or compass adjective right
/// before it ("in Lansing", "northwestern Torkham"), not "according to"; or
/// "and"/"or" right after another place ("Holland and Lansing").
fn town_context(text: &str, start: usize, ends: &[usize]) -> bool {
    let before = text[..start].trim_end();
    if !before.ends_with(|c: char| c.is_alphanumeric()) {
        return false;
    }
    let (w1, w2) = words_before(text, start);
    if w1 == "and" || w1 == "or" {
        let prev = before[..before.len() - w1.len()].trim_end();
        return ends.contains(&prev.len());
    }
    TOWN_PREPOSITIONS.contains(&w1.as_str()) && !((w1 == "to" || w1 == "from") && NOT_PLACE_TO.contains(&w2.as_str()))
}

fn place_context(text: &str, start: usize, end: usize) -> bool {
    // "in the Pacific": a preposition before the article counts.
    let (w1, w2) = words_before(text, start);
    let prev = if w1 == "the" { w2 } else { w1 };
    let after = &text[end..];
    PLACE_PREPOSITIONS.contains(&prev.as_str())
        || after.starts_with("'s")
        || after.starts_with("’s")
        || after.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static RULES: LazyLock<RuleSet> = LazyLock::new(|| crate::rules::load_embedded().unwrap());

    /// Every group of every match, with positions in `text`.
    fn groups_of(found: Vec<(usize, Groups<'_>)>) -> Vec<Vec<Option<(usize, usize)>>> {
        let names = ["name", "bare", "of"];
        found
            .into_iter()
            .map(|(at, c)| {
                let whole = Some(c.whole()).map(|g| (at + g.start(), at + g.end()));
                let named = names.iter().map(|n| c.name(n).map(|g| (at + g.start(), at + g.end())));
                std::iter::once(whole).chain(named).collect()
            })
            .collect()
    }

    static PLACES: LazyLock<Places> = LazyLock::new(|| Places::new(&RULES, &mut RuleNames::default()).unwrap());

    /// The surfaces of the lists with this tag, as a set.
    fn surfaces(tag: &str) -> Set<String> {
        RULES.lists("locations", tag).flat_map(|l| l.surfaces().map(str::to_string)).collect()
    }

    #[test]
    fn words_hold_every_entry() {
        for (words, tag) in [(&PLACES.given, "given-name"), (&PLACES.ambiguous, "ambiguous")] {
            let all = surfaces(tag);
            assert!(!all.is_empty(), "{tag}");
            assert!(all.iter().all(|w| words.contains(w)), "{tag}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn words_as_their_sets(w in "(Jordan|Chad|Anand|Georgia|Kumar|[A-Za-zÉé ]{0,3}){1,3}") {
            for (words, tag) in [(&PLACES.given, "given-name"), (&PLACES.ambiguous, "ambiguous")] {
                prop_assert_eq!(words.contains(&w), surfaces(tag).contains(&w), "{}", tag);
            }
        }
    }

    #[test]
    fn which_patterns_are_searched_by_line() {
        for tag in ["admin", "site"] {
            for p in RULES.patterns("locations", tag) {
                assert!(p.regex.within_lines(), "{}", p.id);
            }
        }
        for p in [r"\A\p{Lu}\w+ County", r"\p{Lu}\w+\s+County", r"(?s)C.unty", r"County$", r"(?mR)County$", r"(?:)"] {
            assert!(!Pattern::new(p).unwrap().within_lines(), "{p}");
        }
        assert!(Pattern::new(r"(?m)^\p{Lu}\w+ County\b$").unwrap().within_lines());
    }

    /// Words, suffixes and separators the admin and site patterns read,
    /// glued anyhow, with line breaks among them.
    fn admin_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "Kilifi",
            "Swat",
            "Helmand",
            "The",
            "In",
            "Camp",
            "Bastion",
            "Director",
            "Ramstein",
            "County",
            "county",
            "Province",
            "province",
            "District",
            "district",
            "region",
            "Region",
            "regional",
            "Regional",
            "Oblast",
            "of",
            "Air Base",
            "Naval Station",
            "Military Base",
            "Air",
            "Base",
            " ",
            " ",
            " ",
            "-",
            "\n",
            "\n",
            "\r\n",
            ", ",
            ".",
            "é",
            "Ærø",
            "Øst",
            "’s",
        ]);
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]
        #[test]
        fn a_search_by_line_finds_what_a_whole_search_finds(text in admin_text()) {
            for tag in ["admin", "site"] {
                for p in RULES.patterns("locations", tag) {
                    let re = &p.regex;
                    let by_line = groups_of(captures_by_line(re, &text, true));
                    let whole = groups_of(re.captures_iter(&text).map(|c| (0, c)).collect());
                    prop_assert_eq!(by_line, whole, "{}", p.id);
                }
            }
        }
    }
}
