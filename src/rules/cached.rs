//! A regex whose search caches live with the threads that search it.
//!
//! `regex_automata::meta::Regex` keeps its caches in a pool: the first
//! thread to search a regex owns a fast path to one cache, and every other
//! thread locks a mutex to take a cache and again to give it back. With two
//! workers, half the searches took that slow path: 1.1% of a run's CPU
//! (perf, `--jobs 2`, 50 MB). [`Cached`] keeps a table of caches per thread
//! instead, one slot per live regex, so that every thread searches as the
//! owner would. Matches are those of the regex itself.
//!
//! ```
//! use newsx::rules::Cached;
//! use regex_automata::{meta::Regex, Input};
//!
//! let re = Cached::new(Regex::new(r"\d+").unwrap());
//! let m = re.search(&Input::new("born 1987")).unwrap();
//! assert_eq!(m.range(), 5..9);
//! assert!(std::thread::scope(|s| s.spawn(|| re.is_match(&Input::new("in 2025"))).join().unwrap()));
//! ```

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::{Input, Match, PatternSet};

/// A compiled regex searched with the calling thread's own cache.
#[derive(Clone, Debug)]
pub struct Cached {
    re: Regex,
    /// Shared by clones: they are the same regex, and may share a cache.
    slot: Arc<Slot>,
}

/// A regex's place in every thread's table. The index is reused once the
/// regex is gone (tests build thousands of rule sets); the key is not, so
/// that a cache left behind by an earlier owner of the index is recognized
/// and replaced rather than used.
#[derive(Debug)]
struct Slot {
    index: usize,
    key: u64,
}

/// Indexes freed by dropped regexes, and the next one never used.
static SLOTS: Mutex<(Vec<usize>, usize)> = Mutex::new((Vec::new(), 0));
static KEYS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Per slot index: the key of the regex whose cache this is, and the cache.
    static CACHES: RefCell<Vec<Option<(u64, Cache)>>> = const { RefCell::new(Vec::new()) };
}

impl Slot {
    fn new() -> Slot {
        let index = {
            let mut slots = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
            match slots.0.pop() {
                Some(index) => index,
                None => {
                    slots.1 += 1;
                    slots.1 - 1
                }
            }
        };
        Slot { index, key: KEYS.fetch_add(1, Ordering::Relaxed) }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        SLOTS.lock().unwrap_or_else(|e| e.into_inner()).0.push(self.index);
    }
}

impl Cached {
    /// `re` must report matches: built with `WhichCaptures::None`, its
    /// `search_with` (which every search here goes through) finds nothing.
    pub fn new(re: Regex) -> Cached {
        debug_assert!(re.get_config().get_which_captures().is_any(), "a regex that reports no matches");
        Cached { re, slot: Arc::new(Slot::new()) }
    }

    /// The regex itself (its group names, its own pooled searches).
    pub fn regex(&self) -> &Regex {
        &self.re
    }

    /// Runs `f` with this thread's cache for the regex, made on first use.
    fn with<R>(&self, f: impl FnOnce(&Regex, &mut Cache) -> R) -> R {
        CACHES.with(|table| {
            // Not reentrant: `f` is one search, which searches nothing else.
            let mut table = table.borrow_mut();
            let Slot { index, key } = *self.slot;
            if table.len() <= index {
                table.resize_with(index + 1, || None);
            }
            let entry = &mut table[index];
            if entry.as_ref().is_none_or(|(k, _)| *k != key) {
                *entry = Some((key, self.re.create_cache()));
            }
            let (_, cache) = entry.as_mut().expect("filled above");
            f(&self.re, cache)
        })
    }

    /// The leftmost-first match in `input`, as [`Regex::search`].
    pub fn search(&self, input: &Input<'_>) -> Option<Match> {
        self.with(|re, cache| re.search_with(cache, input))
    }

    /// True when `input` holds a match, as [`Regex::is_match`].
    pub fn is_match(&self, input: &Input<'_>) -> bool {
        let input = input.clone().earliest(true);
        self.with(|re, cache| re.search_half_with(cache, &input).is_some())
    }

    /// The groups of the leftmost-first match, as [`Regex::search_captures`].
    pub fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        self.with(|re, cache| re.search_captures_with(cache, input, caps))
    }

    /// Every pattern with a match in `input`, as
    /// [`Regex::which_overlapping_matches`].
    pub fn which_overlapping_matches(&self, input: &Input<'_>, patset: &mut PatternSet) {
        self.with(|re, cache| re.which_overlapping_matches_with(cache, input, patset))
    }

    pub fn create_captures(&self) -> Captures {
        self.re.create_captures()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_index_gets_a_fresh_cache() {
        // A cache made for one regex must never serve another that took its
        // index after it was dropped: the second would search with the
        // first's states. Here the second is given the first's index while
        // the first lives, as the free list would give it after.
        let first = Cached::new(Regex::new(r"[a-z]+").unwrap());
        assert_eq!(first.search(&Input::new("12 ab")).map(|m| m.range()), Some(3..5));
        let slot = Slot { index: first.slot.index, key: KEYS.fetch_add(1, Ordering::Relaxed) };
        let second = Cached { re: Regex::new(r"\d+").unwrap(), slot: Arc::new(slot) };
        assert_eq!(second.search(&Input::new("12 ab")).map(|m| m.range()), Some(0..2));
        assert!(!second.is_match(&Input::new("ab")));
        assert_eq!(first.search(&Input::new("12 ab")).map(|m| m.range()), Some(3..5));
        // Its index is the first's: freeing it twice would hand it out twice.
        std::mem::forget(second);
    }

    #[test]
    fn clones_and_threads_find_the_same_matches() {
        let re = Cached::new(Regex::new(r"(?P<y>\d{4})-(?P<m>\d{2})").unwrap());
        let copy = re.clone();
        let text = "on 2025-11 and 1987-10";
        let on = |r: &Cached| {
            let mut caps = r.create_captures();
            r.search_captures(&Input::new(text).range(12..), &mut caps);
            caps.get_group_by_name("y").map(|s| &text[s.range()])
        };
        assert_eq!(on(&re), Some("1987"));
        assert_eq!(on(&copy), Some("1987"));
        let elsewhere = std::thread::scope(|s| s.spawn(|| on(&copy)).join().unwrap());
        assert_eq!(elsewhere, Some("1987"));
    }
}
