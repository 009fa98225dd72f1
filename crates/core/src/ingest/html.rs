//! HTML pages: main text with a readability port (`dom_smoothie`), metadata from the head.
//!
//! Publication dates are looked for where publishers put them, most reliable first:
//! `article:published_time` and its kin, JSON-LD `datePublished`, `<time>` elements, and
//! finally a date in the page's URL. The page is parsed once; metadata is read before the
//! document is handed to the main-text extractor.

use super::Parsed;
use super::clean::{clean_lines, drop_title_repeats};
use super::fields::{Meta, domain_of};
use super::pubdate::{date_in_url, date_on_short_lines, dateline, parse_date, utc_near_midnight};
use crate::article::PublishedFrom;
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

/// Meta tags that carry a publication date, most specific first.
const DATE_META: &[&str] = &[
    "meta[property='article:published_time']",
    "meta[name='article:published_time']",
    "meta[itemprop='datePublished']",
    "meta[property='og:published_time']",
    "meta[name='pubdate']",
    "meta[name='publishdate']",
    "meta[name='publish-date']",
    "meta[name='publish_date']",
    "meta[name='publication_date']",
    "meta[name='parsely-pub-date']",
    "meta[name='sailthru.date']",
    "meta[name='dc.date.issued']",
    "meta[name='DC.date.issued']",
    "meta[name='dcterms.created']",
    "meta[name='DC.date']",
    "meta[name='dc.date']",
    "meta[name='date']",
    "meta[name='Date']",
    "meta[property='article:published']",
    "meta[name='citation_publication_date']",
    "meta[property='og:updated_time']",
    "meta[property='article:modified_time']",
];

/// Reads an HTML page. An error means no text could be found.
/// The deepest element nesting a page may have. Real pages stay under a few hundred
/// levels; the parser and the main-text extraction walk the tree recursively, so a page
/// nested tens of thousands deep would overflow a worker's stack.
const MAX_NESTING: usize = 1000;

/// How deep the elements of `html` nest, counted from its tags without parsing: start tags
/// open a level and end tags close one, except void elements and those whose end tag may
/// be left out (`<p>`, `<li>`, `<td>` …), which a parser closes by itself.
fn nesting_depth(html: &str) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(lt) = memchr_lt(&bytes[at..]) {
        let start = at + lt + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + closing as usize;
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        at = name_start + name_len;
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            // "<br/>"-style self-closing tags: look ahead to the tag's end (or the next
            // tag, so a page of unclosed "<" is still read once).
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'>' || b == b'<')
                .map_or(bytes.len(), |p| at + p);
            if end > at && bytes.get(end) == Some(&b'>') && bytes[end - 1] == b'/' {
                continue;
            }
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// An HTML page's text and metadata; an error is `(kind, message)`: `too_deep` for a page
/// nested past the limit, `no_text` for one without article text.
pub fn parse_html(html: &str) -> Result<Parsed, (&'static str, String)> {
    let depth = nesting_depth(html);
    if depth > MAX_NESTING {
        return Err((
            "too_deep",
            format!(
                "elements nest {depth} deep, past the limit of {MAX_NESTING}: not a page to read (the parser and main-text extraction recurse through the tree)"
            ),
        ));
    }
    let doc = Document::from(html);
    let url = first_attr(&doc, "link[rel='canonical']", "href")
        .or_else(|| first_attr(&doc, "meta[property='og:url']", "content"))
        .filter(|u| u.starts_with("http"));
    let site = first_attr(&doc, "meta[property='og:site_name']", "content");
    let head_title = first_attr(&doc, "meta[property='og:title']", "content")
        .or_else(|| Some(doc.select("title").text().trim().to_string()).filter(|t| !t.is_empty()));
    let url_date = url.as_deref().and_then(date_in_url);
    let date = match (page_date(&doc), url_date) {
        // A timestamp near midnight lands on the day before or after the one the outlet
        // printed, depending on the zone it was written in; the day in the article's URL
        // is the outlet's own, so it settles a one-day disagreement.
        (Some(v), Some(u)) => match parse_date(&v) {
            Some(d) if (d - u).num_days().abs() == 1 && utc_near_midnight(&v) => {
                Some(u.to_string())
            }
            _ => Some(v),
        },
        (Some(v), None) => Some(v),
        (None, Some(u)) => Some(u.to_string()),
        (None, None) => visible_date(&doc),
    };
    let date_from = if date.is_some() {
        PublishedFrom::HtmlMeta
    } else {
        PublishedFrom::None
    };
    let fallback_text = paragraphs_text(&doc);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    let readable = Readability::with_document(doc, url.as_deref(), Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (title, text) = match readable {
        Some(a) if a.text_content.trim().len() >= 200 || fallback_text.trim().is_empty() => {
            (a.title.trim().to_string(), a.text_content.to_string())
        }
        _ => (head_title.clone().unwrap_or_default(), fallback_text),
    };
    let title = if title.is_empty() {
        head_title.unwrap_or_default()
    } else {
        title
    };
    let body = drop_title_repeats(&clean_lines(&text), &title);
    if body.trim().is_empty() && title.trim().is_empty() {
        return Err(("no_text", "no article text found in the HTML page".into()));
    }
    let mut parsed = Parsed::new(title, body);
    parsed.meta = Meta {
        title: None,
        text: None,
        date,
        source: site.or_else(|| url.as_deref().and_then(domain_of)),
        url,
    };
    parsed.meta_from = date_from;
    Ok(parsed)
}

fn first_attr(doc: &Document, selector: &str, attr: &str) -> Option<String> {
    doc.select(selector)
        .iter()
        .filter_map(|s| s.attr(attr))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

/// The publication date a page declares, as its raw value (checked to parse).
fn page_date(doc: &Document) -> Option<String> {
    let usable = |v: String| parse_date(&v).map(|_| v);
    for selector in DATE_META {
        if let Some(v) = first_attr(doc, selector, "content").and_then(usable) {
            return Some(v);
        }
    }
    for script in doc.select("script[type='application/ld+json']").iter() {
        if let Ok(json) = serde_json::from_str::<Value>(script.text().trim())
            && let Some(v) = json_ld_date(&json).and_then(usable)
        {
            return Some(v);
        }
    }
    for selector in [
        "time[pubdate]",
        "time[itemprop='datePublished']",
        "[itemprop='datePublished']",
        "time[datetime]",
    ] {
        for node in doc.select(selector).iter() {
            let value = node
                .attr("datetime")
                .or_else(|| node.attr("content"))
                .map(|v| v.to_string())
                .unwrap_or_else(|| node.text().trim().to_string());
            if let Some(v) = usable(value) {
                return Some(v);
            }
        }
    }
    // Pages without machine-readable dates print them in a dateline or byline element.
    for selector in [
        "[class*='date']",
        "[class*='Date']",
        "[id*='date']",
        "[class*='publish']",
        "[class*='time']",
        "[class*='byline']",
        "[class*='meta']",
    ] {
        for node in doc.select(selector).iter().take(20) {
            let text = node.text();
            let text = text.trim();
            if text.is_empty() || text.len() > 200 {
                continue;
            }
            if let Some(d) = dateline(text) {
                return Some(d.to_string());
            }
        }
    }
    None
}

/// Last resort: a date printed on a short line of the page's title or visible text, where
/// sites with no metadata print their datelines.
fn visible_date(doc: &Document) -> Option<String> {
    let title = doc.select("title").text();
    if let Some(d) = title
        .rsplit(['|', '-', '–'])
        .find_map(|part| dateline(part.trim()))
    {
        return Some(d.to_string());
    }
    let mut text = String::new();
    for node in doc.select("body").iter() {
        text.push_str(&node.text());
    }
    date_on_short_lines(&text, 400).map(|d| d.to_string())
}

/// `datePublished` (else `dateCreated`) anywhere in a JSON-LD value.
fn json_ld_date(v: &Value) -> Option<String> {
    match v {
        Value::Object(map) => {
            for key in ["datePublished", "dateCreated"] {
                if let Some(Value::String(s)) = map.get(key) {
                    return Some(s.clone());
                }
            }
            map.values().find_map(json_ld_date)
        }
        Value::Array(items) => items.iter().find_map(json_ld_date),
        _ => None,
    }
}

/// The page's `<p>` texts, one per line: the fallback when readability finds no article.
fn paragraphs_text(doc: &Document) -> String {
    let mut out = String::new();
    for p in doc.select("p").iter() {
        let t = p.text();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push_str(&t);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nesting is counted from tags alone, so a page too deep to parse is refused before
    /// the parser sees it; ordinary pages, with their unclosed paragraphs and list items
    /// and their void elements, stay far below the limit.
    #[test]
    fn nesting_is_measured_before_parsing() {
        let deep = format!(
            "<html><body>{}t{}",
            "<b><i>".repeat(15_000),
            "</i></b>".repeat(15_000)
        );
        assert_eq!(nesting_depth(&deep), 30_000);
        let (kind, err) = parse_html(&deep).unwrap_err();
        assert_eq!(kind, "too_deep");
        assert!(err.contains("past the limit"), "{err}");
        let divs = "<div>".repeat(200_000);
        assert!(parse_html(&divs).is_err());
        let sloppy = format!(
            "<html><body><ul>{}</ul>{}<br><img src=x><br/><div><span>x</span></div></body></html>",
            "<li>item".repeat(5000),
            "<p>para".repeat(5000)
        );
        assert_eq!(nesting_depth(&sloppy), 2);
        assert_eq!(nesting_depth(&"<<<<a".repeat(10_000)), 10_000);
    }

    #[test]
    fn metadata_and_main_text() {
        let html = r#"<html><head><title>Talks stall | The Outlet</title>
            <meta property="og:site_name" content="The Outlet">
            <link rel="canonical" href="https://outlet.example/2024/05/01/talks-stall">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-11-09T08:00:00Z"}</script>
            </head><body><nav><a href="/">Home</a><a href="/world">World</a></nav>
            <article><h1>Talks stall</h1>
            <p>Negotiators met in Geneva on Tuesday and failed to agree on a ceasefire, officials said, after hours of talks.</p>
            <p>The next round is expected in two weeks, according to diplomats familiar with the plans for the meeting.</p>
            </article><script>alert("x")</script></body></html>"#;
        let p = parse_html(html).unwrap();
        assert_eq!(p.meta.date.as_deref(), Some("2023-11-09T08:00:00Z"));
        assert_eq!(p.meta.source.as_deref(), Some("The Outlet"));
        assert_eq!(
            p.meta.url.as_deref(),
            Some("https://outlet.example/2024/05/01/talks-stall")
        );
        assert!(p.body.contains("Negotiators met in Geneva"), "{}", p.body);
        assert!(!p.body.contains("alert"));
        assert!(!p.body.contains("Home"));
    }

    #[test]
    fn url_date_when_head_has_none() {
        let html = r#"<html><head><title>X</title><link rel="canonical" href="https://a.example/news/2022/03/04/x"></head><body><p>Some text here.</p></body></html>"#;
        let p = parse_html(html).unwrap();
        assert_eq!(p.meta.date.as_deref(), Some("2022-03-04"));
    }

    #[test]
    fn empty_page_is_an_error() {
        assert!(parse_html("<html><head></head><body><div></div></body></html>").is_err());
    }
}
