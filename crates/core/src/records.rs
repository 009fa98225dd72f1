//! The rows of covtrack's per-article tables (`articles`, `dates`, `figures`, `stance`,
//! `errors`), defined once.
//!
//! Each row struct is declared with [`table!`], which derives from the one field list its
//! JSON (serde, fields in declaration order), its column names and a columnar view
//! ([`Table::columns`]) that a table writer turns into Parquet, Arrow or anything else with
//! one generic function. [`Records::new`] is the one conversion from an analysed article
//! to its rows: character offsets instead of byte offsets, mention text sliced out.
//! `covtrack run` writes these rows, `covtrack inspect --json` prints them, and any other
//! caller of the core gets the same columns and values.

use crate::analysis::Analysis;
use crate::article::Article;
use crate::extract::StanceKind;
use crate::text::CharOffsets;
use chrono::NaiveDate;
use serde::Serialize;
use std::hash::Hasher;

/// One column of a batch of rows, borrowed from them.
#[derive(Debug, Clone, PartialEq)]
pub enum Column<'a> {
    U32(Vec<u32>),
    U64(Vec<u64>),
    OptU64(Vec<Option<u64>>),
    F64(Vec<f64>),
    OptF64(Vec<Option<f64>>),
    Bool(Vec<bool>),
    Str(Vec<&'a str>),
    OptStr(Vec<Option<&'a str>>),
    Date(Vec<NaiveDate>),
    OptDate(Vec<Option<NaiveDate>>),
    StrList(Vec<&'a [String]>),
}

/// A field type a table column can hold: gathers one field of many rows into a column.
pub trait Cell {
    fn column<'a>(cells: impl Iterator<Item = &'a Self>) -> Column<'a>
    where
        Self: 'a;
}

macro_rules! cells {
    ($($ty:ty => $variant:ident($map:expr)),* $(,)?) => {$(
        impl Cell for $ty {
            fn column<'a>(cells: impl Iterator<Item = &'a Self>) -> Column<'a>
            where
                Self: 'a,
            {
                Column::$variant(cells.map($map).collect())
            }
        }
    )*};
}

cells! {
    u32 => U32(|v: &u32| *v),
    u64 => U64(|v: &u64| *v),
    Option<u64> => OptU64(|v: &Option<u64>| *v),
    f64 => F64(|v: &f64| *v),
    Option<f64> => OptF64(|v: &Option<f64>| *v),
    bool => Bool(|v: &bool| *v),
    String => Str(String::as_str),
    &'static str => Str(|v: &&'static str| *v),
    Option<String> => OptStr(Option::as_deref),
    NaiveDate => Date(|v: &NaiveDate| *v),
    Option<NaiveDate> => OptDate(|v: &Option<NaiveDate>| *v),
    Vec<String> => StrList(Vec::as_slice),
}

/// One column of rows read back, owned: what [`Table::from_columns`] rebuilds rows from
/// (the run's cache stores rows as table files and reads them back through this). Columns
/// that can hold nulls are read as options; a field that cannot be null takes them only
/// when none is.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    U32(Vec<u32>),
    U64(Vec<Option<u64>>),
    F64(Vec<Option<f64>>),
    Bool(Vec<bool>),
    Str(Vec<Option<String>>),
    Date(Vec<Option<NaiveDate>>),
    StrList(Vec<Vec<String>>),
}

/// A field type that can be rebuilt from a column of [`Values`]: the inverse of [`Cell`].
pub trait Uncell: Sized {
    /// The column's values as this type; `None` when the column holds another type, or a
    /// null where this type has none.
    fn from_values(values: Values) -> Option<Vec<Self>>;
}

macro_rules! uncells {
    ($($ty:ty => $variant:ident($map:expr)),* $(,)?) => {$(
        impl Uncell for $ty {
            fn from_values(values: Values) -> Option<Vec<Self>> {
                match values {
                    Values::$variant(v) => v.into_iter().map($map).collect(),
                    _ => None,
                }
            }
        }
    )*};
}

uncells! {
    u32 => U32(Some),
    u64 => U64(|v| v),
    Option<u64> => U64(Some),
    f64 => F64(|v| v),
    Option<f64> => F64(Some),
    bool => Bool(Some),
    String => Str(|v| v),
    Option<String> => Str(Some),
    NaiveDate => Date(|v| v),
    Option<NaiveDate> => Date(Some),
    Vec<String> => StrList(Some),
}

impl Uncell for &'static str {
    fn from_values(values: Values) -> Option<Vec<Self>> {
        let Values::Str(v) = values else {
            return None;
        };
        // A column's few distinct names, each interned once for the column rather than
        // under the lock for every value.
        let mut known: Vec<&'static str> = Vec::new();
        v.into_iter()
            .map(|name| {
                let name = name?;
                if let Some(&k) = known.iter().find(|k| **k == name) {
                    return Some(k);
                }
                let k = intern(&name);
                if known.len() < 64 {
                    known.push(k);
                }
                Some(k)
            })
            .collect()
    }
}

/// A value fed to a hasher field by field, so that rows can be compared by a hash of
/// their values (the output's marks of what a table holds): faster than serialising them,
/// and with every field delimited, so different rows feed different bytes.
pub trait Feed {
    fn feed<H: Hasher>(&self, h: &mut H);
}

impl Feed for u32 {
    fn feed<H: Hasher>(&self, h: &mut H) {
        h.write_u32(*self);
    }
}

impl Feed for u64 {
    fn feed<H: Hasher>(&self, h: &mut H) {
        h.write_u64(*self);
    }
}

impl Feed for f64 {
    fn feed<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.to_bits());
    }
}

impl Feed for bool {
    fn feed<H: Hasher>(&self, h: &mut H) {
        h.write_u8(*self as u8);
    }
}

impl Feed for str {
    fn feed<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.len() as u64);
        h.write(self.as_bytes());
    }
}

impl Feed for String {
    fn feed<H: Hasher>(&self, h: &mut H) {
        self.as_str().feed(h);
    }
}

impl Feed for &'static str {
    fn feed<H: Hasher>(&self, h: &mut H) {
        (**self).feed(h);
    }
}

impl Feed for NaiveDate {
    fn feed<H: Hasher>(&self, h: &mut H) {
        h.write_i32(chrono::Datelike::num_days_from_ce(self));
    }
}

impl<T: Feed> Feed for Option<T> {
    fn feed<H: Hasher>(&self, h: &mut H) {
        match self {
            None => h.write_u8(0),
            Some(v) => {
                h.write_u8(1);
                v.feed(h);
            }
        }
    }
}

impl<T: Feed> Feed for Vec<T> {
    fn feed<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.len() as u64);
        for v in self {
            v.feed(h);
        }
    }
}

/// The one `&'static str` of each distinct name read back. The rows' static names are a
/// small vocabulary (kinds, stages, encodings), so each is allocated once per process.
fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{LazyLock, Mutex};
    static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Mutex::default);
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = names.get(name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// A table's row type: its name, its columns in order, and a columnar view of some rows.
pub trait Table: Serialize + Sized {
    /// The table's name, and the stem of its files.
    const NAME: &'static str;
    /// Column names, in the order of the struct's fields (and of its JSON keys).
    const COLUMNS: &'static [&'static str];
    /// Every column of `rows`, named, in order.
    fn columns(rows: &[Self]) -> Vec<(&'static str, Column<'_>)>;
    /// `len` rows rebuilt from their columns, each asked for by name: `None` when a column
    /// is missing, of another type or shorter than `len`.
    fn from_columns(
        len: usize,
        column: impl FnMut(&'static str) -> Option<Values>,
    ) -> Option<Vec<Self>>;
    /// Feeds every field to `h`, in order.
    fn feed<H: std::hash::Hasher>(&self, h: &mut H);
}

/// Declares a row struct and derives its [`Table`] implementation from the same fields.
/// The binary declares its aggregate tables with it too.
#[macro_export]
macro_rules! table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $table:literal {
            $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $crate::records::Table for $name {
            const NAME: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];
            fn columns(rows: &[Self]) -> Vec<(&'static str, $crate::records::Column<'_>)> {
                vec![$((
                    stringify!($field),
                    <$ty as $crate::records::Cell>::column(rows.iter().map(|r| &r.$field)),
                )),*]
            }
            fn from_columns(
                len: usize,
                mut column: impl FnMut(&'static str) -> Option<$crate::records::Values>,
            ) -> Option<Vec<Self>> {
                $(
                    let mut $field =
                        <$ty as $crate::records::Uncell>::from_values(column(stringify!($field))?)?
                            .into_iter();
                )*
                (0..len)
                    .map(|_| Some(Self { $($field: $field.next()?,)* }))
                    .collect()
            }
            fn feed<H: std::hash::Hasher>(&self, h: &mut H) {
                $(<$ty as $crate::records::Feed>::feed(&self.$field, h);)*
            }
        }
    };
}

table! {
    /// One row of the `articles` table.
    pub struct ArticleRow = "articles" {
        /// 1-based, in discovery order; 0 until the pipeline numbers the article.
        pub article_id: u64,
        pub path: String,
        pub format: &'static str,
        pub source: Option<String>,
        pub url: Option<String>,
        pub title: String,
        pub published: Option<NaiveDate>,
        pub published_from: &'static str,
        pub encoding: &'static str,
        pub chars: u64,
        pub words: u64,
        pub sentences: u64,
        pub duplicate_of: Option<u64>,
        /// The story's first copy (its own id when it is the first, or alone); set by the
        /// run, which finds the copies across the corpus.
        pub story_id: u64,
        /// Estimated similarity of the text to the story's first copy (1 for the first).
        pub similarity: f64,
        pub dates: u32,
        pub figures: u32,
        pub stance: u32,
    }
}

table! {
    /// One row of the `dates` table; offsets are in characters.
    pub struct DateRow = "dates" {
        pub article_id: u64,
        pub sentence: u32,
        pub start: u64,
        pub end: u64,
        pub text: String,
        pub kind: &'static str,
        pub granularity: &'static str,
        pub date_start: Option<NaiveDate>,
        pub date_end: Option<NaiveDate>,
    }
}

table! {
    /// One row of the `figures` table; offsets are in characters.
    pub struct FigureRow = "figures" {
        pub article_id: u64,
        pub sentence: u32,
        pub start: u64,
        pub end: u64,
        pub text: String,
        pub value: f64,
        pub value_high: Option<f64>,
        pub unit: String,
        pub kind: &'static str,
        pub qualifier: &'static str,
    }
}

table! {
    /// One row of the `stance` table; offsets are in characters.
    pub struct StanceRow = "stance" {
        pub article_id: u64,
        pub sentence: u32,
        pub start: u64,
        pub end: u64,
        pub term: String,
        pub topic: String,
        pub negated: bool,
        pub hedged: bool,
        pub quoted: bool,
        pub actors: Vec<String>,
        pub holder: Option<String>,
        pub cue: Option<String>,
        pub sentence_text: String,
    }
}

table! {
    /// A file (or record, or metadata file) that could not be used: one row of the
    /// `errors` table.
    pub struct InputError = "errors" {
        pub path: String,
        /// The stage that failed: `discover`, `read`, `decode`, `parse`, `metadata`.
        pub stage: &'static str,
        /// A short machine-readable kind: `empty`, `binary`, `too_large`, `unreadable`,
        /// `unsupported`, `malformed`, `bad_record`, `no_text`.
        pub kind: &'static str,
        pub message: String,
    }
}

impl StanceRow {
    /// Whether the mention is stated, hedged or negated.
    pub fn kind(&self) -> StanceKind {
        StanceKind::of(self.negated, self.hedged)
    }
}

/// The rows one analysed article gives: its `articles` row and its mention rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Records {
    pub article: ArticleRow,
    pub dates: Vec<DateRow>,
    pub figures: Vec<FigureRow>,
    pub stance: Vec<StanceRow>,
}

impl Records {
    /// Converts an analysed article to its rows, with character offsets. Article ids are 0
    /// until [`Records::number`] gives the article its place in a run.
    pub fn new(article: Article, analysis: &Analysis) -> Records {
        let Analysis {
            doc, extraction, ..
        } = analysis;
        let text = &doc.text;
        let mut offsets = CharOffsets::new(text);
        // Sentence index and character offsets of a mention.
        let mut locate = |sentence: usize, span: &std::ops::Range<usize>| {
            (
                sentence as u32,
                offsets.at(span.start) as u64,
                offsets.at(span.end) as u64,
            )
        };
        let dates: Vec<DateRow> = extraction
            .dates
            .iter()
            .map(|m| {
                let (sentence, start, end) = locate(m.sentence, &m.span);
                DateRow {
                    article_id: 0,
                    sentence,
                    start,
                    end,
                    text: text[m.span.clone()].to_string(),
                    kind: m.kind.as_str(),
                    granularity: m.granularity.as_str(),
                    date_start: m.date_start,
                    date_end: m.date_end,
                }
            })
            .collect();
        let figures: Vec<FigureRow> = extraction
            .figures
            .iter()
            .map(|m| {
                let (sentence, start, end) = locate(m.sentence, &m.span);
                FigureRow {
                    article_id: 0,
                    sentence,
                    start,
                    end,
                    text: text[m.span.clone()].to_string(),
                    value: m.value,
                    value_high: m.value_high,
                    unit: m.unit.clone(),
                    kind: m.kind.as_str(),
                    qualifier: m.qualifier.as_str(),
                }
            })
            .collect();
        let stance: Vec<StanceRow> = extraction
            .stance
            .iter()
            .map(|m| {
                let (sentence, start, end) = locate(m.sentence, &m.span);
                StanceRow {
                    article_id: 0,
                    sentence,
                    start,
                    end,
                    term: m.term.clone(),
                    topic: m.topic.clone(),
                    negated: m.negated,
                    hedged: m.hedged,
                    quoted: m.quoted,
                    actors: m.actors.clone(),
                    holder: m.holder.clone(),
                    cue: m.cue.clone(),
                    sentence_text: doc
                        .sentences
                        .get(m.sentence)
                        .map(|s| text[s.span.clone()].to_string())
                        .unwrap_or_default(),
                }
            })
            .collect();
        let article = ArticleRow {
            article_id: 0,
            path: article.path,
            format: article.format.as_str(),
            source: article.source,
            url: article.url,
            title: article.title,
            published: article.published,
            published_from: article.published_from.as_str(),
            encoding: article.encoding,
            chars: text.chars().count() as u64,
            words: doc.word_count() as u64,
            sentences: doc.sentences.len() as u64,
            duplicate_of: None,
            story_id: 0,
            similarity: 1.0,
            dates: dates.len() as u32,
            figures: figures.len() as u32,
            stance: stance.len() as u32,
        };
        Records {
            article,
            dates,
            figures,
            stance,
        }
    }

    /// Gives the article and its mentions their id; until the run finds its copies, the
    /// article is a story of its own.
    pub fn number(&mut self, id: u64) {
        self.article.article_id = id;
        self.article.story_id = id;
        for r in &mut self.dates {
            r.article_id = id;
        }
        for r in &mut self.figures {
            r.article_id = id;
        }
        for r in &mut self.stance {
            r.article_id = id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_fields_and_their_json_keys() {
        let row = InputError {
            path: "a.txt".into(),
            stage: "read",
            kind: "empty",
            message: "the file is empty".into(),
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(
            json,
            r#"{"path":"a.txt","stage":"read","kind":"empty","message":"the file is empty"}"#
        );
        assert_eq!(InputError::COLUMNS, ["path", "stage", "kind", "message"]);
        let columns = InputError::columns(std::slice::from_ref(&row));
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, InputError::COLUMNS);
        assert_eq!(columns[2].1, Column::Str(vec!["empty"]));
    }

    #[test]
    fn numbering_reaches_every_mention() {
        let article = Article {
            path: "a.txt".into(),
            format: crate::article::Format::Txt,
            source: None,
            url: None,
            title: "Київ talks".into(),
            body: "On 3 March 2025, 100,000 troops were pledged as security guarantees.".into(),
            published: None,
            published_from: crate::article::PublishedFrom::None,
            encoding: "UTF-8",
        };
        let lexicon = crate::Lexicon::default_lexicon();
        let analysis = crate::analyse(&article, &lexicon);
        let mut records = Records::new(article, &analysis);
        records.number(7);
        assert_eq!(records.article.article_id, 7);
        assert!(!records.dates.is_empty() && !records.figures.is_empty());
        assert!(!records.stance.is_empty());
        assert!(records.dates.iter().all(|r| r.article_id == 7));
        assert!(records.figures.iter().all(|r| r.article_id == 7));
        assert!(records.stance.iter().all(|r| r.article_id == 7));
        // Offsets are characters, not bytes: the headline is 10 characters (14 bytes),
        // then a blank line.
        assert_eq!(records.dates[0].text, "On 3 March 2025");
        assert_eq!(records.dates[0].start, 12);
    }
}
