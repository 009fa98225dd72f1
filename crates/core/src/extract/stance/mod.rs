//! Topic mentions with negation, hedging, quotes and actors (SPEC §3 "Stance").
//!
//! One mention per sentence and topic, as the gold annotations count them: the headline
//! counts once, and a sentence that names a topic only through a back-reference ("such
//! guarantees") counts for the topic just named. Words are the [`Lexicon`]'s; rules, here:
//!
//! - **Negation** is NegEx-style: a cue before the term ("would not provide") or after it
//!   ("was not on the table") negates it when no clause boundary (punctuation, "but",
//!   "while", "if"…) lies between and the gap is short; pseudo-negations ("not only") are
//!   skipped. So "would not step in" does not negate a cease-fire named before "if". A
//!   relative clause of refusal refuses the term before it ("a meeting which was
//!   rejected"); a negation in a condition holding the term ("if it is not met") supposes.
//! - **Topics**: terms, [`back_references`] to a topic just named, and [`frames`] (a head
//!   and a tail a few words apart, "end the Ukraine war") where nothing else names one.
//! - **Hedging** has a scope too: a conditional, modal or request in the term's clause,
//!   within a few words, or a question, means the thing is not stated as fact. A modal
//!   fused with the negation that decided the mention ("would not", "could not") is part
//!   of the negation, not a hedge; under a negation only a hedge before the cue counts
//!   ("asked to give up land"), or a condition after the term. An infinitive of purpose
//!   right before the term ("to strike a deal") makes it an aim.
//! - **Quotes**: the term lies inside quotation marks, straight or curly, which may open in
//!   an earlier sentence of the same paragraph.
//! - **Actors**: ids of aliases named in the sentence who speak or act in it (not places,
//!   the war's setting or a country that titles its leader), plus the one person a
//!   pronoun ("he said") can only mean and a first-person quote's speaker ([`quotes`]).
//! - **Holder**: of those, the one who states, refuses, demands or is asked ([`holder`]).

use super::StanceMention;
use crate::lexicon::{ActorKind, Cue, Lexicon, List, PhraseMatch, TopicPhrase};
use crate::text::{Doc, count_words};
use back_references::{resolve_back_references, with_back_references};
use chrono::NaiveDate;
use holder::words_back;
use quotes::{attributed, pronoun_referent, quote_speaker, quoted_ranges};
use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::ops::Range;

mod back_references;
mod frames;
mod holder;
mod quotes;

/// Finds every mention of a lexicon topic in `doc`, an article of unknown date (office
/// titles such as "the Russian president" then name nobody).
pub fn extract(doc: &Doc, lexicon: &Lexicon) -> Vec<StanceMention> {
    extract_at(doc, None, lexicon)
}

/// Finds every mention of a lexicon topic in `doc`, an article published on `published`:
/// office titles name who held the office that day.
pub fn extract_at(
    doc: &Doc,
    published: Option<NaiveDate>,
    lexicon: &Lexicon,
) -> Vec<StanceMention> {
    if doc.sentences.is_empty() || lexicon.topics.is_empty() {
        return Vec::new();
    }
    let text = doc.text.as_str();
    let m = &lexicon.matchers;
    // Topics and actors are matched in one pass over the whole text, cues in one pass over
    // the sentences with a topic phrase (the only ones whose cues are looked at); both are
    // then sliced per sentence.
    let mut names = m.names.find_lists(text);
    let topics = with_back_references(
        std::mem::take(&mut names[List::Topics as usize]),
        std::mem::take(&mut names[List::BackReferences as usize]),
        &m.topic_phrases,
    );
    let actor_hits = holder::in_office(
        std::mem::take(&mut names[List::Actors as usize]),
        text,
        published,
        lexicon,
    );
    let with_topic = doc
        .sentences
        .iter()
        .filter(|s| frames::may_name_topic(within(&topics, |h| h.span.start, &s.span), lexicon))
        .map(|s| s.span.clone());
    let mut cues = m.cues.find_lists_in(text, with_topic);
    let mut take = |cue: Cue| spans(std::mem::take(&mut cues[cue as usize]));
    let found = Found {
        negation_before: take(Cue::NegationBefore),
        negation_after: take(Cue::NegationAfter),
        pseudo: take(Cue::PseudoNegation),
        scope_end: take(Cue::ScopeEnd),
        hedge: take(Cue::Hedge),
        hedge_forward: take(Cue::HedgeForward),
        pseudo_hedge: take(Cue::PseudoHedge),
        pronouns: take(Cue::Pronouns),
        quoted: quoted_ranges(doc),
    };

    let headline = doc.sentence_text(0).trim();
    // Sentence index where each topic was last named, for back-references.
    let mut last_named: Vec<Option<usize>> = vec![None; lexicon.topics.len()];
    // Actors of each sentence, and of those the persons, for pronouns and the speakers of
    // quotes (which may be named after the quote).
    let sentence_actors: Vec<Vec<usize>> = doc
        .sentences
        .iter()
        .map(|sentence| actors_in(&actor_hits, &sentence.span, lexicon))
        .collect();
    let persons: Vec<Vec<usize>> = sentence_actors
        .iter()
        .map(|ids| {
            ids.iter()
                .copied()
                .filter(|&a| lexicon.actors[a].kind == ActorKind::Person)
                .collect()
        })
        .collect();
    // Who each sentence's attribution names as speaking, read only when a quote asks and
    // then once: an interview's answers all look back to the same attributions.
    let attributions: OnceCell<Vec<OnceCell<Option<usize>>>> = OnceCell::new();
    let attribution = |t: usize| {
        let cells = attributions.get_or_init(|| vec![OnceCell::new(); doc.sentences.len()]);
        *cells[t].get_or_init(|| attributed(doc, &actor_hits, &persons, t, lexicon))
    };
    let mut out = Vec::new();

    for (s, sentence) in doc.sentences.iter().enumerate() {
        crate::budget::check();
        let span = sentence.span.clone();
        // A scraped page may repeat the headline in its body; it counts once.
        if s > 0 && doc.sentence_text(s).trim() == headline {
            continue;
        }

        let mut occurrences: Vec<(usize, Range<usize>, &str)> = Vec::new();
        let mut back_refs: Vec<(&PhraseMatch, usize, &str)> = Vec::new();
        let hits = within(&topics, |h| h.span.start, &span);
        for hit in hits {
            for &p in hit.payloads {
                match &m.topic_phrases[p] {
                    TopicPhrase::Term { topic, canonical } => {
                        occurrences.push((*topic, hit.span.clone(), canonical));
                    }
                    TopicPhrase::BackReference { topic, canonical } => {
                        back_refs.push((hit, *topic, canonical));
                    }
                    TopicPhrase::Exclude
                    | TopicPhrase::FrameHead { .. }
                    | TopicPhrase::FrameTail { .. } => {}
                }
            }
        }
        // A frame counts only in a sentence whose terms name no topic: the end of the war
        // as the aim of talks or of a deal is part of that mention.
        if occurrences.is_empty() {
            for (topic, frame_span, name) in frames::find(text, &found, hits, lexicon) {
                if !occurrences.iter().any(|o| o.0 == topic) {
                    occurrences.push((topic, frame_span, name));
                }
            }
        }
        // A back-reference adds nothing for a topic the sentence names outright; the topics
        // it names are "just named" for the back-references of the sentences after it.
        let named_here: Vec<usize> = occurrences.iter().map(|o| o.0).collect();
        back_refs.retain(|(_, topic, _)| !named_here.contains(topic));
        for &topic in &named_here {
            last_named[topic] = Some(s);
        }
        let reach = lexicon.scope.back_reference_sentences.max(1);
        let resolved = resolve_back_references(&back_refs, &last_named, s, reach);
        for (topic, span, canonical) in resolved {
            last_named[topic] = Some(s);
            occurrences.push((topic, span, canonical));
        }
        if occurrences.is_empty() {
            continue;
        }
        occurrences.sort_by_key(|(topic, span, _)| (span.start, *topic));

        let named = holder::named(
            text,
            within(&actor_hits, |h| h.span.start, &span),
            &span,
            lexicon,
        );
        let mut ids: BTreeSet<&str> = holder::involved(text, &named, lexicon)
            .map(|a| lexicon.actors[a].id.as_str())
            .collect();
        let pronoun = pronoun_referent(&found, &persons, &span, s, lexicon);
        if let Some(person) = pronoun {
            ids.insert(&lexicon.actors[person].id);
        }
        let actors: Vec<String> = ids.into_iter().map(String::from).collect();

        // The speaker of the sentence's first-person quote, for every topic it names.
        let speaker: OnceCell<Option<usize>> = OnceCell::new();
        let mut done: Vec<usize> = Vec::new();
        for (topic, term_span, canonical) in &occurrences {
            if done.contains(topic) {
                continue;
            }
            done.push(*topic);
            let flags = flags(text, &found, &span, term_span, lexicon);
            let cue = flags.negation.as_ref().or(flags.hedge.as_ref());
            let quoted = inside(&found.quoted, term_span.start);
            let holder = holder::holder(&named, term_span, cue, pronoun, lexicon)
                .or_else(|| {
                    quoted
                        .then(|| {
                            *speaker.get_or_init(|| {
                                quote_speaker(doc, &found, &persons, s, &attribution, lexicon)
                            })
                        })
                        .flatten()
                })
                .map(|a| lexicon.actors[a].id.clone());
            // A quote's speaker, named in another sentence, also speaks in this one.
            let mut actors = actors.clone();
            if let Some(h) = holder.as_ref().filter(|h| !actors.contains(h)) {
                let at = actors.partition_point(|a| a < h);
                actors.insert(at, h.clone());
            }
            out.push(StanceMention {
                span: term_span.clone(),
                sentence: s,
                term: (*canonical).to_string(),
                topic: lexicon.topics[*topic].id.clone(),
                negated: flags.negation.is_some(),
                hedged: flags.hedge.is_some(),
                quoted,
                actors,
                holder,
                cue: flags
                    .negation
                    .or(flags.hedge)
                    .map(|c| text[c].to_lowercase()),
            });
        }
    }
    out
}

/// Cue matches of the whole text, by list.
struct Found {
    negation_before: Vec<Range<usize>>,
    negation_after: Vec<Range<usize>>,
    pseudo: Vec<Range<usize>>,
    scope_end: Vec<Range<usize>>,
    hedge: Vec<Range<usize>>,
    hedge_forward: Vec<Range<usize>>,
    pseudo_hedge: Vec<Range<usize>>,
    pronouns: Vec<Range<usize>>,
    quoted: Vec<Range<usize>>,
}

/// The cues that decided one occurrence's flags.
struct Flags {
    negation: Option<Range<usize>>,
    hedge: Option<Range<usize>>,
}

fn spans(found: Vec<PhraseMatch<'_>>) -> Vec<Range<usize>> {
    found.into_iter().map(|m| m.span).collect()
}

/// The items of a list sorted by position whose position lies in `range`.
fn within<'a, T>(items: &'a [T], pos: impl Fn(&T) -> usize, range: &Range<usize>) -> &'a [T] {
    let lo = items.partition_point(|t| pos(t) < range.start);
    let hi = items.partition_point(|t| pos(t) < range.end);
    &items[lo..hi]
}

fn in_sentence<'a>(list: &'a [Range<usize>], sentence: &Range<usize>) -> &'a [Range<usize>] {
    within(list, |r| r.start, sentence)
}

fn inside(ranges: &[Range<usize>], pos: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= pos);
    ranges.get(i).is_some_and(|r| r.contains(&pos))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Words between a term and the relative word that opens a clause about it ("the
/// meeting with Putin, which…"), at most.
const RELATIVE_GAP_WORDS: usize = 3;

/// Negation and hedging for the occurrence at `term` in `sentence`.
fn flags(
    text: &str,
    found: &Found,
    sentence: &Range<usize>,
    term: &Range<usize>,
    lexicon: &Lexicon,
) -> Flags {
    let scope = &lexicon.scope;
    let pseudo = in_sentence(&found.pseudo, sentence);
    // A question asks rather than states: a negating verb in it ("Will Ukraine give up
    // land?") denies nothing, while a particle ("Isn't he…?") still negates.
    let question = scope.questions_hedge && question_mark(text, sentence).is_some();
    let real = |cue: &&Range<usize>| {
        !pseudo.iter().any(|p| overlaps(p, cue))
            && (!question || is_particle(&text[(*cue).clone()], lexicon))
    };
    let reaches = |gap: Range<usize>, max_words: usize| {
        gap.start <= gap.end
            && count_words(&text[gap.clone()]) <= max_words
            && !crosses_boundary(text, found, &gap, lexicon)
    };
    let cues_before = in_sentence(&found.negation_before, sentence);
    let before = cues_before
        .iter()
        .filter(real)
        .rfind(|c| c.end <= term.start && reaches(c.end..term.start, scope.negation_words_before));
    // Two negations cancel: a verb of dismissal itself negated ("does not rule out
    // sanctions", "will not accept a deal lacking guarantees") affirms the thing.
    let affirmed = |c: &Range<usize>| {
        lexicon.matchers.words.negatable.contains(&text[c.clone()])
            && cues_before.iter().filter(real).any(|n| {
                n.end <= c.start
                    && is_particle(&text[n.clone()], lexicon)
                    && reaches(n.end..c.start, scope.negation_words_before)
            })
    };
    let cancelled = before.is_some_and(affirmed);
    let after = || {
        in_sentence(&found.negation_after, sentence)
            .iter()
            .filter(real)
            .find(|c| c.start >= term.end && reaches(term.end..c.start, scope.negation_words_after))
    };
    // A term may carry its own negation ("the war cannot end"): a cue inside it decides.
    let within_term = || {
        cues_before
            .iter()
            .chain(in_sentence(&found.negation_after, sentence))
            .filter(real)
            .find(|c| term.start <= c.start && c.end <= term.end)
    };
    // A relative clause right after the term may refuse it: "a meeting which was
    // rejected", "the ceasefire, which Moscow dismissed". The term must be what is refused:
    // so only a verb of refusal with no object of its own counts ("guarantees which would
    // undermine the sovereignty" refuse nothing), not one taking a complement ("failed
    // to"), nor a particle ("which did not include Crimea"), nor a clause opened by a
    // preposition ("by which Kyiv gave up").
    let relative = || {
        let words = &lexicon.matchers.words;
        // Only the clause word nearest after the term can open a clause about it.
        let rel = in_sentence(&found.scope_end, sentence)
            .iter()
            .find(|w| w.start >= term.end)
            .filter(|w| {
                words.relative.contains(&text[(*w).clone()])
                    && count_words(&text[term.end..w.start]) <= RELATIVE_GAP_WORDS
                    && !text[term.end..w.start].contains(['.', ';', ':', '(', ')', '—', '–'])
                    && words_back(&text[term.end..w.start])
                        .next()
                        .is_none_or(|p| words.markers.get(p).is_none())
            })?;
        cues_before
            .iter()
            .chain(in_sentence(&found.negation_after, sentence))
            .filter(real)
            .find(|c| {
                let cue = &text[(*c).clone()];
                c.start >= rel.end
                    && !is_particle(cue, lexicon)
                    && cue
                        .split_whitespace()
                        .next_back()
                        .is_none_or(|w| words.markers.get(w).is_none())
                    && text[c.end..sentence.end]
                        .split_whitespace()
                        .next()
                        .is_none_or(|w| !words.determiners.contains(w))
                    && reaches(rel.end..c.start, scope.negation_words_before)
                    && !affirmed(c)
            })
    };
    let negation = if cancelled {
        None
    } else {
        within_term()
            .or(before)
            .or_else(after)
            .or_else(relative)
            .cloned()
    };
    // A negation inside a condition that holds the term denies nothing: "if the deadline
    // is not met", "unless Kyiv is not given guarantees" suppose it (the condition hedges).
    let condition = in_sentence(&found.hedge, sentence).iter().rfind(|h| {
        h.end <= term.start
            && lexicon
                .matchers
                .words
                .conditions
                .contains(&text[(*h).clone()])
            && count_words(&text[h.end..term.start]) <= scope.hedge_words_before
            && !ends_scope(found, &(h.end..term.start))
    });
    // The negation must lie in the condition itself, not in the clause after it ("if
    // talks resume, Russia will not accept peacekeepers" refuses them).
    let supposed = |n: &Range<usize>| {
        condition.is_some_and(|c| {
            n.start >= c.end && !crosses_boundary(text, found, &(c.end..n.start), lexicon)
        })
    };
    let negation = negation.filter(|n| !supposed(n));

    // A modal that is part of the negation ("would not") does not also hedge; one before a
    // negating verb ("would give up") still does.
    // A cue that is both, on the same words ("is unlikely"), negates and hedges.
    let fused = |h: &Range<usize>| {
        negation.as_ref().is_some_and(|n| {
            let particle = is_particle(&text[n.clone()], lexicon);
            (overlaps(h, n) && h != n)
                || (particle && h.end <= n.start && text[h.end..n.start].trim().is_empty())
        })
    };
    // Under a negation only a hedge that governs it counts ("asked to give up land",
    // "willing to renounce membership"); one after the cue is inside what is denied.
    // A condition after the term governs the refusal too ("the war cannot end as long as
    // he rules"); another hedge there belongs to a clause of its own.
    let governs = |h: &Range<usize>| {
        negation.as_ref().is_none_or(|n| {
            h.end <= n.start
                || h == n
                || (h.start >= term.end
                    && h.start >= n.end
                    && lexicon.matchers.words.conditions.contains(&text[h.clone()]))
        })
    };
    // A hedge governs its clause, commas and all ("if Russia attacks again, NATO would…",
    // "could, in time, offer guarantees"): only a clause word ends its reach.
    // `clause` is the part of the gap a scope-ending word must not lie in.
    let hedge_reaches = |gap: Range<usize>, max_words: usize, clause: Range<usize>| {
        gap.start <= gap.end
            && count_words(&text[gap.clone()]) <= max_words
            && !ends_scope(found, &clause)
    };
    let forward = in_sentence(&found.hedge_forward, sentence)
        .iter()
        .filter(|h| h.end <= term.start);
    let pseudo_hedge = in_sentence(&found.pseudo_hedge, sentence);
    let hedge = in_sentence(&found.hedge, sentence)
        .iter()
        .chain(forward)
        .filter(|h| !fused(h) && governs(h) && !pseudo_hedge.iter().any(|p| overlaps(p, h)))
        .filter(|h| {
            if h.end <= term.start {
                let gap = h.end..term.start;
                hedge_reaches(
                    gap.clone(),
                    scope.hedge_words_before,
                    that_clause(text, gap),
                )
            } else {
                let gap = term.end..h.start;
                h.start >= term.end && hedge_reaches(gap.clone(), scope.hedge_words_after, gap)
            }
        })
        .min_by_key(|h| h.start.abs_diff(term.start))
        .cloned()
        .or_else(|| purpose(text, sentence, term, lexicon).filter(|_| negation.is_none()))
        .or_else(|| question_mark(text, sentence).filter(|_| scope.questions_hedge));
    Flags { negation, hedge }
}

/// The gap between a hedge and the term after it, less a "that" right after the hedge: a
/// demand's or a possibility's "that"-clause is what is demanded or possible ("demanding
/// that Ukraine cede the Donbas", "possible that talks resume"), not a clause of its own.
fn that_clause(text: &str, gap: Range<usize>) -> Range<usize> {
    let rest = &text[gap.clone()];
    let lead = rest.len() - rest.trim_start().len();
    let after = &rest[lead..];
    let is_that = after
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("that"))
        && after[4..].starts_with(char::is_whitespace);
    if is_that {
        gap.start + lead + 4..gap.end
    } else {
        gap
    }
}

/// An infinitive of purpose governing the term: "to" and a verb of reaching or ending
/// (`purpose_verbs`) right before it, an article between allowed ("to strike a deal"), or
/// "to" before a term that starts with such a verb ("to end the war"). What is aimed at is
/// not yet done. Read from the words next to the term, so a common word like "to" costs
/// nothing where no term follows it.
fn purpose(
    text: &str,
    sentence: &Range<usize>,
    term: &Range<usize>,
    lexicon: &Lexicon,
) -> Option<Range<usize>> {
    let words = &lexicon.matchers.words;
    let prev = |end: usize| word_before(text, sentence.start, end);
    let is_to = |r: &Range<usize>| text[r.clone()].eq_ignore_ascii_case("to");
    let first = text[term.clone()].split_whitespace().next().unwrap_or("");
    let w = prev(term.start)?;
    if is_to(&w) && words.purpose_verbs.contains(first) {
        return Some(w.start..term.start + first.len());
    }
    let verb = if words.determiners.contains(&text[w.clone()]) {
        prev(w.start)?
    } else {
        w
    };
    let to = prev(verb.start)?;
    (is_to(&to) && words.purpose_verbs.contains(&text[verb.clone()])).then_some(to.start..verb.end)
}

/// The word that ends just before `end` (spaces between allowed), as far back as `start`:
/// the run of non-space characters before it.
fn word_before(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let trimmed = text[start..end].trim_end();
    let from = trimmed
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (from < trimmed.len()).then(|| start + from..start + trimmed.len())
}

/// Whether a negation cue is a particle ("not", "never", "isn't") rather than a negating
/// verb ("give up", "reject"): its last word ends with one of the lexicon's particles.
fn is_particle(cue: &str, lexicon: &Lexicon) -> bool {
    let last = cue
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase()
        .replace('’', "'");
    lexicon
        .cues
        .negation_particles
        .iter()
        .any(|p| last.ends_with(p.as_str()))
}

/// The question mark ending a sentence, if it is a question (a question asks rather than
/// states, so it hedges what it names).
fn question_mark(text: &str, sentence: &Range<usize>) -> Option<Range<usize>> {
    let body = text[sentence.clone()]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\'' | ')'));
    body.ends_with('?')
        .then(|| sentence.start + body.len() - 1..sentence.start + body.len())
}

/// Whether a scope-ending word ("but", "which", "if") lies in `gap`.
fn ends_scope(found: &Found, gap: &Range<usize>) -> bool {
    within(&found.scope_end, |r| r.start, gap)
        .iter()
        .any(|r| r.end <= gap.end)
}

/// Whether a clause boundary (a scope-ending word or punctuation mark) lies in `gap`.
fn crosses_boundary(text: &str, found: &Found, gap: &Range<usize>, lexicon: &Lexicon) -> bool {
    ends_scope(found, gap)
        || lexicon
            .cues
            .scope_end_punctuation
            .iter()
            .filter(|p| !p.is_empty())
            .any(|p| {
                text[gap.clone()].match_indices(p.as_str()).any(|(i, _)| {
                    // A comma or point inside a number ("100,000") is not punctuation.
                    let at = gap.start + i;
                    let digit_before = text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_digit());
                    let digit_after = text[at + p.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit());
                    !(digit_before && digit_after)
                })
            })
}

/// Actor indices named in `sentence`, in order of first mention, unique.
fn actors_in(hits: &[PhraseMatch<'_>], sentence: &Range<usize>, lexicon: &Lexicon) -> Vec<usize> {
    let mut ids: Vec<usize> = Vec::new();
    for hit in within(hits, |h| h.span.start, sentence) {
        for &a in hit.payloads {
            if a < lexicon.actors.len() && !ids.contains(&a) {
                ids.push(a);
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests;
