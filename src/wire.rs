//! Realistic wire copies of a story, for the tests and benchmarks of story finding: what
//! an outlet does when it prints an agency's story — a rewritten headline, a dateline and a
//! credit line, the ending trimmed, a paragraph cut or added, its own furniture between
//! the paragraphs. Deterministic: the same story, edits and seed give the same copy.
//!
//! The lists of datelines, credits and furniture are data, in `wire.toml`.

use serde::Deserialize;
use std::sync::LazyLock;

/// A story as headline and paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// Which edits a copy makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Edits {
    /// A prefix or suffix on the headline ("Ukraine: …", "… | Reuters").
    pub retitle: bool,
    /// "LONDON (Reuters) - " before the first paragraph.
    pub dateline: bool,
    /// A credit or copyright line after the last paragraph.
    pub credit: bool,
    /// The ending cut: up to a fifth of the paragraphs, at least one (stories of five
    /// paragraphs or more; outlets cut long stories to fit, rarely short ones).
    pub trim: bool,
    /// One paragraph from the middle cut (stories of six paragraphs or more).
    pub drop_paragraph: bool,
    /// One paragraph of update added at the end.
    pub add_paragraph: bool,
    /// Furniture lines and a list of related headlines between paragraphs.
    pub furniture: bool,
}

impl Edits {
    /// Every edit at once: the heaviest copy.
    pub fn all() -> Edits {
        Edits {
            retitle: true,
            dateline: true,
            credit: true,
            trim: true,
            drop_paragraph: true,
            add_paragraph: true,
            furniture: true,
        }
    }

    /// The edits an agency copy usually has: headline, dateline, credit.
    pub fn light() -> Edits {
        Edits {
            retitle: true,
            dateline: true,
            credit: true,
            ..Edits::default()
        }
    }

    /// A mix of edits with the odds of an outlet's copy: the headline usually rewritten,
    /// dateline, credit and furniture often added, the ending sometimes cut, a paragraph
    /// less often cut or added.
    pub fn random(seed: u64) -> Edits {
        let mut rng = Rng(seed);
        let mut odds = |percent: u64| rng.next_u64() % 100 < percent;
        Edits {
            retitle: odds(70),
            dateline: odds(50),
            credit: odds(50),
            trim: odds(40),
            drop_paragraph: odds(25),
            add_paragraph: odds(25),
            furniture: odds(50),
        }
    }
}

#[derive(Deserialize)]
struct Lists {
    datelines: Vec<String>,
    credits: Vec<String>,
    furniture: Vec<String>,
    related: Vec<String>,
    headline_prefixes: Vec<String>,
    headline_suffixes: Vec<String>,
    updates: Vec<String>,
}

static LISTS: LazyLock<Lists> =
    LazyLock::new(|| toml::from_str(include_str!("wire.toml")).expect("wire.toml is valid"));

/// splitmix64: small, well mixed and the same everywhere.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &'a [String]) -> &'a str {
        &list[self.below(list.len())]
    }
}

/// A copy of `story` with `edits`, the choices within each edit made by `seed`.
pub fn copy(story: &Story, edits: &Edits, seed: u64) -> Story {
    let lists = &*LISTS;
    let mut rng = Rng(seed);
    let mut title = story.title.clone();
    if edits.retitle {
        if rng.next_u64() & 1 == 0 {
            title = format!("{}{title}", rng.pick(&lists.headline_prefixes));
        } else {
            title.push_str(rng.pick(&lists.headline_suffixes));
        }
    }
    let mut paragraphs = story.paragraphs.clone();
    if edits.trim && paragraphs.len() >= 5 {
        let cut = 1 + rng.below((paragraphs.len() / 5).max(1));
        paragraphs.truncate(paragraphs.len() - cut);
    }
    if edits.drop_paragraph && paragraphs.len() >= 6 {
        let at = 1 + rng.below(paragraphs.len() - 2);
        paragraphs.remove(at);
    }
    if edits.add_paragraph {
        paragraphs.push(rng.pick(&lists.updates).to_string());
    }
    if edits.dateline
        && let Some(first) = paragraphs.first_mut()
    {
        *first = format!("{}{first}", rng.pick(&lists.datelines));
    }
    if edits.furniture && paragraphs.len() >= 2 {
        let at = 1 + rng.below(paragraphs.len() - 1);
        paragraphs.insert(at, rng.pick(&lists.furniture).to_string());
        let mut related = vec!["Related stories".to_string()];
        for _ in 0..3 + rng.below(3) {
            related.push(rng.pick(&lists.related).to_string());
        }
        let at = rng.below(paragraphs.len() + 1);
        paragraphs.splice(at..at, related);
    }
    if edits.credit {
        paragraphs.push(rng.pick(&lists.credits).to_string());
    }
    Story { title, paragraphs }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> Story {
        Story {
            title: "Europe weighs a force for Ukraine".into(),
            paragraphs: (1..=10)
                .map(|i| format!("Paragraph {i} of the story, long enough to read."))
                .collect(),
        }
    }

    #[test]
    fn same_seed_same_copy_other_seed_other_choices() {
        let s = story();
        assert_eq!(copy(&s, &Edits::all(), 7), copy(&s, &Edits::all(), 7));
        let copies: std::collections::HashSet<_> = (0..20)
            .map(|seed| copy(&s, &Edits::all(), seed).paragraphs)
            .collect();
        assert!(copies.len() > 5);
        assert_eq!(copy(&s, &Edits::default(), 3), s, "no edits, no change");
    }

    #[test]
    fn each_edit_does_what_it_says() {
        let s = story();
        let only = |e: Edits| copy(&s, &e, 11);
        let c = only(Edits {
            retitle: true,
            ..Default::default()
        });
        assert!(c.title != s.title && c.title.contains(&s.title));
        let c = only(Edits {
            dateline: true,
            ..Default::default()
        });
        assert!(c.paragraphs[0].ends_with(&s.paragraphs[0]) && c.paragraphs[0] != s.paragraphs[0]);
        let c = only(Edits {
            credit: true,
            ..Default::default()
        });
        assert_eq!(c.paragraphs[..10], s.paragraphs[..]);
        assert_eq!(c.paragraphs.len(), 11);
        let c = only(Edits {
            trim: true,
            ..Default::default()
        });
        assert!((8..10).contains(&c.paragraphs.len()));
        assert!(s.paragraphs.starts_with(&c.paragraphs));
        let c = only(Edits {
            drop_paragraph: true,
            ..Default::default()
        });
        assert_eq!(c.paragraphs.len(), 9);
        assert_eq!(c.paragraphs[0], s.paragraphs[0]);
        assert_eq!(c.paragraphs.last(), s.paragraphs.last());
        let c = only(Edits {
            add_paragraph: true,
            ..Default::default()
        });
        assert_eq!(c.paragraphs.len(), 11);
        let c = only(Edits {
            furniture: true,
            ..Default::default()
        });
        assert!(c.paragraphs.len() >= 10 + 5);
        assert!(c.paragraphs.iter().any(|p| p == "Related stories"));
        assert!(s.paragraphs.iter().all(|p| c.paragraphs.contains(p)));
    }
}
