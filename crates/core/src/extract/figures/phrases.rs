//! Multi-word entries of the word lists ("no more than", "square kilometres", "one of"),
//! matched token by token so that they see the text exactly as the scanner does.

use super::tokens::{Tok, tokenize};
use rustc_hash::FxHashMap as HashMap;

/// Multi-word phrases, tokenised like the text, looked up by their first token.
pub(super) struct Phrases<V> {
    by_first: HashMap<String, Vec<(Vec<String>, V)>>,
    all: Vec<(Vec<String>, V)>,
}

impl<V: Clone> Phrases<V> {
    pub(super) fn new(entries: impl IntoIterator<Item = (String, V)>) -> Self {
        let mut all: Vec<(Vec<String>, V)> = entries
            .into_iter()
            .map(|(p, v)| {
                let words = tokenize(&p, 0..p.len())
                    .into_iter()
                    .map(|t| t.lower)
                    .collect();
                (words, v)
            })
            .collect();
        // Longest first, so "no more than" wins over "more than".
        all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut by_first: HashMap<String, Vec<(Vec<String>, V)>> = HashMap::default();
        for (words, v) in &all {
            by_first
                .entry(words[0].clone())
                .or_default()
                .push((words.clone(), v.clone()));
        }
        Phrases { by_first, all }
    }

    /// The longest phrase starting at token `i`: its length in tokens and value.
    pub(super) fn at(&self, toks: &[Tok], i: usize) -> Option<(usize, &V)> {
        let cands = self.by_first.get(&toks.get(i)?.lower)?;
        cands.iter().find_map(|(words, v)| {
            let fits = words
                .iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| &t.lower == w));
            fits.then_some((words.len(), v))
        })
    }

    /// The longest phrase ending just before token `end`: its first token and value.
    pub(super) fn ending_at(&self, toks: &[Tok], end: usize) -> Option<(usize, &V)> {
        self.all.iter().find_map(|(words, v)| {
            let start = end.checked_sub(words.len())?;
            let fits = words
                .iter()
                .enumerate()
                .all(|(k, w)| toks[start + k].lower == *w);
            fits.then_some((start, v))
        })
    }
}
