//! Who holds a stance: the actor who states, promises, refuses, demands or is asked, as
//! opposed to every actor a sentence names ("Washington refused to give Kyiv guarantees"
//! names two; Washington holds the refusal).
//!
//! The rules read a name's neighbours, not a parse:
//! - a name after an agent marker, after the topic, is a passive's agent ("guarantees
//!   rejected by Moscow");
//! - else the subject: the nearest name before the cue that decided the mention (or
//!   before the topic when no cue precedes it), skipping names that an object marker
//!   makes the sentence's place or possession ("troops in Ukraine", "the sovereignty of
//!   Ukraine");
//! - else the speaker: a name beside a speech verb ("Peskov said", "said Peskov",
//!   "according to the Kremlin");
//! - names a place marker or a setting noun makes a place ("talks in Moscow", "the
//!   invasion of Ukraine") are never the holder;
//! - else the one person a pronoun can mean ("he refused"), then the first name that is
//!   not an object, then none.

use crate::lexicon::{ActorKind, Lexicon, Marker, PhraseMatch};
use chrono::NaiveDate;
use std::cell::OnceCell;
use std::ops::Range;

/// The part one named actor plays in its sentence, read from the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Agent,
    Object,
    /// Where the sentence happens or the war is fought: never the holder, nor an actor.
    Place,
    /// A giver, partner or addressee ("guarantees from Washington", "talks with Moscow"):
    /// an actor, but not the subject that holds the stance.
    Counterpart,
    Speaker,
    Other,
}

/// One actor named in a sentence, with the text around it; its role is read only when a
/// rule asks, and then once.
#[derive(Debug)]
pub(super) struct Named<'t> {
    span: Range<usize>,
    actor: usize,
    before: &'t str,
    after: &'t str,
    /// What the words just before the name make it, if anything.
    marked: OnceCell<Option<Role>>,
}

impl Named<'_> {
    /// The role the words before the name give it: cheap, as only a word or two is read.
    fn marked(&self, lexicon: &Lexicon) -> Option<Role> {
        *self.marked.get_or_init(|| marked(self.before, lexicon))
    }

    /// The full role: a name nothing marks is a speaker when a speech verb follows it.
    fn role(&self, lexicon: &Lexicon) -> Role {
        self.marked(lexicon).unwrap_or_else(|| {
            if speech_follows(self.after, lexicon) {
                Role::Speaker
            } else {
                Role::Other
            }
        })
    }
}

/// Title hits ("the Russian president") resolved to the actor who holds the office on
/// the article's publication date. A title nobody the lexicon knows held then, or one after
/// a word such as "former" or "incoming", names nobody and is dropped; so is every title of
/// an undated article. Names pass as they are.
pub(super) fn in_office<'a>(
    hits: Vec<PhraseMatch<'a>>,
    text: &str,
    published: Option<NaiveDate>,
    lexicon: &'a Lexicon,
) -> Vec<PhraseMatch<'a>> {
    let actors = lexicon.actors.len();
    let is_name = |hit: &PhraseMatch<'_>| hit.payloads.iter().any(|&p| p < actors);
    // Most articles name no office: their hits pass without being copied.
    if hits.iter().all(is_name) {
        return hits;
    }
    let holdings = &lexicon.matchers.holdings;
    let not_in_office = |start: usize| {
        words_back(&text[..start])
            .next()
            .is_some_and(|w| lexicon.matchers.words.not_in_office.contains(w))
    };
    hits.into_iter()
        .filter_map(|hit| {
            if is_name(&hit) {
                return Some(hit);
            }
            let day = published?;
            if not_in_office(hit.span.start) {
                return None;
            }
            let held = hit
                .payloads
                .iter()
                .filter_map(|&p| holdings.get(p - actors))
                .find(|h| h.office.held_on(day))?;
            Some(PhraseMatch {
                span: hit.span,
                payloads: &held.actor,
            })
        })
        .collect()
}

/// Words allowed between a name and the speech verb after it ("Trump on Tuesday said").
const SPEECH_GAP_WORDS: usize = 3;

/// The actors named in `sentence`, in text order.
pub(super) fn named<'t>(
    text: &'t str,
    hits: &[PhraseMatch<'_>],
    sentence: &Range<usize>,
    lexicon: &Lexicon,
) -> Vec<Named<'t>> {
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(&actor) = hit.payloads.iter().find(|&&a| a < lexicon.actors.len()) else {
            continue;
        };
        out.push(Named {
            span: hit.span.clone(),
            actor,
            // A name cut by a sentence break the splitter got wrong ends past its
            // sentence: it has nothing after it, not a panic.
            before: text.get(sentence.start..hit.span.start).unwrap_or(""),
            after: text.get(hit.span.end..sentence.end).unwrap_or(""),
            marked: OnceCell::new(),
        });
    }
    out
}

/// The role the words right before a name give it: an attribution ("according to the
/// Kremlin") makes it the speaker, an agent marker the agent, an object marker the object.
fn marked(before: &str, lexicon: &Lexicon) -> Option<Role> {
    let words = &lexicon.matchers.words;
    let mut back = words_back(before);
    let last = back.next();
    let article = last.is_some_and(is_article);
    // Without its article: "according to the Kremlin" reads as "according to Kremlin".
    let head = if article {
        before
            .trim_end()
            .rfind(char::is_whitespace)
            .map_or("", |cut| &before[..cut])
    } else {
        before
    };
    if speech_before(head, lexicon) {
        return Some(Role::Speaker);
    }
    let marker = if article { back.next() } else { last }?;
    // The war's setting: a setting noun before an object or counterpart marker ("the
    // invasion of", "attacks on"), an article between allowed.
    let mut setting = || {
        let noun = back
            .next()
            .filter(|w| !is_article(w))
            .or_else(|| back.next());
        noun.is_some_and(|w| words.setting_nouns.contains(w))
    };
    Some(match words.markers.get(marker)? {
        Marker::Agent => Role::Agent,
        Marker::Place => Role::Place,
        Marker::Object if setting() => Role::Place,
        Marker::Object => Role::Object,
        Marker::Counterpart if setting() => Role::Place,
        Marker::Counterpart => Role::Counterpart,
    })
}

fn is_article(w: &str) -> bool {
    ["the", "a", "an"].iter().any(|a| w.eq_ignore_ascii_case(a))
}

/// Whether `before` ends with an attribution that names who speaks next: "according to",
/// or a speech verb after a quote or comma ("…,” said Peskov"). A speech verb in running
/// text ("Zelensky said Russia…") introduces what is said, whose own subject follows.
fn speech_before(before: &str, lexicon: &Lexicon) -> bool {
    let words = &lexicon.matchers.words;
    let t = before.trim_end();
    if words.speech_phrases.iter().any(|v| ends_with_words(t, v)) {
        return true;
    }
    let cut = t
        .char_indices()
        .rfind(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let last = &t[cut..];
    if last.is_empty() || !words.speech.contains(last) {
        return false;
    }
    let rest = t[..cut].trim_end();
    rest.is_empty() || rest.ends_with([',', '"', '”', '’', '\''])
}

/// Whether `text` ends with the words of `phrase`, whole and in any case.
fn ends_with_words(t: &str, phrase: &str) -> bool {
    let n = phrase.len();
    t.len() >= n
        && t.is_char_boundary(t.len() - n)
        && t[t.len() - n..].eq_ignore_ascii_case(phrase)
        && t[..t.len() - n]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// A speech verb within a few words after a name, with no punctuation between: "Peskov
/// said", "Zelensky has repeatedly said", "the Kremlin told reporters".
fn speech_follows(after: &str, lexicon: &Lexicon) -> bool {
    let after = after
        .trim_start_matches(['’', '\''])
        .trim_start_matches('s');
    for (i, w) in after
        .split_whitespace()
        .take(SPEECH_GAP_WORDS + 1)
        .enumerate()
    {
        let bare = w.trim_end_matches([',', '.', ';', ':', '"', '”', '’']);
        if lexicon.matchers.words.speech.contains(bare) {
            return true;
        }
        // Punctuation after a word ends the stretch where the verb can be ("Trump, who…").
        if bare.len() != w.len() || i == SPEECH_GAP_WORDS {
            return false;
        }
    }
    false
}

/// The words of `text` from its end backwards, without punctuation around them.
pub(super) fn words_back(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(char::is_whitespace)
        .rev()
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .take_while(|w| !w.is_empty())
}

/// The holder of the mention at `term`, whose flags were decided by `cue` (if any), among
/// the actors `named` in its sentence; `pronoun` is the person a pronoun of the sentence
/// refers to.
pub(super) fn holder(
    named: &[Named<'_>],
    term: &Range<usize>,
    cue: Option<&Range<usize>>,
    pronoun: Option<usize>,
    lexicon: &Lexicon,
) -> Option<usize> {
    let anchor = cue
        .map(|c| c.start)
        .filter(|&c| c < term.start)
        .unwrap_or(term.start);
    let agent = named
        .iter()
        .find(|n| n.span.start > term.start && n.marked(lexicon) == Some(Role::Agent));
    // A subject is any name before the anchor that no marker makes an object or agent:
    // whether a speech verb follows it does not matter here, so it is not read.
    let subject = || {
        named.iter().rev().find(|n| {
            n.span.end <= anchor
                && !matches!(
                    n.marked(lexicon),
                    Some(Role::Object | Role::Place | Role::Agent | Role::Counterpart)
                )
        })
    };
    let speaker = || named.iter().find(|n| n.role(lexicon) == Role::Speaker);
    let first = || {
        named
            .iter()
            .find(|n| !matches!(n.marked(lexicon), Some(Role::Object | Role::Place)))
    };
    agent
        .or_else(subject)
        .or_else(speaker)
        .map(|n| n.actor)
        .or(pronoun)
        .or_else(|| first().map(|n| n.actor))
}

/// The actors of `named` who speak or act on the sentence's topics, in text order: every
/// name except places and the war's setting ("talks in Moscow", "the invasion of
/// Ukraine") and a country that only titles its leader ("Russian President Vladimir
/// Putin", "Zelensky of Ukraine").
pub(super) fn involved<'a>(
    text: &'a str,
    named: &'a [Named<'_>],
    lexicon: &'a Lexicon,
) -> impl Iterator<Item = usize> + 'a {
    let person = |n: &Named<'_>| lexicon.actors[n.actor].kind == ActorKind::Person;
    named.iter().enumerate().filter_map(move |(i, n)| {
        if n.marked(lexicon) == Some(Role::Place) {
            return None;
        }
        if !person(n) {
            let titles_next = named
                .get(i + 1)
                .is_some_and(|p| person(p) && titles(&text[n.span.end..p.span.start], lexicon));
            let of_previous = i
                .checked_sub(1)
                .map(|j| &named[j])
                .is_some_and(|p| person(p) && is_of(&text[p.span.end..n.span.start]));
            if titles_next || of_previous {
                return None;
            }
        }
        Some(n.actor)
    })
}

/// Whether `gap`, between a country and a person's name, is a title: a possessive, then
/// at most a few title words and capitalised names ("'s President Volodymyr ").
fn titles(gap: &str, lexicon: &Lexicon) -> bool {
    const MAX_WORDS: usize = 4;
    let gap = gap
        .strip_prefix("'s")
        .or_else(|| gap.strip_prefix("’s"))
        .unwrap_or(gap);
    if !gap.starts_with(char::is_whitespace) || gap.contains([',', ';', ':', '(', ')', '—', '–'])
    {
        return false;
    }
    let mut words = gap.split_whitespace();
    words.clone().nth(MAX_WORDS).is_none()
        && words.all(|w| {
            let bare = w.trim_end_matches('.');
            lexicon.matchers.words.person_titles.contains(bare)
                || (bare.chars().next().is_some_and(char::is_uppercase)
                    && bare.chars().all(char::is_alphabetic))
        })
}

/// Whether `gap`, between a person's name and a country, is " of " or " of the ".
fn is_of(gap: &str) -> bool {
    let mut words = gap.split_whitespace();
    gap.starts_with(char::is_whitespace)
        && words.next() == Some("of")
        && words.next().is_none_or(|w| w.eq_ignore_ascii_case("the"))
        && words.next().is_none()
}

/// The one person of `named` whom a speech verb or attribution makes the speaker, if
/// exactly one.
pub(super) fn speaking_person(named: &[Named<'_>], lexicon: &Lexicon) -> Option<usize> {
    let mut speakers = named.iter().filter(|n| {
        lexicon.actors[n.actor].kind == ActorKind::Person && n.role(lexicon) == Role::Speaker
    });
    let first = speakers.next()?.actor;
    speakers.all(|n| n.actor == first).then_some(first)
}
