//! The narrative lexicon: topics, actors and cue words, loaded from TOML (SPEC §3 "Stance",
//! issue #5).
//!
//! The lexicon is data, not code: the default one (security guarantees for Ukraine) is
//! `default.toml` next to this file, embedded in the binary and printed by `covtrack
//! lexicon`; a user tracking another narrative writes their own file and passes it with
//! `--lexicon FILE`. Loading compiles every phrase list into an automaton once, so the
//! stance extractor finds all terms of a sentence in one pass.

mod compile;
mod matcher;
mod offices;
mod words;

use compile::compile;
pub(crate) use matcher::PhraseMatch;
use matcher::PhraseSet;
pub(crate) use offices::Holding;
pub use offices::Office;
use serde::Deserialize;
use std::sync::LazyLock;
use toml::Spanned;
pub(crate) use words::{Marker, WordLists};

/// The default lexicon's source, as shipped.
const DEFAULT_TOML: &str = include_str!("default.toml");

/// Parsed once per process: [`Lexicon::default_lexicon`] hands out cheap clones.
static DEFAULT: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::from_toml(DEFAULT_TOML).expect("the built-in lexicon is valid"));

/// A lexicon file that cannot be used, with the line (1-based) that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("lexicon line {line}: {message}")]
pub struct LexiconError {
    pub line: usize,
    pub message: String,
}

/// A topic the narrative is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Stable id written to the tables (`security_guarantee`).
    pub id: String,
    /// Human label; the id when the file gives none.
    pub label: String,
    /// Phrases that name the topic outright.
    pub terms: Vec<String>,
    /// Phrases that name it only after it was just mentioned ("such guarantees").
    pub back_references: Vec<String>,
    /// Phrases that look like terms but are not ("nuclear power plant").
    pub exclude: Vec<String>,
    /// Two phrases that name the topic together, with a few words between ("end the
    /// three-year war"), where no one phrase can list every wording.
    pub frames: Vec<Frame>,
}

/// A topic named by a head phrase followed, within `gap` words of its clause, by a tail
/// phrase: "end" … "war" finds "end the Ukraine war" and "ending Russia's brutal war". The
/// mention spans both, and reads as the term `name`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    pub name: String,
    pub heads: Vec<String>,
    pub tails: Vec<String>,
    /// Words between the head and the tail, at most.
    pub gap: usize,
}

/// Whether an actor is a person (pronouns can refer to them) or a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Group,
}

/// Someone who speaks or acts on a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    /// Titles that name the actor while in office ("russian president").
    pub offices: Vec<Office>,
}

/// Cue words that decide a mention's flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    #[serde(default)]
    pub negation_before: Vec<String>,
    #[serde(default)]
    pub negation_after: Vec<String>,
    #[serde(default)]
    pub pseudo_negation: Vec<String>,
    #[serde(default)]
    pub scope_end: Vec<String>,
    #[serde(default)]
    pub scope_end_punctuation: Vec<String>,
    #[serde(default)]
    pub hedge: Vec<String>,
    /// Hedges of what follows them only: an aim, a plan or a talk about a thing ("aimed at
    /// a ceasefire", "discussed guarantees") leaves what comes before it stated ("talks
    /// aimed at a ceasefire" took place).
    #[serde(default)]
    pub hedge_forward: Vec<String>,
    /// Phrases holding a hedge word that hedge nothing ("political will"): a hedge inside
    /// one is skipped, as a pseudo-negation is for negation.
    #[serde(default)]
    pub pseudo_hedge: Vec<String>,
    #[serde(default)]
    pub pronouns: Vec<String>,
    /// First-person words: inside a quote they mean its speaker ("We want guarantees").
    #[serde(default)]
    pub first_person: Vec<String>,
    /// Negating verbs that a particle before them turns into an affirmation ("does not
    /// exclude sanctions", "never rejected guarantees"). Verbs of giving something up are
    /// not among them: "will not cede territory" is still a refusal about territory.
    #[serde(default)]
    pub negatable: Vec<String>,
    /// Endings of negation particles ("not", "n't"): a particle fuses with a modal just
    /// before it ("would not") and still negates inside a question.
    #[serde(default)]
    pub negation_particles: Vec<String>,
    /// Verbs that attribute what a sentence says to an actor named beside them ("Peskov
    /// said", "told reporters", "according to"): that actor is the stance's holder.
    #[serde(default)]
    pub speech: Vec<String>,
    /// Words before an actor's name that make it the object or place of the sentence,
    /// not who speaks or acts ("guarantees for Ukraine", "troops in Ukraine").
    #[serde(default)]
    pub object_markers: Vec<String>,
    /// Words before an actor's name that make it the agent of a passive ("rejected by
    /// Moscow").
    #[serde(default)]
    pub agent_markers: Vec<String>,
    /// Words before an actor's name that make it where the sentence happens ("troops in
    /// Ukraine", "talks in Moscow"): neither the holder nor among the mention's actors.
    #[serde(default)]
    pub place_markers: Vec<String>,
    /// Words opening a relative clause about the word before them ("which", "that"): a
    /// refusal in that clause refuses the term ("a meeting which was rejected").
    #[serde(default)]
    pub relative: Vec<String>,
    /// Hedges that state a condition ("if", "as long as"): after a refused term they
    /// condition the refusal itself ("the war cannot end as long as he rules").
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Words that open a noun phrase ("the", "any", "its"): after a verb they start its
    /// object.
    #[serde(default)]
    pub determiners: Vec<String>,
    /// Verbs of reaching or ending whose infinitive before a term makes it an aim ("to
    /// strike a deal", "to end the war").
    #[serde(default)]
    pub purpose_verbs: Vec<String>,
    /// Words before an actor's name that make it a giver, partner or addressee
    /// ("guarantees from Washington", "talks with Moscow"): one of the mention's actors,
    /// but not the subject holding its stance.
    #[serde(default)]
    pub counterpart_markers: Vec<String>,
    /// Nouns of the war's setting ("war", "invasion", "attacks"): an actor right after one
    /// and an object or counterpart marker ("the invasion of Ukraine", "attacks on Kyiv")
    /// is where the war is fought, not one who acts on the topic.
    #[serde(default)]
    pub setting_nouns: Vec<String>,
    /// Titles between a country and its leader's name ("Russian President Vladimir
    /// Putin"): such a country only says who the person is, and is not an actor apart.
    #[serde(default)]
    pub person_titles: Vec<String>,
    /// Words before an office title that say its person is not the one holding it on the
    /// article's date ("former", "incoming"): the title then names nobody.
    #[serde(default)]
    pub not_in_office: Vec<String>,
}

/// How far the rules reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scope {
    /// Words allowed between a negation cue and the term after it.
    pub negation_words_before: usize,
    /// Words allowed between a term and a negation cue after it.
    pub negation_words_after: usize,
    /// Words allowed between a hedging cue and the term after it.
    pub hedge_words_before: usize,
    /// Words allowed between a term and a hedging cue after it.
    pub hedge_words_after: usize,
    /// Sentences (this one included) in which a back-reference finds its topic.
    pub back_reference_sentences: usize,
    /// Sentences back in which a pronoun finds the person it refers to.
    pub pronoun_sentences: usize,
    /// Sentences back in which a first-person quote finds the person last attributed as
    /// speaking, when none is named beside it.
    pub quote_speaker_sentences: usize,
    /// Whether a question hedges what it names.
    pub questions_hedge: bool,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            negation_words_before: 7,
            negation_words_after: 5,
            hedge_words_before: 12,
            hedge_words_after: 8,
            back_reference_sentences: 3,
            pronoun_sentences: 2,
            quote_speaker_sentences: 40,
            questions_hedge: true,
        }
    }
}

/// What a phrase of the topic automaton stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TopicPhrase {
    /// A term of topic `topic`, with its spelling as the lexicon wrote it.
    Term { topic: usize, canonical: String },
    /// A back-reference usable by topic `topic`.
    BackReference { topic: usize, canonical: String },
    /// A false friend that blocks shorter terms inside it.
    Exclude,
    /// The head of frame `frame` (its number over all topics) of topic `topic`.
    FrameHead { topic: usize, frame: usize },
    /// The tail of frame `frame`.
    FrameTail { frame: usize },
}

/// The lexicon's phrase lists, compiled into two automata: names (topics and actors),
/// searched over the whole text, and cues, searched only in the sentences that name a
/// topic: cue words ("no", "if", "may") are most of all matches, and the other sentences
/// never look at them. [`List`] and [`Cue`] name each list's place in what
/// [`PhraseSet::find_lists`] returns.
#[derive(Debug, Clone)]
pub(crate) struct Matchers {
    pub names: PhraseSet,
    pub cues: PhraseSet,
    pub topic_phrases: Vec<TopicPhrase>,
    /// Every topic's frames, numbered as [`TopicPhrase::FrameHead`] numbers them.
    pub frames: Vec<Frame>,
    /// The offices whose titles the names automaton finds, numbered from the number of
    /// actors on in its payloads.
    pub holdings: Vec<Holding>,
    /// The words that stand beside names, looked up by the word rather than searched
    /// for: each is short or common ("said", "in", "we"), so an automaton would report
    /// it inside countless other words.
    pub words: WordLists,
}

/// The phrase lists of a lexicon, in the order they are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    Topics,
    Actors,
    /// Back-references, apart from the terms: overlaps are resolved within a list, and a
    /// back-reference must not take the words of a term that starts inside it ("the aid"
    /// in "the aid bill").
    BackReferences,
}

/// The cue lists, in the order they are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    NegationBefore,
    NegationAfter,
    PseudoNegation,
    ScopeEnd,
    Hedge,
    HedgeForward,
    PseudoHedge,
    Pronouns,
}

/// A loaded lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    /// The topic a report is about by default: `[meta] focus`, else the first topic.
    pub focus: Option<String>,
    pub topics: Vec<Topic>,
    pub actors: Vec<Actor>,
    pub cues: Cues,
    pub scope: Scope,
    source: String,
    pub(crate) matchers: Matchers,
}

impl Default for Lexicon {
    /// The built-in lexicon, as [`Lexicon::default_lexicon`].
    fn default() -> Self {
        Lexicon::default_lexicon()
    }
}

// The file as written; `Spanned` keeps each value's position so errors can name its line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    #[serde(default)]
    meta: RawMeta,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    topic: Vec<RawTopic>,
    #[serde(default)]
    actor: Vec<RawActor>,
    #[serde(default)]
    cues: Cues,
}

#[derive(Deserialize, Default)]
struct RawMeta {
    #[serde(default)]
    name: String,
    #[serde(default)]
    focus: Option<Spanned<String>>,
    #[allow(dead_code)] // accepted so users can version their files; not used yet
    #[serde(default)]
    version: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    #[serde(default)]
    label: Option<String>,
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    back_references: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    frames: Vec<Spanned<Frame>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: Spanned<String>,
    kind: ActorKind,
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    offices: Vec<offices::RawOffice>,
}

impl Lexicon {
    /// The built-in lexicon for security guarantees for Ukraine.
    pub fn default_lexicon() -> Lexicon {
        DEFAULT.clone()
    }

    /// The built-in lexicon's TOML source, as `covtrack lexicon` prints it.
    pub fn default_toml() -> &'static str {
        DEFAULT_TOML
    }

    /// The TOML this lexicon was loaded from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// A stable fingerprint of the lexicon's source, for `run.json`: the same file gives
    /// the same hash on every machine and build.
    pub fn hash(&self) -> String {
        format!(
            "xxh3:{:016x}",
            xxhash_rust::xxh3::xxh3_64(self.source.as_bytes())
        )
    }

    /// The topic `requested` if the lexicon has it, else an error naming the topics; with
    /// no request, the lexicon's own focus.
    pub fn focus_topic(&self, requested: Option<&str>) -> Result<String, String> {
        let topics = || {
            self.topics
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match requested.or(self.focus.as_deref()) {
            Some(id) if self.topic_index(id).is_some() => Ok(id.to_string()),
            Some(id) => Err(format!(
                "focus topic {id:?} is not in the lexicon; its topics are: {}",
                topics()
            )),
            None => Err("the lexicon has no topics".to_string()),
        }
    }

    /// Index of a topic id.
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    /// Loads a lexicon from TOML; a malformed file gives an error naming its line.
    pub fn from_toml(source: &str) -> Result<Lexicon, LexiconError> {
        let raw: RawLexicon = toml::from_str(source).map_err(|e| LexiconError {
            line: e.span().map_or(1, |s| line_of(source, s.start)),
            message: e.message().trim().to_string(),
        })?;
        let err = |at: usize, message: String| LexiconError {
            line: line_of(source, at),
            message,
        };
        let phrase = |s: &Spanned<String>, what: &str| -> Result<String, LexiconError> {
            let text = s.get_ref().trim();
            if !text.chars().any(char::is_alphanumeric) {
                return Err(err(
                    s.span().start,
                    format!("{what} {text:?} has no letter or digit"),
                ));
            }
            Ok(text.to_string())
        };
        let phrases = |list: &[Spanned<String>], what: &str| -> Result<Vec<String>, LexiconError> {
            list.iter().map(|s| phrase(s, what)).collect()
        };

        let mut topics: Vec<Topic> = Vec::with_capacity(raw.topic.len());
        for t in &raw.topic {
            let id = check_id(t.id.get_ref()).map_err(|m| err(t.id.span().start, m))?;
            if topics.iter().any(|o| o.id == id) {
                return Err(err(
                    t.id.span().start,
                    format!("topic {id:?} is declared twice"),
                ));
            }
            if t.terms.is_empty() {
                return Err(err(t.id.span().start, format!("topic {id:?} has no terms")));
            }
            let mut frames = Vec::with_capacity(t.frames.len());
            for f in &t.frames {
                let at = f.span().start;
                let f = f.get_ref();
                let parts = |list: &[String], what: &str| -> Result<Vec<String>, LexiconError> {
                    if list.is_empty() {
                        return Err(err(at, format!("frame {:?} has no {what}s", f.name)));
                    }
                    list.iter()
                        .map(|p| phrase(&Spanned::new(at..at, p.clone()), what))
                        .collect()
                };
                frames.push(Frame {
                    name: f.name.trim().to_string(),
                    heads: parts(&f.heads, "head")?,
                    tails: parts(&f.tails, "tail")?,
                    gap: f.gap,
                });
            }
            topics.push(Topic {
                label: t.label.clone().unwrap_or_else(|| id.clone()),
                terms: phrases(&t.terms, "term")?,
                back_references: phrases(&t.back_references, "back-reference")?,
                exclude: phrases(&t.exclude, "excluded phrase")?,
                frames,
                id,
            });
        }
        let mut actors: Vec<Actor> = Vec::with_capacity(raw.actor.len());
        for a in &raw.actor {
            let id = check_id(a.id.get_ref()).map_err(|m| err(a.id.span().start, m))?;
            if actors.iter().any(|o| o.id == id) {
                return Err(err(
                    a.id.span().start,
                    format!("actor {id:?} is declared twice"),
                ));
            }
            let mut held = Vec::with_capacity(a.offices.len());
            for o in &a.offices {
                let from = offices::date(&o.from).map_err(|m| err(o.from.span().start, m))?;
                let until = match &o.until {
                    Some(u) => Some(offices::date(u).map_err(|m| err(u.span().start, m))?),
                    None => None,
                };
                held.push(Office {
                    titles: phrases(&o.titles, "office title")?,
                    from,
                    until,
                });
            }
            actors.push(Actor {
                kind: a.kind,
                aliases: phrases(&a.aliases, "alias")?,
                offices: held,
                id,
            });
        }
        let cues = raw.cues;
        for list in [
            &cues.negation_before,
            &cues.negation_after,
            &cues.pseudo_negation,
            &cues.scope_end,
            &cues.hedge,
            &cues.hedge_forward,
            &cues.pseudo_hedge,
            &cues.pronouns,
        ] {
            if let Some(bad) = list.iter().find(|c| !c.chars().any(char::is_alphanumeric)) {
                let at = source.find("[cues]").unwrap_or(0);
                return Err(err(at, format!("cue {bad:?} has no letter or digit")));
            }
        }
        if topics.is_empty() {
            return Err(err(
                0,
                "the lexicon has no [[topic]]: there would be nothing to find".to_string(),
            ));
        }
        let focus = match raw.meta.focus {
            Some(f) if !topics.iter().any(|t| t.id == *f.get_ref()) => {
                return Err(err(
                    f.span().start,
                    format!("focus {:?} is not one of the topics", f.get_ref()),
                ));
            }
            Some(f) => Some(f.into_inner()),
            None => topics.first().map(|t| t.id.clone()),
        };
        let matchers = compile(&topics, &actors, &cues);
        Ok(Lexicon {
            name: raw.meta.name,
            focus,
            topics,
            actors,
            cues,
            scope: raw.scope,
            source: source.to_string(),
            matchers,
        })
    }
}

/// Ids are written into tables and joined on, so keep them to one simple shape.
fn check_id(id: &str) -> Result<String, String> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(id.to_string())
    } else {
        Err(format!(
            "id {id:?} must be lower-case letters, digits and underscores"
        ))
    }
}

/// 1-based line of byte offset `at`.
fn line_of(source: &str, at: usize) -> usize {
    let at = at.min(source.len());
    source.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests;
