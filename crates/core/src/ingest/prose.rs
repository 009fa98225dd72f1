//! A line classifier for what is left of a scraped page: lines that are not prose.
//!
//! After the rules by words (`clean.rs`), by shape (`furniture.rs`) and by recurrence
//! (`recurring.rs`), a page of a site seen once still carries its own furniture: a photo's
//! caption and credit above the first paragraph, a "RELATED NEWS |" teaser in the middle,
//! a list of other stories' headlines and the footer after the last paragraph, a newsletter
//! box. Each line is classified by its features (words, sentence punctuation at its end,
//! share of stopwords, share of capitalised words, digits, position before the first or
//! after the last line of prose, runs of such lines) into prose or a label, and labels go
//! where articles have none: at the edges of the text, in runs, behind a teaser's label.
//!
//! A real article's headline, subheads, datelines, short quotes and one-sentence
//! paragraphs stay: a single label between paragraphs is a subhead, a sentence of four
//! words is prose, and a page with no line of prose is left whole.
//!
//! The word lists and thresholds live in `prose.toml`.

use crate::text::count_words_upto;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct Rules {
    stopwords: Vec<String>,
    teaser_labels: Vec<String>,
    promo_phrases: Vec<String>,
    promo_max_words: usize,
    prose_min_words: usize,
    long_min_words: usize,
    long_min_stopword_share: f64,
    title_min_share: f64,
    title_min_words: usize,
    head_max_words: usize,
    tail_max_words: usize,
    run_min_lines: usize,
    run_min_titles: usize,
}

struct Compiled {
    rules: Rules,
    stopwords: HashSet<String>,
    teaser_labels: HashSet<String>,
    promo: AhoCorasick,
}

static RULES: LazyLock<Compiled> = LazyLock::new(|| {
    let rules: Rules = toml::from_str(include_str!("prose.toml")).expect("prose.toml is valid");
    Compiled {
        stopwords: rules.stopwords.iter().cloned().collect(),
        teaser_labels: rules.teaser_labels.iter().cloned().collect(),
        promo: AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&rules.promo_phrases)
            .expect("promo phrases"),
        rules,
    }
});

/// No headline of a list of other stories is longer than this: longer lines that end as
/// sentences do are prose.
const LONGEST_HEADLINE: usize = 30;
const _: () = assert!(
    LONGEST_HEADLINE >= 30,
    "promo_max_words is counted within it"
);

/// What one line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Blank,
    /// Running text: a sentence, or a long line of ordinary words.
    Prose,
    /// A list item ("- 300 tanks"): an article's own list, left alone.
    Item,
    /// Anything else: a headline, a name, a menu entry, a credit, a stamp.
    Label(Label),
}

/// The features of a label line the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    words: usize,
    digits: bool,
    letters: bool,
    /// Ends in a dash, as a dateline does ("KYIV, Ukraine —").
    dateline: bool,
    /// Most words capitalised: a name, a credit, a headline in title case.
    capitalised: bool,
    /// In title case with several words, or cut short with "…": a headline of a list of
    /// other stories.
    title: bool,
}

/// Classifies one line (the tests' entry; [`keep`] counts words once for several tests).
#[cfg(test)]
fn classify(line: &str) -> Line {
    let t = line.trim();
    classify_counted(t, count_words_upto(t, LONGEST_HEADLINE + 1))
}

/// [`classify`] of a trimmed line whose words are counted up to `LONGEST_HEADLINE + 1`.
fn classify_counted(t: &str, counted: usize) -> Line {
    if t.is_empty() {
        return Line::Blank;
    }
    let r = &RULES.rules;
    if t.strip_prefix(['-', '*', '+', '•'])
        .is_some_and(|rest| rest.starts_with(' '))
    {
        return Line::Item;
    }
    let sentence = t.ends_with(['.', '!', '?', ':', '"', '”', '\'', '’']) && !t.ends_with("...");
    // Most lines are paragraphs: one longer than any headline and ending as a sentence
    // ends is prose without a look at its words.
    if sentence && counted > LONGEST_HEADLINE {
        return Line::Prose;
    }
    let mut words = 0;
    let mut stop = 0;
    let mut capital = 0;
    // Stopwords are short and ASCII: a word is lower-cased into this buffer only then.
    let mut lower = [0u8; 8];
    for w in t.split_whitespace() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.is_empty() {
            continue;
        }
        words += 1;
        if bare.chars().next().is_some_and(char::is_uppercase) {
            capital += 1;
        }
        if bare.len() <= lower.len() && bare.is_ascii() {
            let lower = &mut lower[..bare.len()];
            lower.copy_from_slice(bare.as_bytes());
            lower.make_ascii_lowercase();
            if std::str::from_utf8(lower).is_ok_and(|l| RULES.stopwords.contains(l)) {
                stop += 1;
            }
        }
    }
    let capitalised = words > 0 && capital as f64 >= r.title_min_share * words as f64;
    let title =
        (words >= r.title_min_words && capitalised) || t.ends_with(['…']) || t.ends_with("...");
    let prose = (sentence && words >= r.prose_min_words && !title)
        || (words >= r.long_min_words
            && stop as f64 >= r.long_min_stopword_share * words as f64
            && !title);
    if prose {
        return Line::Prose;
    }
    Line::Label(Label {
        words,
        digits: t.bytes().any(|b| b.is_ascii_digit()),
        letters: t.chars().any(char::is_alphabetic),
        dateline: t.ends_with(['-', '—', '–']),
        capitalised,
        title,
    })
}

/// Whether a line is a teaser's label ("RELATED NEWS |", "Read also:").
fn is_teaser_label(t: &str) -> bool {
    let bare = t
        .trim()
        .trim_end_matches(['|', ':', '·', '-', '—', '–', ' ']);
    bare.len() < 40 && RULES.teaser_labels.contains(&bare.to_lowercase())
}

/// Whether a line is a site's promotion (newsletter box, donation appeal, app prompt).
pub fn is_promo(line: &str) -> bool {
    let t = line.trim();
    let max = RULES.rules.promo_max_words;
    !t.is_empty() && count_words_upto(t, max + 1) <= max && RULES.promo.is_match(t)
}

/// Which lines of `text` to keep, by the rules of the module comment.
pub fn keep(text: &str) -> Vec<bool> {
    let r = &RULES.rules;
    let lines: Vec<&str> = text.lines().collect();
    // One count of each line's words serves the classifier and the promotion test.
    let counted: Vec<usize> = lines
        .iter()
        .map(|l| count_words_upto(l.trim(), LONGEST_HEADLINE + 1))
        .collect();
    let kinds: Vec<Line> = lines
        .iter()
        .zip(&counted)
        .map(|(l, &n)| classify_counted(l.trim(), n))
        .collect();
    let mut keep = vec![true; lines.len()];
    let first = kinds.iter().position(|k| *k == Line::Prose);
    let last = kinds.iter().rposition(|k| *k == Line::Prose);
    let (Some(first), Some(last)) = (first, last) else {
        // No line of prose: nothing to tell the article from its furniture by.
        return keep;
    };
    for (i, kind) in kinds.iter().enumerate() {
        if counted[i] <= r.promo_max_words && is_promo(lines[i]) {
            keep[i] = false;
        }
        let Line::Label(l) = kind else { continue };
        // Before the text, a caption, a credit, a menu entry: short or capitalised, and
        // no date (a stamp stays for the dates it gives). A dek in sentence case stays.
        let head = i < first
            && l.words <= r.head_max_words
            && (!l.digits || !l.letters)
            && (l.capitalised || l.words <= 3)
            && !l.dateline;
        let tail = i > last && l.words <= r.tail_max_words;
        if head || tail {
            keep[i] = false;
        }
    }
    // A teaser's label and the headline after it.
    for i in 0..lines.len() {
        if !is_teaser_label(lines[i]) {
            continue;
        }
        keep[i] = false;
        if let Some(j) = (i + 1..lines.len()).find(|&j| kinds[j] != Line::Blank)
            && matches!(kinds[j], Line::Label(l) if l.words >= 3)
        {
            keep[j] = false;
        }
    }
    // Runs of labels with headlines among them.
    let mut i = 0;
    while i < lines.len() {
        if !matches!(kinds[i], Line::Label(_)) {
            i += 1;
            continue;
        }
        let mut j = i;
        let (mut labels, mut titles) = (0, 0);
        while j < lines.len() && matches!(kinds[j], Line::Label(_) | Line::Blank) {
            if let Line::Label(l) = kinds[j] {
                labels += 1;
                titles += l.title as usize;
            }
            j += 1;
        }
        if labels >= r.run_min_lines && titles >= r.run_min_titles {
            keep[i..j].iter_mut().for_each(|k| *k = false);
        }
        i = j;
    }
    keep
}

/// Drops the lines of `body` that are not prose by [`keep`]; a blank line left beside
/// another goes too. A body with nothing to drop comes back as it was.
pub fn strip(body: String) -> String {
    let keep = keep(&body);
    if keep.iter().all(|&k| k) {
        return body;
    }
    let mut out = String::with_capacity(body.len());
    let mut blank = true;
    for (line, keep) in body.lines().zip(keep) {
        let is_blank = line.trim().is_empty();
        if !keep || (is_blank && blank) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = is_blank;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_lines() {
        let prose = [
            "Zelenskyy revealed the inner workings of the bunker.",
            "\"I need ammunition, not a ride.\"",
            "Talks resumed on Tuesday.",
            "The delegations met in Geneva for a third round of talks about the ceasefire and",
            "Why does Russia want the whole of Donetsk?",
            "KYIV (Reuters) - Ukraine and Russia concluded a second round of talks on Thursday.",
        ];
        for p in prose {
            assert_eq!(classify(p), Line::Prose, "{p}");
        }
        let labels = [
            "Ukrainian President Volodymyr Zelenskyy",
            "(Ukraine Presidential Office)",
            "What Happens To Hurricane Forecasters During The Offseason?",
            "Paramount hires writer Max Landis for 'G.I. Joe' movie years after sexual assault all…",
            "Entertainment Weekly",
            "24/7",
            "Links",
            "Key takeaways",
        ];
        for l in labels {
            assert!(matches!(classify(l), Line::Label(_)), "{l}");
        }
        assert_eq!(classify("- 300 tanks and 50 jets"), Line::Item);
        // A bullet of more than one byte (this one panicked the classifier).
        assert_eq!(classify("• 300 tanks and 50 jets"), Line::Item);
        assert_eq!(classify("•300 tanks"), classify("300 tanks"));
        assert_eq!(classify("   "), Line::Blank);
    }

    #[test]
    fn promotions() {
        let promo = [
            "Don't miss our daily roundup.",
            "Stay informed with a handpicked selection of the day's top AOL stories, delivered to your inbox.",
            "*Invalid email address",
            "Thank you for signing up. You will receive a confirmation email shortly.",
            "For premium support please call:",
            "Your donation powers frontline reporting from Ukraine.",
        ];
        for p in promo {
            assert!(is_promo(p), "{p}");
        }
        let prose = [
            "Zelensky told reporters he had signed up for nothing.",
            "The ministry said it would send the list by email on Monday.",
            &format!("{} delivered to your inbox", "word ".repeat(40)),
        ];
        for p in prose {
            assert!(!is_promo(p), "{p}");
        }
    }

    /// Cases of whole texts: what goes and what stays.
    #[test]
    fn edges_runs_and_teasers() {
        let cases = [
            // A photo's caption and credit above the first paragraph; the page's footer
            // and "Links" after the last.
            (
                "Ukrainian President Volodymyr Zelenskyy\n(Ukraine Presidential Office)\n\
                 As Ukraine begins its fifth year of war, Zelenskyy opened his bunker.\n\
                 He said there would be no surrender.\n0\nAnimals\nAOL Media LLC\nLinks",
                "As Ukraine begins its fifth year of war, Zelenskyy opened his bunker.\n\
                 He said there would be no surrender.",
            ),
            // A teaser in the middle.
            (
                "Zelenskyy recalled the first days of the invasion.\nRELATED NEWS |\n\
                 Ukraine hauls bombed train car into Kyiv to greet world leaders\n\
                 And on the anniversary, Zelenskyy signaled Ukraine would fight on.",
                "Zelenskyy recalled the first days of the invasion.\n\
                 And on the anniversary, Zelenskyy signaled Ukraine would fight on.",
            ),
            // A list of other stories between paragraphs.
            (
                "The talks ended on Thursday without a deal.\n\
                 Robert Carradine’s Manner Of Death Confirmed By Examiner\nEntertainment Weekly\n\
                 Paramount hires writer Max Landis for 'G.I. Joe' movie years after sexual assault all…\n\
                 Both sides agreed to meet again next week.",
                "The talks ended on Thursday without a deal.\n\
                 Both sides agreed to meet again next week.",
            ),
        ];
        for (text, kept) in cases {
            assert_eq!(strip(text.to_string()), kept, "{text}");
        }
    }

    #[test]
    fn articles_keep_their_headlines_subheads_and_lists() {
        let whole = [
            // A subhead between paragraphs, a dateline, a short quote, a one-sentence
            // paragraph.
            "KYIV, Ukraine —\nRussia launched 29 missiles overnight, officials said.\n\n\
             What happens next\n\nThe talks resume in Geneva on Monday.\n\n\"We are ready.\"\n\nIt was the largest attack this year.",
            // An article's own list, and a stamp before the text (kept for the dates).
            "Feb 27, 2026\nThe package includes:\n- 300 tanks\n- 50 jets\n- 1,000 drones\nDeliveries start in March.",
            // A text without a line of prose is left whole.
            "Zelensky · Putin · Trump\nTalks in Geneva",
            // A dek in sentence case before the text, and a subhead of two words.
            "Talks resume as Russia pounds Kharkiv with drones\nThe delegations met on Tuesday.\nKey takeaways\nNo deal was reached.",
        ];
        for text in whole {
            assert_eq!(strip(text.to_string()), text, "{text}");
        }
    }
}
