//! Plain text and Markdown articles.
//!
//! `.txt`: first non-empty line is the title, the rest the body. `.md`: the same, after a
//! YAML front matter block or a "Metadata" list of `- **Key**: value` lines is read as
//! metadata; scraper outlines ("Page Structure") are not body either. Inline Markdown
//! (emphasis, links, images, heading marks) is reduced to its text.

use super::Parsed;
use super::clean::{clean_lines, drop_title_repeats, split_title};
use super::fields::FieldMap;
use crate::article::PublishedFrom;
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::LazyLock;

/// Reads a `.txt` article.
pub fn parse_txt(text: &str) -> Parsed {
    let (title, body) = split_title(&clean_lines(text));
    Parsed::new(title, body)
}

/// Reads a `.md` article.
pub fn parse_md(text: &str, fields: &FieldMap) -> Parsed {
    let (front, rest) = split_front_matter(text);
    let mut meta_map = front.unwrap_or_default();
    let sections = split_sections(rest, &mut meta_map);
    let body = clean_lines(&strip_inline(&sections.body));
    let meta = fields.meta(&meta_map);
    let (title, body) = match meta.title.clone().or(sections.outline_title) {
        Some(title) => {
            let title = strip_inline(&title).trim().to_string();
            let body = drop_title_repeats(&body, &title);
            (title, body)
        }
        None => split_title(&body),
    };
    let mut parsed = Parsed::new(title, body);
    if !meta_map.is_empty() {
        parsed.meta = meta;
        parsed.meta_from = PublishedFrom::FrontMatter;
    }
    parsed
}

/// The metadata of a `.md` article and its body lines as [`parse_md`] has them before its
/// cleaning (front matter and scraper sections read, inline Markdown reduced): what the
/// census of recurring lines counts, so its lines are the ones ingest later compares.
#[cfg(test)]
pub fn census_md(text: &str, fields: &FieldMap) -> (super::Meta, String) {
    let (meta, sections) = census_md_meta(text, fields);
    (meta, census_md_body(&sections))
}

/// The first half of [`census_md`]: the metadata, and the body as the sections left it.
/// Most pages the census meets it only needs to identify, which the metadata does without
/// the body's lines.
pub fn census_md_meta(text: &str, fields: &FieldMap) -> (super::Meta, String) {
    let (front, rest) = split_front_matter(text);
    let mut meta_map = front.unwrap_or_default();
    let sections = split_sections(rest, &mut meta_map);
    let mut meta = fields.meta(&meta_map);
    if meta.title.is_none() {
        meta.title = sections.outline_title;
    }
    (meta, sections.body)
}

/// The second half of [`census_md`]: the body's lines with inline Markdown reduced.
pub fn census_md_body(sections: &str) -> String {
    // Only a line with a mark of inline Markdown (or a space before punctuation) is
    // changed by `strip_inline`: the others, most lines, skip its patterns.
    let mut body = String::with_capacity(sections.len());
    for line in sections.lines() {
        let marked = line
            .bytes()
            .any(|b| matches!(b, b'[' | b'*' | b'_' | b'#' | b'>' | b'!'))
            || line
                .as_bytes()
                .windows(2)
                .any(|w| w[0] == b' ' && matches!(w[1], b',' | b'.' | b';' | b':'));
        if marked {
            body.push_str(&strip_inline(line));
        } else {
            body.push_str(line.trim_end());
            body.push('\n');
        }
    }
    body
}

/// YAML front matter (`---` … `---` at the very top) as flat `key: value` pairs.
fn split_front_matter(text: &str) -> (Option<Map<String, Value>>, &str) {
    let trimmed = text.trim_start_matches('\u{feff}');
    let Some(after) = trimmed.strip_prefix("---\n") else {
        return (None, text);
    };
    let Some(end) = after.find("\n---") else {
        return (None, text);
    };
    let block = &after[..end];
    let rest = after[end + 4..].trim_start_matches('-');
    let mut map = Map::new();
    for line in block.lines() {
        if let Some((k, v)) = line.split_once(':') {
            if k.starts_with([' ', '\t', '-']) {
                continue;
            }
            map.insert(k.trim().to_string(), Value::String(unquote(v.trim())));
        }
    }
    (Some(map), rest)
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v[1..v.len() - 1].replace("\\\"", "\"");
        }
    }
    v.to_string()
}

struct Sections {
    body: String,
    /// The first heading of a scraper's "Page Structure" outline: the page's headline.
    outline_title: Option<String>,
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*)$").unwrap());
static META_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-*]\s+\*\*([^*]+)\*\*\s*:\s*(.*)$").unwrap());
static OUTLINE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-*]\s+#{1,6}\s+(.+)$").unwrap());

/// Walks the Markdown headings, reading "Metadata" sections into `meta` and leaving out
/// "Page Structure" outlines; everything else is body.
fn split_sections(text: &str, meta: &mut Map<String, Value>) -> Sections {
    #[derive(PartialEq)]
    enum In {
        Body,
        Metadata,
        Outline,
    }
    let mut state = In::Body;
    let mut body = String::with_capacity(text.len());
    let mut outline_title = None;
    let mut saw_content_heading = false;
    for line in text.lines() {
        if let Some(c) = HEADING.captures(line) {
            let name = c[2].trim().to_ascii_lowercase();
            match name.as_str() {
                "metadata" => {
                    state = In::Metadata;
                    continue;
                }
                "page structure" => {
                    state = In::Outline;
                    continue;
                }
                "content" | "main content" | "article" if !saw_content_heading => {
                    // Everything before a "Content" heading was the scraper's header.
                    saw_content_heading = true;
                    body.clear();
                    state = In::Body;
                    continue;
                }
                _ => state = In::Body,
            }
        }
        match state {
            In::Metadata => {
                if let Some(c) = META_ITEM.captures(line) {
                    meta.insert(
                        c[1].trim().to_ascii_lowercase(),
                        Value::String(c[2].trim().to_string()),
                    );
                }
            }
            In::Outline => {
                if outline_title.is_none()
                    && let Some(c) = OUTLINE_HEADING.captures(line)
                {
                    outline_title = Some(c[1].trim().to_string());
                }
            }
            In::Body => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    Sections {
        body,
        outline_title,
    }
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());
static EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*([^*\n]+?)\*\*|__([^_\n]+?)__").unwrap());
static SPACE_BEFORE_PUNCT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\w) +([,.;:])(\s|$)").unwrap());

/// A list item that is only a link, or only a heading: a page's list of other stories
/// ("- [Russia's war economy slows](https://…)", "* ### Takaichi's LDP wins").
static LINK_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*+]\s+)?(?:\[[^\]]*\]\([^)]*\)\s*)+$|^\s*[-*+]\s+#{1,6}\s").unwrap()
});

/// Reduces inline Markdown to text: heading marks, images, links, bold. Lists of links
/// to other stories go whole.
fn strip_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        // Only a line opening with a link or a list mark can be one: the rest skip the regex.
        let lead = line.trim_start();
        if lead.starts_with(['[', '-', '*', '+']) && LINK_ITEM.is_match(line) {
            continue;
        }
        let line = match HEADING.captures(line) {
            Some(c) => c.get(2).map_or("", |m| m.as_str()),
            None => line,
        };
        let line = line.trim_start_matches("> ");
        let line = IMAGE.replace_all(line, "");
        let line = LINK.replace_all(&line, "$1");
        let line = EMPHASIS.replace_all(&line, "$1$2");
        // Scrapers write "**Russia** , **Ukraine**": the bold marks leave a stray space.
        // The pattern opens with a word character, which the regex engine cannot skip
        // ahead to, so it runs only on lines with a space right before a mark.
        let spaced = line
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b' ' && matches!(w[1], b',' | b'.' | b';' | b':'));
        let line = if spaced {
            SPACE_BEFORE_PUNCT.replace_all(&line, "$1$2$3")
        } else {
            line
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_metadata() {
        let md = "---\ntitle: \"Territory Still a Deal-Breaker\"\nsource: https://foreignpolicy.com/2026/01/23/x\ndate: 2026-01-23\n---\n\nWelcome to **Russia** , **Ukraine** and [the talks](https://x.y).\n";
        let p = parse_md(md, &FieldMap::default());
        assert_eq!(p.title, "Territory Still a Deal-Breaker");
        assert_eq!(p.meta.date.as_deref(), Some("2026-01-23"));
        assert_eq!(p.body, "Welcome to Russia, Ukraine and the talks.");
        assert_eq!(p.meta_from, PublishedFrom::FrontMatter);
    }

    #[test]
    fn scraper_metadata_list_and_outline() {
        let md = "# www.aa.com.tr\n\n## Metadata\n\n- **URL**: https://www.aa.com.tr/en/x/3841981\n- **Domain**: www.aa.com.tr\n- **timestamp**: 2026-02-27T19:53:06\n\n## Page Structure\n\n- # Russia’s war economy slows\n- # Related news\n\n## Content\n\nRussia’s war economy slows\nbreaking\nRussia is grappling with massive state defense spending.\n";
        let p = parse_md(md, &FieldMap::default());
        assert_eq!(p.title, "Russia’s war economy slows");
        assert_eq!(
            p.meta.url.as_deref(),
            Some("https://www.aa.com.tr/en/x/3841981")
        );
        assert_eq!(p.meta.source.as_deref(), Some("www.aa.com.tr"));
        assert_eq!(
            p.body,
            "Russia is grappling with massive state defense spending."
        );
    }

    #[test]
    fn lists_of_links_are_not_text() {
        let md = "# Talks resume\n\nThe talks resumed in Geneva on Tuesday.\n\n- [Russia's war economy slows](https://x.y/a)\n* [](https://x.y/b)\n* ### Takaichi's LDP Wins Landslide\n- [February 27, 2026](https://twitter.com/x/status/1)\n- [Witkoff](https://x.y/w) said the talks were constructive.\n";
        let p = parse_md(md, &FieldMap::default());
        assert_eq!(
            p.body,
            "The talks resumed in Geneva on Tuesday.\n\n- Witkoff said the talks were constructive."
        );
    }

    #[test]
    fn census_sees_the_lines_ingest_sees() {
        let md = "# x.example\n\n## Metadata\n\n- **URL**: https://x.example/a\n\n## Content\n\nPlain line , spaced\n**Bold** and [a link](https://x.y)\n> Quoted\n### Subhead\n- [Other story](https://x.y/b)\n![img](i.png) Caption\nLast line.\n";
        let (meta, body) = census_md(md, &FieldMap::default());
        assert_eq!(meta.url.as_deref(), Some("https://x.example/a"));
        let mut sections = Map::new();
        let full = strip_inline(&split_sections(split_front_matter(md).1, &mut sections).body);
        assert_eq!(body, full);
    }

    #[test]
    fn plain_text() {
        let p = parse_txt("\n\nHeadline\n\nFirst paragraph.\nSecond.\n");
        assert_eq!(p.title, "Headline");
        assert_eq!(p.body, "First paragraph.\nSecond.");
    }
}
