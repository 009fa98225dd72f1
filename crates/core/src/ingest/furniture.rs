//! Site furniture inside the article's run of text: time stamps, photo captions, bylines,
//! teaser cards of other stories, the credit line that ends a wire story and everything
//! after it, and paragraphs a page prints twice.
//!
//! `clean.rs` drops lines that are furniture whatever surrounds them ("Advertisement",
//! menus). What is here needs a line's shape rather than its words: a line made only of a
//! date and a clock time is the page's stamp, not a mention of a day, and a headline
//! followed by such a stamp is a link to another story. Left in, each yields dates,
//! figures and topic mentions that belong to no sentence of the article.
//!
//! The word lists live in `furniture.toml`.

use crate::text::count_words_upto;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct Lists {
    stamp_words: Vec<String>,
    weekdays: Vec<String>,
    credit_words: Vec<String>,
    caption_phrases: Vec<String>,
    agencies: Vec<String>,
    caption_verbs: Vec<String>,
    caption_blockers: Vec<String>,
    end_markers: Vec<String>,
    repeat_min_words: usize,
    stamp_max_words: usize,
}

struct Compiled {
    /// Every word a stamp may hold besides digits: month names and abbreviations, weekday
    /// names, clock and zone words, and labels ("updated", "published").
    stamp_words: HashSet<String>,
    /// Month names and abbreviations: a stamp holds one of these or a numeric date.
    months: HashSet<String>,
    credit: Regex,
    agency_credit: Regex,
    /// "hide caption", "purchase licensing rights": any case, found in one pass.
    caption_phrases: AhoCorasick,
    caption_verbs: HashSet<String>,
    caption_blockers: HashSet<String>,
    /// A day of a month closing a line: "… in Davos on Jan. 22.", "… on October 14, 2019."
    dated_end: Regex,
    end_markers: Vec<String>,
    repeat_min_words: usize,
    stamp_max_words: usize,
}

static LISTS: LazyLock<Compiled> = LazyLock::new(|| {
    let lists: Lists =
        toml::from_str(include_str!("furniture.toml")).expect("furniture.toml is valid");
    let mut months = HashSet::default();
    for m in &crate::text::words::WORDS.months {
        months.insert(m.full.clone());
        months.extend(m.abbr.iter().cloned());
    }
    let mut stamp_words: HashSet<String> = lists.stamp_words.into_iter().collect();
    stamp_words.extend(months.iter().cloned());
    for day in &lists.weekdays {
        stamp_words.insert(day.clone());
        stamp_words.insert(day[..3].to_string());
    }
    let alternatives = |words: &[String]| {
        words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|")
    };
    // "(Photo: Efrem Lukatsky)", "(Handout via AFP)", "(Source: News5PH/X)" closing a line.
    let credit = Regex::new(&format!(
        r"(?i)\((?:[^()]*(?-u:\b))?(?:{})(?-u:\b)[^()]*\)\s*$",
        alternatives(&lists.credit_words)
    ))
    .expect("credit pattern");
    // "Sergei Grits/AP", "REUTERS/Gleb Garanich", "via REUTERS": a photographer's credit.
    let agencies = alternatives(&lists.agencies);
    let agency_credit = Regex::new(&format!(
        r"(?-u:\b)\p{{Lu}}[\p{{L}}.'-]+(?: \p{{Lu}}[\p{{L}}.'-]+)*\s?/\s?(?:{agencies})(?-u:\b)|(?-u:\b)(?:{agencies})\s?/\s?\p{{Lu}}|(?-u:\b)via (?:{agencies})\s*\.?\s*$"
    ))
    .expect("agency credit pattern");
    let month_names = alternatives(&months.iter().cloned().collect::<Vec<_>>());
    let dated_end = Regex::new(&format!(
        r"(?i)(?-u:\b)(?:{month_names})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?\.\s*$"
    ))
    .expect("dated end pattern");
    Compiled {
        caption_verbs: lists.caption_verbs.into_iter().collect(),
        caption_blockers: lists.caption_blockers.into_iter().collect(),
        dated_end,
        stamp_words,
        months,
        credit,
        agency_credit,
        caption_phrases: AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&lists.caption_phrases)
            .expect("caption phrases"),
        end_markers: lists.end_markers,
        repeat_min_words: lists.repeat_min_words,
        stamp_max_words: lists.stamp_max_words,
    }
});

/// The longest line that can be a stamp, label parts included ("Worldcategory · February
/// 23, 2026 · 7:54 PM UTC · 2 mins ago" is 60 bytes).
const STAMP_MAX_BYTES: usize = 160;

/// Separators between the parts of a stamp or a teaser's label ("World · February 23,
/// 2026 · 7:54 PM UTC").
const PART_SEPARATORS: &[char] = &['·', '|', '•', '—', '–'];

/// A token of a stamp, lower-cased and without the punctuation around it.
fn stamp_token(t: &str) -> String {
    t.trim_matches(|c: char| !c.is_alphanumeric() && c != ':' && c != '.' && c != '/')
        .trim_end_matches([':', '.'])
        .to_lowercase()
}

/// Whether a token is a number a stamp can hold: a day, a year, a clock time, a numeric
/// date ("27.02.2026", "2026-02-27", "02/27/2026").
fn stamp_number(t: &str) -> bool {
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '/' | '-'))
}

fn numeric_date(t: &str) -> bool {
    stamp_number(t) && t.matches(['.', '/', '-']).count() == 2
}

/// Whether `part` is nothing but a date, perhaps with a weekday, a clock time, a zone and a
/// label: "Feb 27, 2026 10:13", "Published 27.02.2026", "Tuesday, Feb. 3, 2026 7:54 PM UTC",
/// "2 mins ago". A month name alone ("March") is a word of the text, so a stamp needs a
/// number beside its month, or a numeric date, or an age ("2 mins ago").
fn is_stamp_part(part: &str) -> bool {
    if part.split_whitespace().nth(LISTS.stamp_max_words).is_some() {
        return false;
    }
    let tokens: Vec<String> = part
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(stamp_token)
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() || tokens.len() > LISTS.stamp_max_words {
        return false;
    }
    let mut month = false;
    let mut number = false;
    let mut dated = false;
    for t in &tokens {
        if stamp_number(t) {
            number = true;
            dated |= numeric_date(t);
        } else if LISTS.months.contains(t.as_str()) {
            month = true;
        } else if !LISTS.stamp_words.contains(t.as_str()) {
            return false;
        }
    }
    let aged = tokens.last().is_some_and(|t| t == "ago");
    dated || (month && number) || (aged && number)
}

/// Whether a line is a time stamp, or a short label line that carries one ("World ·
/// February 23, 2026 · 7:54 PM UTC · 2 mins ago", "by Katarzyna Szalajko 10:41 AM
/// February 5, 2026").
pub fn is_stamp(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['-', '*', '+']).trim();
    // A stamp is short and holds a digit; most lines are paragraphs, rejected here.
    if t.is_empty() || t.len() > STAMP_MAX_BYTES || !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if is_stamp_part(t) {
        return true;
    }
    if !t.contains(PART_SEPARATORS) {
        return false;
    }
    let parts: Vec<&str> = t.split(PART_SEPARATORS).map(str::trim).collect();
    if parts.iter().any(|p| is_stamp_part(p)) {
        return parts
            .iter()
            .all(|p| is_stamp_part(p) || p.split_whitespace().count() <= 4);
    }
    false
}

/// A byline: "By Anadolu Agency", "By Maxine Davey, an editorial fellow at Foreign
/// Policy", "by Katarzyna Szalajko 10:41 AM February 5, 2026". One to five capitalised
/// names after "By" (a month or a weekday is a date: "By February, troops had left"), then
/// nothing, a stamp, or a short description after a comma.
pub fn is_byline(line: &str) -> bool {
    let t = line.trim();
    let mut words = t.split_whitespace();
    if !words.next().is_some_and(|w| w.eq_ignore_ascii_case("by")) {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    let mut names = 0;
    let mut comma = false;
    for w in &rest {
        let bare = w.trim_end_matches(',');
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        let connective = matches!(bare, "and" | "de" | "van" | "von" | "al");
        if !(capital || connective) || LISTS.stamp_words.contains(&stamp_token(bare)) {
            break;
        }
        names += 1;
        if w.ends_with(',') {
            comma = true;
            break;
        }
    }
    if !(1..=5).contains(&names) {
        return false;
    }
    let tail = &rest[names..];
    tail.is_empty() || (comma && tail.len() <= 10) || (!comma && is_stamp_part(&tail.join(" ")))
}

/// Whether a line is a photo caption: a gallery counter ("Item 1 of 5", "[1/5]"), a
/// player's "hide caption", or a credit closing it ("(Photo: …)", "Sergei Grits/AP").
pub fn is_caption(line: &str) -> bool {
    let t = line.trim();
    if gallery_counter(t) {
        return true;
    }
    // Credits, player phrases and the caption's date close the line: only its end is
    // searched, so a long paragraph costs no more than a short one.
    let end = tail(t, 120);
    // Each phrase names a caption, image or licence: the automaton, which has no fast
    // skip when matching in any case, runs only on a tail holding one of those words.
    let phrase = ["aption", "APTION", "icens", "ICENS", "mage", "MAGE"]
        .iter()
        .any(|w| end.contains(w))
        && LISTS.caption_phrases.is_match(end);
    // Each pattern needs a character a paragraph's end rarely has: tried only then.
    phrase
        || (end.trim_end().ends_with(')') && LISTS.credit.is_match(end))
        || ((end.contains('/') || end.contains("via ")) && LISTS.agency_credit.is_match(end))
        || present_dated(t)
}

/// The last `n` bytes of `t` or fewer, cut at a character boundary.
fn tail(t: &str, n: usize) -> &str {
    let mut start = t.len().saturating_sub(n);
    while !t.is_char_boundary(start) {
        start += 1;
    }
    &t[start..]
}

/// A caption without a credit: a picture described in the present and dated to a day
/// ("U.S. President Donald Trump speaks at the forum in Davos, Switzerland, on Jan. 22.").
/// Running text tells dated events in the past, or reports them ("said", "will").
fn present_dated(t: &str) -> bool {
    if !t.ends_with('.')
        || !tail(t, 8).bytes().any(|b| b.is_ascii_digit())
        || !LISTS.dated_end.is_match(tail(t, 40))
        || t.split_whitespace().nth(60).is_some()
    {
        return false;
    }
    let words = || {
        t.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
    };
    words().any(|w| LISTS.caption_verbs.contains(&w))
        && !words().any(|w| LISTS.caption_blockers.contains(&w))
}

/// "Item 1 of 5 …" or "[1/5] …" at the start of a line.
fn gallery_counter(t: &str) -> bool {
    static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:Item \d+ of \d+\b|\[\d+/\d+\])").expect("gallery counter pattern")
    });
    (t.starts_with("Item ") || t.starts_with('[')) && COUNTER.is_match(t)
}

/// Whether a line is the credit that closes a wire story ("Reporting by …; Editing by
/// …"): what follows it on a page is the site's, not the story's.
pub fn is_end_marker(line: &str) -> bool {
    let t = line.trim().trim_start_matches('(').as_bytes();
    // The markers are ASCII and lower-case: compared in place, as most lines are none.
    LISTS.end_markers.iter().any(|m| {
        t.get(..m.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(m.as_bytes()))
    })
}

/// Words a line of running text has at least ("is prose"), and a headline ("looks like a
/// headline"): one count up to the most any test asks serves them all.
const PROSE_WORDS: usize = 8;
const HEADLINE_WORDS: usize = 3;

/// A headline: several words, no sentence punctuation at the end. `words` is the line's
/// word count, counted up to at least [`HEADLINE_WORDS`].
fn headline_like(t: &str, words: usize) -> bool {
    !t.ends_with(['.', '!', '?', '"', '”', ':', ';', ',']) && words >= HEADLINE_WORDS
}

/// A sentence of running text: eight words or more, ending as a sentence ends.
fn is_prose(t: &str, words: usize) -> bool {
    t.ends_with(['.', '!', '?', '"', '”']) && words >= PROSE_WORDS
}

/// Drops the furniture of the module comment from cleaned text, keeping every other line
/// as it is. Most pages hold none: their text is handed back without a copy.
///
/// One pass over the lines, each line's words counted once: the lines of prose seen so far
/// are a running count, and a headline waits for the next non-blank line to learn whether
/// a stamp closes it into a teaser card.
pub fn strip(text: String) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut keep = vec![true; lines.len()];
    let count_to = LISTS.repeat_min_words.max(PROSE_WORDS);
    let mut seen: HashSet<&str> =
        HashSet::with_capacity_and_hasher(lines.len(), Default::default());
    let mut prose_before = 0;
    // A kept headline with two lines of prose before it, and no non-blank line yet after.
    let mut headline: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let stamp = is_stamp(t);
        if let Some(h) = headline.take().filter(|_| stamp) {
            keep[h] = false;
        }
        if prose_before >= 2 && is_end_marker(t) {
            keep[i..].iter_mut().for_each(|k| *k = false);
            break;
        }
        let words = count_words_upto(t, count_to);
        let repeat = words >= LISTS.repeat_min_words && !seen.insert(t);
        if repeat || stamp || is_caption(t) || is_byline(t) {
            keep[i] = false;
        } else if prose_before >= 2 && headline_like(t, words) {
            headline = Some(i);
        }
        if is_prose(t, words) {
            prose_before += 1;
        }
    }
    // Rebuilding from `lines` would change nothing but a trailing blank or a "\r".
    if keep.iter().all(|&k| k) && text.len() == text.trim_end().len() && !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (line, keep) in lines.iter().zip(keep) {
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps() {
        let stamps = [
            "Feb 27, 2026 10:13",
            "February 27, 2026",
            "Jul 09, 2025 17:53",
            "Published 27.02.2026 - Update: 27.02.2026",
            "Tuesday, Feb. 3, 2026 7:54 PM UTC",
            "Updated: 2026-02-27 14:05 GMT",
            "Worldcategory · February 23, 2026 · 7:54 PM UTC · 2 mins ago",
            "3 hours ago",
        ];
        for s in stamps {
            assert!(is_stamp(s), "{s}");
        }
        let text = [
            "March",
            "On February 27, 2026, the talks resumed.",
            "By the end of February 2026",
            "27 killed",
            "Russia launched 29 missiles on Tuesday",
            "Zelensky · Putin · Trump",
            "2026",
        ];
        for s in text {
            assert!(!is_stamp(s), "{s}");
        }
    }

    #[test]
    fn bylines() {
        let bylines = [
            "By Anadolu Agency",
            "By Maxine Davey, an editorial fellow at Foreign Policy.",
            "by Katarzyna Szalajko 10:41 AM February 5, 2026",
            "By John Smith and Jane Doe",
        ];
        for b in bylines {
            assert!(is_byline(b), "{b}");
        }
        let prose = [
            "By February, Russian troops had left the region around Kyiv entirely.",
            "By Tuesday",
            "By the end of the month, talks had stalled.",
            "By Trump's own account, the deal was close to being signed by both sides in Riyadh.",
            "Byline",
        ];
        for p in prose {
            assert!(!is_byline(p), "{p}");
        }
    }

    #[test]
    fn captions() {
        let captions = [
            "Item 1 of 5 Ukrainian prisoners of war pose for a picture, February 5, 2026.",
            "[1/5] Ukrainian prisoners of war pose for a picture.",
            "Servicemen ride a pickup in the Zaporizhzhia region, Feb. 10, 2026. (Handout via AFP)",
            "Presentation of the stamp in the Vatican. (Source: News5PH/X)",
            "Zelensky attends a news conference in Kyiv. Sergei Grits/AP hide caption",
            "A destroyed tank near Kharkiv. REUTERS/Gleb Garanich",
            "Rescuers work at the site. Photo by Ivan Petrenko/AFP",
            "*   U.S. President Donald Trump speaks at the Board of Peace meeting in Davos, Switzerland, on Jan. 22.",
            "*   People walk past a heavily damaged building in Gaza City on Nov. 10, 2025.",
            "Zelensky talking with officers at a map during his visit to the Donetsk region on October 14, 2019.",
        ];
        for c in captions {
            assert!(is_caption(c), "{c}");
        }
        let prose = [
            "Zelensky told Reuters on Tuesday that talks would resume.",
            "The deal (which Kyiv rejected) was dropped.",
            "Item by item, the plan fell apart.",
            "Russia occupies about 20% of Ukraine, AP reported.",
            "Zelensky said he would meet Trump on Feb. 3.",
            "The two leaders meet again in Washington after talks on Jan. 22.",
            "Russian forces hold the town, which fell on February 17, 2024.",
        ];
        for p in prose {
            assert!(!is_caption(p), "{p}");
        }
    }

    #[test]
    fn end_of_story_and_what_follows() {
        let page = "KYIV (Reuters) - Ukraine and Russia concluded a second round of talks in Abu Dhabi on Thursday.\n\
                    Witkoff said the delegations had agreed to an exchange of 314 prisoners of war on Thursday.\n\
                    Reporting by Olena Harmash; Editing by Daniel Flynn\n\
                    Trump warns countries that play games with US trade deals\n\
                    The U.S. ambassador to France has been banned from meeting members of the government.";
        let kept = strip(page.to_string());
        assert!(
            kept.ends_with("314 prisoners of war on Thursday."),
            "{kept}"
        );
        // Without prose before it, such a line is not an ending.
        assert_eq!(
            strip("Reporting by A. Writer\nText.".to_string()),
            "Reporting by A. Writer\nText."
        );
    }

    #[test]
    fn teaser_cards_and_repeats() {
        let page = "The Vatican issued a stamp to mark the anniversary of the invasion on Friday.\n\
                    The design shows the cathedral in Kyiv as a dark silhouette during a blackout.\n\
                    Related articles\n\
                    Pope Accepts Invitation to Visit Ukraine\n\
                    Dec 26, 2024 23:10\n\
                    India Reduces Russian Oil Imports by 40% Following US Trade Deal\n\
                    Feb 27, 2026 19:58\n\
                    The Vatican issued a stamp to mark the anniversary of the invasion on Friday.\n\
                    A Powerful Symbol From The Vatican\n\
                    The design shows a cathedral during a blackout.";
        assert_eq!(
            strip(page.to_string()),
            "The Vatican issued a stamp to mark the anniversary of the invasion on Friday.\n\
             The design shows the cathedral in Kyiv as a dark silhouette during a blackout.\n\
             Related articles\n\
             A Powerful Symbol From The Vatican\n\
             The design shows a cathedral during a blackout."
        );
    }
}
