//! `run.json`: what a run was asked to do and what it did, as one typed record that
//! `covtrack run` writes and `covtrack report` reads back.

use crate::period::Period;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole of `run.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// covtrack's version.
    pub version: String,
    pub input: String,
    pub output: String,
    pub options: RunOptions,
    /// Hash of the lexicon's source text.
    pub lexicon_hash: String,
    pub counts: RunCounts,
    /// Facts of the corpus that the report's header shows.
    pub corpus: Corpus,
    pub seconds: Seconds,
    /// Rows written per table.
    pub rows: BTreeMap<String, u64>,
}

/// The options of the run, as validated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    /// The lexicon file, or `None` for the built-in one.
    pub lexicon: Option<String>,
    pub period: Period,
    /// The topic the report is about.
    pub focus: String,
    pub formats: FormatsRecord,
    pub threads: usize,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub strict: bool,
    /// `--field ROLE=COLUMN` as given.
    pub fields: Vec<String>,
    pub max_file_bytes: u64,
    /// The per-file time budget (`--file-timeout`).
    pub file_timeout_seconds: f64,
    pub batch_size: usize,
}

/// Which files each table was written as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatsRecord {
    pub parquet: bool,
    pub json: bool,
}

/// What the run found and made of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunCounts {
    pub files_found: u64,
    pub metadata_files: u64,
    pub article_files: u64,
    pub failed_files: u64,
    pub articles: u64,
    pub duplicates: u64,
    /// Distinct stories, and the articles that are copies of a story printed before them.
    pub stories: u64,
    pub copies: u64,
    pub undated: u64,
    /// Articles read but left out by `--since`/`--until`.
    pub out_of_range: u64,
    pub error_rows: u64,
    pub bytes: u64,
    /// Article files whose results came from the cache.
    #[serde(default)]
    pub files_reused: u64,
    /// Article files read and analysed by this run.
    #[serde(default)]
    pub files_extracted: u64,
    /// Files the cache knew that are gone.
    #[serde(default)]
    pub files_removed: u64,
    /// Rows of the dates, figures and stance files (Parquet and JSON counted apart) copied
    /// from the previous run's files rather than written again.
    #[serde(default)]
    pub rows_copied: u64,
}

/// Facts of the articles written, counted once as they stream past.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corpus {
    /// Distinct outlets named by any article.
    pub outlets: u64,
    /// The earliest and latest publication dates.
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
}

/// Wall-clock seconds per phase, plus the thread-seconds spent in the parallel stages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Seconds {
    pub discover: f64,
    pub ingest_thread_seconds: f64,
    pub extract_thread_seconds: f64,
    /// Wall time from the first batch to the last one handed to the writer.
    pub read_and_extract: f64,
    /// Time the writer thread spent appending batches, overlapping `read_and_extract`.
    pub write: f64,
    /// Finding the stories in the sketches of every article.
    pub stories: f64,
    /// Reading the streamed rows back with their stories into the articles, stories and
    /// aggregate tables, at the end of the run.
    pub aggregate: f64,
    pub total: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let mut record = RunRecord {
            version: "0.1.0".into(),
            input: "input".into(),
            output: "output".into(),
            lexicon_hash: "abc".into(),
            ..Default::default()
        };
        record.options.period = Period::Month;
        record.options.since = "2025-01-01".parse().ok();
        record.counts.articles = 12;
        record.corpus.first_published = "2024-12-30".parse().ok();
        record.rows.insert("stance".into(), 40);
        let json = serde_json::to_string_pretty(&record).unwrap();
        assert!(json.contains("\"period\": \"month\""), "{json}");
        assert!(json.contains("\"since\": \"2025-01-01\""), "{json}");
        let back: RunRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
    }
}
