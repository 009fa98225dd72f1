//! The article record every stage passes along: what ingestion read, before extraction.

use chrono::NaiveDate;
use serde::Serialize;

/// How an input file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Md,
    Html,
    Json,
    Jsonl,
    Csv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// Where an article's publication date came from, in the order SPEC §2 tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PublishedFrom {
    /// A `.meta.json` sidecar beside the file.
    Sidecar,
    /// A row of a `metadata.jsonl` manifest.
    Manifest,
    /// A field of a JSON, JSONL or CSV record.
    Record,
    /// YAML front matter or a "Metadata" list of a Markdown file.
    FrontMatter,
    /// HTML metadata (meta tags, JSON-LD, `<time>`).
    HtmlMeta,
    /// A date in the path or file name.
    Path,
    /// A dateline in the first lines of the text.
    Dateline,
    /// A date given by the caller (e.g. a gold annotation in `covtrack eval`).
    Given,
    /// No date found.
    #[default]
    None,
}

impl PublishedFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedFrom::Sidecar => "sidecar",
            PublishedFrom::Manifest => "manifest",
            PublishedFrom::Record => "record",
            PublishedFrom::FrontMatter => "front_matter",
            PublishedFrom::HtmlMeta => "html_meta",
            PublishedFrom::Path => "path",
            PublishedFrom::Dateline => "dateline",
            PublishedFrom::Given => "given",
            PublishedFrom::None => "none",
        }
    }
}

/// One article as read from the input, cleaned, with its metadata resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Path relative to the input root; records of a multi-article file get `#N` (1-based).
    pub path: String,
    pub format: Format,
    /// Outlet (site name or domain), when known.
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: String,
    /// Cleaned body text, paragraphs separated by line breaks.
    pub body: String,
    pub published: Option<NaiveDate>,
    pub published_from: PublishedFrom,
    /// The character encoding the file was read with.
    pub encoding: &'static str,
}
