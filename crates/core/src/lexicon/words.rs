//! Word lists looked up by the word around names and in quotes, rather than searched for
//! in the text: each word is short or common ("said", "in", "we"), so an automaton would
//! report it inside countless other words.

use super::Cues;

/// Word sets of the lists read around names and in quotes.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordLists {
    /// One-word speech verbs ("said").
    pub speech: WordSet,
    /// Speech phrases of several words ("according to"), lower-cased.
    pub speech_phrases: Vec<String>,
    /// The marker lists in one map, so a name's preceding word is looked up once.
    pub markers: WordMap<Marker>,
    pub relative: WordSet,
    pub conditions: WordSet,
    pub determiners: WordSet,
    pub purpose_verbs: WordSet,
    pub setting_nouns: WordSet,
    pub person_titles: WordSet,
    pub not_in_office: WordSet,
    pub first_person: WordSet,
    pub negatable: WordSet,
}

/// What a marker word before an actor's name makes it (`[cues]` `*_markers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Agent,
    Place,
    Object,
    Counterpart,
}

/// Words matched in any case, each with a value.
#[derive(Debug, Clone)]
pub(crate) struct WordMap<V>(rustc_hash::FxHashMap<String, V>);

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap(rustc_hash::FxHashMap::default())
    }
}

impl<V: Copy> WordMap<V> {
    /// The value of `w` in any case, looked up as `WordSet::contains` does.
    pub fn get(&self, w: &str) -> Option<V> {
        if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            self.0.get(&w.to_lowercase()).copied()
        } else {
            self.0.get(w).copied()
        }
    }
}

/// A set of words or phrases matched in any case.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet(rustc_hash::FxHashSet<String>);

impl WordSet {
    fn new<'a>(words: impl IntoIterator<Item = &'a String>) -> WordSet {
        WordSet(words.into_iter().map(|w| w.to_lowercase()).collect())
    }

    /// Whether the set holds `w` in any case. Most words are already lower-case ASCII and
    /// are looked up as they are; only the others are lower-cased into a copy.
    pub fn contains(&self, w: &str) -> bool {
        if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            self.0.contains(&w.to_lowercase())
        } else {
            self.0.contains(w)
        }
    }
}

impl WordLists {
    /// The word lists of `cues`, lower-cased.
    pub(super) fn new(cues: &Cues) -> WordLists {
        let (phrases, single): (Vec<&String>, Vec<&String>) =
            cues.speech.iter().partition(|v| v.contains(' '));
        WordLists {
            speech: WordSet::new(single),
            speech_phrases: phrases.into_iter().map(|w| w.to_lowercase()).collect(),
            markers: {
                // A word in several lists keeps the first of agent, place, object, counterpart.
                let lists = [
                    (&cues.counterpart_markers, Marker::Counterpart),
                    (&cues.object_markers, Marker::Object),
                    (&cues.place_markers, Marker::Place),
                    (&cues.agent_markers, Marker::Agent),
                ];
                WordMap(
                    lists
                        .into_iter()
                        .flat_map(|(list, m)| list.iter().map(move |w| (w.to_lowercase(), m)))
                        .collect(),
                )
            },
            relative: WordSet::new(&cues.relative),
            conditions: WordSet::new(&cues.conditions),
            determiners: WordSet::new(&cues.determiners),
            purpose_verbs: WordSet::new(&cues.purpose_verbs),
            setting_nouns: WordSet::new(&cues.setting_nouns),
            person_titles: WordSet::new(&cues.person_titles),
            not_in_office: WordSet::new(&cues.not_in_office),
            first_person: WordSet::new(&cues.first_person),
            negatable: WordSet::new(&cues.negatable),
        }
    }
}
