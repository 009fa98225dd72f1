//! Site furniture learned from the corpus: lines an outlet prints on many of its pages.
//!
//! The rules of `clean.rs` and `furniture.rs` know furniture by its words or its shape.
//! What they cannot know is a site's own template: aol.com closes every page with the same
//! newsletter box and the same ten "In Other News" headlines, prices and dates in them.
//! Those lines are one outlet's, recurring across pages of different stories, so a first
//! pass over the corpus counts, per outlet, on how many distinct pages each line is
//! ([`Census`]), and ingest drops the lines that pass the thresholds of `recurring.toml`
//! ([`Learned`]).
//!
//! Counting is bounded and order-independent, so a run learns the same set with any number
//! of threads and any batch size, and memory stays flat at a million articles: each outlet
//! keeps only a sample of its pages, those with the smallest hashes of their identity (URL,
//! else title), and the whole census at most `pages_total` pages, thinned by halving the
//! range of hashes kept. Both samples are functions of the set of pages alone, and two
//! censuses merge into the census of the union ([`Census::merge`]). A page's identity
//! makes a page re-scraped under one URL count once, so a live blog captured five times
//! does not teach its own paragraphs as furniture.

use crate::text::count_words_upto;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64;

#[derive(Deserialize)]
struct Rules {
    label_min_pages: usize,
    sentence_min_pages: usize,
    sentence_min_share: f64,
    max_words: usize,
    max_bytes: usize,
    lines_per_page: usize,
    pages_per_source: usize,
    pages_total: usize,
}

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    toml::from_str(include_str!("recurring.toml")).expect("recurring.toml is valid")
});

/// Whether a trimmed line ends as a sentence ends: such lines are held to the stricter
/// thresholds, and their digits are kept.
fn is_sentence(t: &str) -> bool {
    t.ends_with(['.', '!', '?', '"', '”', '\'', '’'])
}

/// The key of a line for counting: its words lower-cased and joined by single spaces; in a
/// label line (not a sentence) each run of digits is one `0`, so "Updated 3:14 PM" and
/// "Updated 10:02 AM" are one line. The lowest bit says whether the line is a sentence.
/// `None` for a blank line and for a paragraph (more than `max_words` words), which is
/// never furniture of this kind.
pub fn line_key(line: &str) -> Option<u64> {
    let t = line.trim();
    if t.is_empty()
        || t.len() > RULES.max_bytes
        || count_words_upto(t, RULES.max_words + 1) > RULES.max_words
    {
        return None;
    }
    let sentence = is_sentence(t);
    // Normalised on the stack: every line of every body of an outlet with learned lines
    // is keyed, and an allocation per line was a cost of its own. Lower-casing can grow a
    // character (at most threefold), so the buffer holds any line under `max_bytes`.
    let mut norm = Norm {
        buf: [0; NORM_BYTES],
        len: 0,
    };
    let mut digits = false;
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
            digits = false;
            continue;
        }
        if space {
            norm.push(' ');
            space = false;
        }
        if !sentence && c.is_ascii_digit() {
            if !digits {
                norm.push('0');
            }
            digits = true;
            continue;
        }
        digits = false;
        if c.is_ascii() {
            norm.push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(|l| norm.push(l));
        }
    }
    let norm = norm.bytes()?;
    Some((xxh3_64(norm) & !1) | sentence as u64)
}

/// Room for a normalised line: `max_bytes` of text, each character lower-cased into at
/// most three times its bytes.
const NORM_BYTES: usize = 1536;

/// A line's key text, built in place.
struct Norm {
    buf: [u8; NORM_BYTES],
    len: usize,
}

impl Norm {
    fn push(&mut self, c: char) {
        let end = self.len + c.len_utf8();
        if end <= NORM_BYTES {
            c.encode_utf8(&mut self.buf[self.len..end]);
        }
        // Past the buffer the length still grows, so `bytes` knows the line overflowed.
        self.len = end;
    }

    /// The text, or `None` when it did not fit (a line longer than `max_bytes` allows).
    fn bytes(&self) -> Option<&[u8]> {
        self.buf.get(..self.len)
    }
}

/// The hash a page is sampled by: of its outlet and its identity (URL, else title).
pub fn page_id(source: &str, identity: &str) -> u64 {
    let mut key = Vec::with_capacity(source.len() + identity.len() + 1);
    key.extend_from_slice(source.as_bytes());
    key.push(0);
    key.extend_from_slice(identity.trim().as_bytes());
    xxh3_64(&key)
}

/// The keys of a body's lines that learned furniture could drop, each folded to 32 bits,
/// sorted and each once. Two runs whose furniture for an outlet differs only in keys a
/// page's witness lacks strip that page alike, so a cached result of it still holds; a
/// fold that makes two keys one can only make the cache re-read a page it could have kept.
pub fn witness(body: &str) -> Box<[u32]> {
    witness_of(body.lines().filter_map(line_key))
}

/// The [`witness`] of lines already keyed.
fn witness_of(keys: impl Iterator<Item = u64>) -> Box<[u32]> {
    let mut keys: Vec<u32> = keys.map(fold).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into()
}

fn fold(key: u64) -> u32 {
    (key ^ (key >> 32)) as u32
}

/// What the census saw of one file: its outlet and identity hash, and its page when the
/// census could keep it (its lines are read only then).
#[derive(Debug, Clone)]
pub struct Seen {
    pub source: String,
    pub id: u64,
    pub page: Option<Page>,
}

/// One page's part in the census: its outlet, identity and the keys of its lines.
#[derive(Debug, Clone)]
pub struct Page {
    source: String,
    /// Hash of the page's identity (URL, else title): the sample keeps the smallest.
    id: u64,
    /// Hash of the page's keys: of two pages with one identity, the smaller is kept.
    content: u64,
    /// Distinct line keys, sorted.
    lines: Box<[u64]>,
}

impl Page {
    /// A page of `source` known by `identity` (its URL, else its title), with its lines.
    pub fn new<'a>(source: String, identity: &str, lines: impl Iterator<Item = &'a str>) -> Page {
        let id = page_id(&source, identity);
        Page::with_id(source, id, lines)
    }

    /// A page whose identity hash ([`page_id`]) is known, with its lines.
    pub fn with_id<'a>(source: String, id: u64, lines: impl Iterator<Item = &'a str>) -> Page {
        let mut keys: Vec<u64> = lines
            .filter_map(line_key)
            .take(RULES.lines_per_page)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        Page::from_keys(source, id, keys.into())
    }

    /// A page from the keys of its lines as [`Page::keys`] gave them (sorted, each once).
    pub fn from_keys(source: String, id: u64, keys: Box<[u64]>) -> Page {
        let bytes: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
        Page {
            content: xxh3_64(&bytes),
            id,
            source,
            lines: keys,
        }
    }

    /// The distinct keys of its lines, sorted.
    pub fn keys(&self) -> &[u64] {
        &self.lines
    }
}

/// The content hash of a held page, which has no lines. A page read with no lines has the
/// hash of no bytes, not this, so a held page is told apart from every page read.
const HELD: u64 = u64::MAX;

/// The pages kept for one outlet, by identity hash: (content hash, line keys).
type Sample = BTreeMap<u64, (u64, Box<[u64]>)>;

/// Line counts per outlet over a bounded, order-independent sample of pages.
#[derive(Debug, Clone)]
pub struct Census {
    /// Pages with an identity hash above this are not kept (halved as the census fills).
    limit: u64,
    stored: usize,
    sources: HashMap<String, Sample>,
}

impl Default for Census {
    fn default() -> Self {
        Census {
            limit: u64::MAX,
            stored: 0,
            sources: HashMap::default(),
        }
    }
}

impl Census {
    /// Counts one page.
    pub fn add(&mut self, page: Page) {
        let Page {
            source,
            id,
            content,
            lines,
        } = page;
        self.insert(source, id, content, lines);
    }

    /// Counts a page whose lines are not at hand yet: it takes its place in the sample as
    /// the page itself would (the sample's choice depends only on identities). If it is
    /// still kept once every page is counted, [`Census::add`] of the page read gives it its
    /// lines (of two pages with one identity, the smaller content is kept, as always). A
    /// run then reads only the pages kept at the end, not every page that could be kept
    /// when it was met.
    pub fn hold(&mut self, source: String, id: u64) {
        self.insert(source, id, HELD, Box::default());
    }

    /// Whether the sample holds a page [`Census::hold`] counted and not yet read.
    pub fn holds(&self, source: &str, id: u64) -> bool {
        self.sources
            .get(source)
            .and_then(|sample| sample.get(&id))
            .is_some_and(|(content, lines)| *content == HELD && lines.is_empty())
    }

    /// Drops a page still held (its lines could not be read after all: the file went away
    /// or changed during the run), as if it had never been counted; a page settled or
    /// read stays.
    pub fn forget(&mut self, source: &str, id: u64) {
        if !self.holds(source, id) {
            return;
        }
        if let Some(sample) = self.sources.get_mut(source) {
            sample.remove(&id);
            self.stored -= 1;
            if sample.is_empty() {
                self.sources.remove(source);
            }
        }
    }

    /// Whether a page of `source` whose identity hashes to `id` could be kept: not when its
    /// hash is past the limit, nor when the outlet's sample is full of smaller hashes. A
    /// page this census would not keep no merge with it keeps either (the limit only falls
    /// and a sample only gets smaller hashes), so the census skips reading its lines.
    pub fn could_keep(&self, source: &str, id: u64) -> bool {
        if id > self.limit {
            return false;
        }
        self.sources.get(source).is_none_or(|sample| {
            sample.len() < RULES.pages_per_source
                || sample.last_key_value().is_some_and(|(&last, _)| id <= last)
        })
    }

    fn insert(&mut self, source: String, id: u64, content: u64, lines: Box<[u64]>) {
        if id > self.limit {
            return;
        }
        let sample = self.sources.entry(source).or_default();
        match sample.entry(id) {
            std::collections::btree_map::Entry::Occupied(mut e) => {
                if content < e.get().0 {
                    e.insert((content, lines));
                }
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert((content, lines));
                self.stored += 1;
                if sample.len() > RULES.pages_per_source {
                    sample.pop_last();
                    self.stored -= 1;
                }
            }
        }
        while self.stored > RULES.pages_total {
            self.thin(self.limit / 2);
        }
    }

    /// Keeps only the pages with an identity hash at most `limit`.
    fn thin(&mut self, limit: u64) {
        if limit >= self.limit {
            return;
        }
        self.limit = limit;
        for sample in self.sources.values_mut() {
            let dropped = sample.split_off(&limit.saturating_add(1)).len();
            self.stored -= dropped;
        }
        self.sources.retain(|_, s| !s.is_empty());
    }

    /// The census of both sets of pages: the same whichever way the pages were split.
    pub fn merge(self, other: Census) -> Census {
        let (mut into, from) = if self.stored >= other.stored {
            (self, other)
        } else {
            (other, self)
        };
        into.thin(from.limit);
        for (source, sample) in from.sources {
            for (id, (content, lines)) in sample {
                into.insert(source.clone(), id, content, lines);
            }
        }
        into
    }

    /// The line keys of a page the census kept, by outlet and identity hash.
    pub fn kept(&self, source: &str, id: u64) -> Option<&[u64]> {
        self.sources
            .get(source)
            .and_then(|sample| sample.get(&id))
            .map(|(_, lines)| &lines[..])
    }

    /// Pages kept, over all outlets.
    pub fn pages(&self) -> usize {
        self.stored
    }

    /// The lines of each outlet that are furniture by the thresholds of `recurring.toml`.
    pub fn learn(&self) -> Learned {
        let mut by_source = HashMap::default();
        for (source, sample) in &self.sources {
            let pages = sample.len();
            if pages < RULES.label_min_pages.min(RULES.sentence_min_pages) {
                continue;
            }
            let mut counts: HashMap<u64, usize> = HashMap::default();
            for (_, lines) in sample.values() {
                for &k in lines.iter() {
                    *counts.entry(k).or_default() += 1;
                }
            }
            let furniture: HashSet<u64> = counts
                .into_iter()
                .filter(|&(k, n)| {
                    if k & 1 == 1 {
                        n >= RULES.sentence_min_pages
                            && n as f64 >= RULES.sentence_min_share * pages as f64
                    } else {
                        n >= RULES.label_min_pages
                    }
                })
                .map(|(k, _)| k)
                .collect();
            if !furniture.is_empty() {
                by_source.insert(source.clone(), furniture);
            }
        }
        Learned { by_source }
    }
}

/// The furniture learned from a corpus: line keys by outlet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Learned {
    by_source: HashMap<String, HashSet<u64>>,
}

impl Learned {
    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }

    /// Outlets with learned furniture.
    pub fn sources(&self) -> usize {
        self.by_source.len()
    }

    /// Learned lines, over all outlets.
    pub fn lines(&self) -> usize {
        self.by_source.values().map(HashSet::len).sum()
    }

    /// The lines furniture of an outlet in one of `self` and `before` but not in both.
    pub fn changes(&self, before: &Learned) -> Learned {
        let mut by_source: HashMap<String, HashSet<u64>> = HashMap::default();
        let empty = HashSet::default();
        let outlets = self.by_source.keys().chain(before.by_source.keys());
        for source in outlets {
            if by_source.contains_key(source) {
                continue;
            }
            let now = self.by_source.get(source).unwrap_or(&empty);
            let then = before.by_source.get(source).unwrap_or(&empty);
            let changed: HashSet<u64> = now.symmetric_difference(then).copied().collect();
            if !changed.is_empty() {
                by_source.insert(source.clone(), changed);
            }
        }
        Learned { by_source }
    }

    /// Whether a page of `source` whose [`witness`] is `lines` holds any of these lines.
    pub fn touches(&self, source: Option<&str>, lines: &[u32]) -> bool {
        source
            .and_then(|s| self.by_source.get(s))
            .is_some_and(|set| set.iter().any(|&k| lines.binary_search(&fold(k)).is_ok()))
    }

    /// Whether `line` is furniture of `source`.
    pub fn is_furniture(&self, source: &str, line: &str) -> bool {
        self.by_source
            .get(source)
            .is_some_and(|set| line_key(line).is_some_and(|k| set.contains(&k)))
    }

    /// Drops the lines of `body` that are furniture of `source`; a blank line left beside
    /// another goes too. Bodies of outlets with nothing learned come back as they were.
    pub fn strip(&self, source: Option<&str>, body: String) -> String {
        self.strip_witnessed(source, body, false).0
    }

    /// [`Learned::strip`], and with `witness` the body's [`witness`] too (else an empty
    /// one): both key the same lines, so each line is keyed once, and not at all for an
    /// outlet with nothing learned when no witness is asked for (a run without a cache).
    pub fn strip_witnessed(
        &self,
        source: Option<&str>,
        body: String,
        witness: bool,
    ) -> (String, Box<[u32]>) {
        let set = source.and_then(|s| self.by_source.get(s));
        if set.is_none() && !witness {
            return (body, Box::default());
        }
        let keys: Vec<Option<u64>> = body.lines().map(line_key).collect();
        let witnessed = if witness {
            witness_of(keys.iter().flatten().copied())
        } else {
            Box::default()
        };
        let Some(set) = set else {
            return (body, witnessed);
        };
        let drop: Vec<bool> = keys
            .iter()
            .map(|k| k.is_some_and(|k| set.contains(&k)))
            .collect();
        if !drop.iter().any(|&d| d) {
            return (body, witnessed);
        }
        let mut out = String::with_capacity(body.len());
        let mut blank = true;
        for (line, drop) in body.lines().zip(drop) {
            if drop {
                continue;
            }
            let is_blank = line.trim().is_empty();
            if is_blank && blank {
                continue;
            }
            out.push_str(line);
            out.push('\n');
            blank = is_blank;
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        (out, witnessed)
    }
}

#[cfg(test)]
#[path = "recurring_tests.rs"]
mod tests;
