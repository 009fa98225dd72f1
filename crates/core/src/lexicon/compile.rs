//! Compiling a lexicon's phrase lists into its matchers: every topic phrase (terms,
//! frame heads and tails, exclusions) and every actor name into the names automaton, with
//! back-references in a list of their own; the cues into the cue automaton.

use super::matcher::{PhraseSet, Variants};
use super::{Actor, Cues, Frame, Holding, Matchers, Topic, TopicPhrase, WordLists};

/// The matchers of a lexicon's topics, actors and cues (see [`Matchers`]).
pub(super) fn compile(topics: &[Topic], actors: &[Actor], cues: &Cues) -> Matchers {
    const NOUNS: Variants = Variants {
        plural: true,
        joins: true,
    };
    const WORDS: Variants = Variants {
        plural: false,
        joins: false,
    };
    let mut topic_phrases: Vec<TopicPhrase> = Vec::new();
    let mut entries: Vec<(&str, usize)> = Vec::new();
    let mut back_entries: Vec<(&str, usize)> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    for (i, topic) in topics.iter().enumerate() {
        for term in &topic.terms {
            entries.push((term, topic_phrases.len()));
            topic_phrases.push(TopicPhrase::Term {
                topic: i,
                canonical: term.clone(),
            });
        }
        for back in &topic.back_references {
            back_entries.push((back, topic_phrases.len()));
            topic_phrases.push(TopicPhrase::BackReference {
                topic: i,
                canonical: back.clone(),
            });
        }
        for ex in &topic.exclude {
            // A false friend blocks back-references inside it as it blocks terms.
            entries.push((ex, topic_phrases.len()));
            back_entries.push((ex, topic_phrases.len()));
            topic_phrases.push(TopicPhrase::Exclude);
        }
        for f in &topic.frames {
            let frame = frames.len();
            frames.push(f.clone());
            for head in &f.heads {
                entries.push((head, topic_phrases.len()));
                topic_phrases.push(TopicPhrase::FrameHead { topic: i, frame });
            }
            for tail in &f.tails {
                entries.push((tail, topic_phrases.len()));
                topic_phrases.push(TopicPhrase::FrameTail { frame });
            }
        }
    }
    // An office title's payload is past the actors: the number of the holding it names.
    let holdings: Vec<Holding> = actors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.offices.iter().map(move |o| Holding {
                actor: [i],
                office: o.clone(),
            })
        })
        .collect();
    let mut aliases: Vec<(&str, usize)> = actors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.aliases.iter().map(move |s| (s.as_str(), i)))
        .collect();
    let titles = actors.iter().flat_map(|a| &a.offices).enumerate();
    aliases.extend(
        titles.flat_map(|(h, o)| o.titles.iter().map(move |t| (t.as_str(), actors.len() + h))),
    );
    fn words(list: &[String]) -> Vec<(&str, usize)> {
        list.iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect()
    }
    // In the order of `List`, then of `Cue`.
    let names = PhraseSet::lists([(entries, NOUNS), (aliases, WORDS), (back_entries, NOUNS)]);
    let word_lists = WordLists::new(cues);
    let cues = PhraseSet::lists([
        (words(&cues.negation_before), WORDS),
        (words(&cues.negation_after), WORDS),
        (words(&cues.pseudo_negation), WORDS),
        (words(&cues.scope_end), WORDS),
        (words(&cues.hedge), WORDS),
        (words(&cues.hedge_forward), WORDS),
        (words(&cues.pseudo_hedge), WORDS),
        (words(&cues.pronouns), WORDS),
    ]);
    Matchers {
        names,
        cues,
        topic_phrases,
        frames,
        holdings,
        words: word_lists,
    }
}
