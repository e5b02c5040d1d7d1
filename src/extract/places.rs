//! Locations: countries, cities and regions from gazetteers.
//!
//! Lists with `field = "locations"` and tag `country`, `city` or `region` are
//! matched as whole words; the tag becomes the location's `kind`. A place name
//! inside an organization's name ("Moscow State University") is not a location.
//! Names on the `ambiguous` list ("Jordan", "Chad") need a preposition before
//! them ("in Jordan") or a possessive after ("Jordan's"). Demonym lists
//! (`tag = "demonym"`: country → "Iranian", …) are not locations; people use
//! them for affiliations.

use std::collections::{HashMap, HashSet};

use super::{tidy, Cover, Doc, Found, Gazetteer, OrgX, PlaceX, RuleNames};
use crate::rules::{RuleError, RuleSet};

const KINDS: &[&str] = &["country", "city", "region"];

pub struct Places {
    gazetteer: Gazetteer,
    /// Per list: its kind and canonical names.
    lists: Vec<(String, Vec<String>)>,
    ambiguous: HashSet<String>,
    /// Surface form (country name or demonym) → country canonical name.
    countries: HashMap<String, String>,
}

/// Words that, right before an ambiguous name, show it is used as a place.
const PLACE_PREPOSITIONS: &[&str] =
    &["in", "to", "from", "of", "at", "near", "across", "into", "visit", "visited", "and"];

impl Places {
    pub fn new(rules: &RuleSet, names: &mut RuleNames) -> Result<Places, RuleError> {
        let lists: Vec<_> = KINDS.iter().flat_map(|k| rules.lists("locations", k)).collect();
        let gazetteer = Gazetteer::new(&lists, names);
        let ambiguous = rules.lists("locations", "ambiguous").flat_map(|l| l.surfaces().map(str::to_string)).collect();
        let mut countries = HashMap::new();
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
        })
    }

    /// The country a name or demonym points to ("Iranian" → "Iran",
    /// "Russian Federation" → "Russia").
    pub fn country_of(&self, word: &str) -> Option<&str> {
        self.countries.get(word).map(String::as_str)
    }

    pub fn extract(&self, doc: &Doc<'_>, orgs: &[OrgX]) -> Vec<PlaceX> {
        let text = doc.text;
        let mut out: Vec<PlaceX> = Vec::new();
        let in_orgs = Cover::new(orgs.iter().flat_map(|o| o.mentions.iter().map(|f| f.span)));
        for m in self.gazetteer.find(text) {
            if in_orgs.contains(m.span) {
                continue;
            }
            let surface = &text[m.span];
            if self.ambiguous.contains(surface) && !place_context(text, m.span.start, m.span.end) {
                continue;
            }
            let (kind, canonicals) = &self.lists[m.list];
            let name = &canonicals[m.canonical];
            let found = Found { span: m.span, rule: m.rule };
            match out.iter_mut().find(|p| &p.name == name) {
                Some(p) => p.mentions.push(found),
                None => out.push(PlaceX { name: name.clone(), kind: kind.clone(), mentions: vec![found] }),
            }
        }
        for p in &mut out {
            tidy(&mut p.mentions);
        }
        out
    }
}

fn place_context(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let prev = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let after = &text[end..];
    PLACE_PREPOSITIONS.contains(&prev.to_lowercase().as_str())
        || after.starts_with("'s")
        || after.starts_with("’s")
        || after.starts_with('-')
}
