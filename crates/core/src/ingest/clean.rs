//! Boilerplate removal for scraped text: site furniture lines, navigation runs, and a
//! headline repeated at the top of the page.
//!
//! The patterns live in `boilerplate.toml`, so a user can see exactly what is dropped.

use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct Rules {
    exact: Vec<String>,
    prefix: Vec<String>,
    nav_run_lines: usize,
    nav_line_words: usize,
}

struct Compiled {
    exact: HashSet<String>,
    prefix: Vec<String>,
    /// The most characters of an exact line: lower-casing never makes a line shorter in
    /// characters, so a longer line cannot be one.
    exact_chars: usize,
    /// The most characters of a prefix: only that much of a line is lower-cased for them.
    prefix_chars: usize,
    nav_run_lines: usize,
    nav_line_words: usize,
}

static RULES: LazyLock<Compiled> = LazyLock::new(|| {
    let rules: Rules =
        toml::from_str(include_str!("boilerplate.toml")).expect("boilerplate.toml is valid");
    let chars = |v: &[String]| v.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    Compiled {
        exact_chars: chars(&rules.exact),
        prefix_chars: chars(&rules.prefix),
        exact: rules.exact.into_iter().collect(),
        prefix: rules.prefix,
        nav_run_lines: rules.nav_run_lines,
        nav_line_words: rules.nav_line_words,
    }
});

/// Whether one line is site furniture.
///
/// Most lines are paragraphs, so neither test lower-cases a whole long line: the exact
/// test only lines short enough to be one, the prefix test only the line's first
/// characters (each character lower-cases to one or more, so the first `prefix_chars`
/// characters decide a match; one more is kept for the context-dependent final sigma).
pub fn is_boilerplate(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    let mut chars = t.char_indices().map(|(i, _)| i);
    let head_end = chars.nth(RULES.prefix_chars + 1).unwrap_or(t.len());
    let head = &t[..head_end];
    // An ASCII head lower-cases byte for byte, so it is compared in place; only a head
    // with other characters is lower-cased into a copy.
    let prefixed = if head.is_ascii() {
        RULES.prefix.iter().any(|p| {
            head.as_bytes()
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        })
    } else {
        let head = head.to_lowercase();
        RULES.prefix.iter().any(|p| head.starts_with(p.as_str()))
    };
    if prefixed {
        return true;
    }
    let short = t.char_indices().nth(RULES.exact_chars).is_none();
    short && RULES.exact.contains(&t.to_lowercase())
}

fn is_short_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !t.ends_with(['.', '!', '?', '"', '”', ':'])
        && t.split_whitespace().nth(RULES.nav_line_words).is_none()
}

/// Removes boilerplate lines and navigation runs; collapses runs of blank lines to one.
pub fn clean_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut keep: Vec<bool> = lines.iter().map(|l| !is_boilerplate(l)).collect();
    let short: Vec<bool> = lines.iter().map(|l| is_short_line(l)).collect();
    let is_blank = |j: usize| lines[j].trim().is_empty();
    // Navigation runs: consecutive short lines (blank lines do not break a run).
    let mut i = 0;
    while i < lines.len() {
        if !short[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut count = 0;
        while j < lines.len() && (short[j] || is_blank(j)) {
            if short[j] {
                count += 1;
            }
            j += 1;
        }
        if count >= RULES.nav_run_lines {
            // Stamps stay for the furniture pass, which drops them with the headline of
            // the card they close ("Headline", "Feb 27, 2026 22:41").
            for k in i..j {
                keep[k] &= super::furniture::is_stamp(lines[k]);
            }
        }
        i = j.max(i + 1);
    }
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for (line, keep) in lines.iter().zip(keep) {
        if !keep {
            continue;
        }
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    out.trim_end().to_string()
}

/// Removes lines of `body` that repeat `title`: scraped pages print the headline at the top,
/// again in breadcrumbs and share boxes, and it should count once.
pub fn drop_title_repeats(body: &str, title: &str) -> String {
    if words(title).next().is_none() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    for line in body.lines() {
        if same_words(line, title) || titled(line, title) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

/// Whether a line is the title with the site's name after it, as a page's `<title>` is
/// ("Zelenskyy marks four years of war - AOL", "Talks resume | Reuters").
fn titled(line: &str, title: &str) -> bool {
    // Only a line a little longer than the title can be one: most lines are not.
    if line.len() <= title.len() || line.len() > title.len() + 80 {
        return false;
    }
    [" - ", " | ", " – ", " — "].iter().any(|sep| {
        line.rsplit_once(sep).is_some_and(|(head, site)| {
            site.split_whitespace().nth(4).is_none() && same_words(head, title)
        })
    })
}

/// The words of a line, without a Markdown heading's leading `#`s.
fn words(s: &str) -> std::str::SplitWhitespace<'_> {
    s.trim().trim_start_matches('#').split_whitespace()
}

/// Whether two lines have the same words, ignoring case and spacing. Compared word by word
/// without building normalised copies: this runs on every line of every article.
fn same_words(a: &str, b: &str) -> bool {
    let lower = |w: &str| w.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
    let (mut a, mut b) = (words(a), words(b));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y || (x.len() == y.len() && x.eq_ignore_ascii_case(y)) => {}
            (Some(x), Some(y)) if !(x.is_ascii() && y.is_ascii()) && lower(x) == lower(y) => {}
            _ => return false,
        }
    }
}

/// First non-empty line as the title, the rest as the body (SPEC §2 for `.txt`), after
/// boilerplate is gone; the title's repeats are removed from the body.
pub fn split_title(text: &str) -> (String, String) {
    let text = text.trim_start();
    let (title, rest) = text.split_once('\n').unwrap_or((text, ""));
    let title = title.trim().to_string();
    let body = drop_title_repeats(rest, &title);
    (title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_style_page() {
        let page = "Site icon Theamericanhabit\n\nTrump Says No\n\nTrump Says No\n\nPresident Trump told his cabinet.\n\nExit mobile version\n";
        let cleaned = clean_lines(page);
        let (title, body) = split_title(&cleaned);
        assert_eq!(title, "Trump Says No");
        assert_eq!(body, "President Trump told his cabinet.");
    }

    #[test]
    fn title_with_the_site_name_is_a_repeat() {
        let title = "Zelenskyy marks four years of war";
        let repeats = [
            "Zelenskyy marks four years of war - AOL",
            "Zelenskyy marks four years of war | Reuters",
            "zelenskyy marks four years of war — The Kyiv Independent",
        ];
        for r in repeats {
            assert_eq!(
                drop_title_repeats(&format!("{r}\nText."), title),
                "Text.",
                "{r}"
            );
        }
        let text = [
            "Zelenskyy marks four years of war - and says the fight goes on for as long as it takes",
            "Zelenskyy marks four years - AOL",
        ];
        for t in text {
            let body = format!("{t}\nText.");
            assert_eq!(drop_title_repeats(&body, title), body, "{t}");
        }
    }

    #[test]
    fn navigation_runs_go_prose_stays() {
        let page = "World\nEconomy\nPolitics\nEnergy\nSports\nOpinion\nRussia is grappling with defense spending.\nShort line\nThe end came.\n";
        assert_eq!(
            clean_lines(page),
            "Russia is grappling with defense spending.\nShort line\nThe end came."
        );
    }

    #[test]
    fn single_furniture_lines() {
        assert!(is_boilerplate("Advertisement"));
        assert!(is_boilerplate("  Share this article "));
        assert!(is_boilerplate("Read more: what Trump said"));
        assert!(!is_boilerplate("Advertisers fled the platform."));
        assert!(is_boilerplate(
            "* list 2 of 4Ukraine pulls plug on Russian Starlink"
        ));
        assert!(!is_boilerplate(
            "* List of Russia's demands: neutrality and no troops."
        ));
        // Long lines: a prefix still counts, case-insensitively, whatever follows it.
        let long = "We use cookies to improve your experience ".repeat(20);
        assert!(is_boilerplate(&long.to_uppercase()));
        assert!(is_boilerplate("GETTY IMAGES/ÉMILE ZOLA ARCHIVE"));
        assert!(!is_boilerplate(&"A paragraph about the talks. ".repeat(20)));
        // An exact line only matches whole, including characters outside ASCII.
        assert!(is_boilerplate("×"));
        assert!(is_boilerplate("SPONSORED CONTENT"));
        assert!(!is_boilerplate("Sponsored content will return"));
    }
}
