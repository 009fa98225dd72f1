//! The tables' rows and their schema, for every stage of the binary.
//!
//! The per-article rows are the core's [`covtrack_core::records`] (declared once with
//! `table!`, which gives each its JSON, column names and a columnar view); this module adds
//! the batch the pipeline hands along and the one generic conversion of any such rows into
//! a polars DataFrame with the table's schema. Aggregate tables are built as DataFrames by
//! [`crate::aggregate`].

use anyhow::Result;
use chrono::NaiveDate;
pub use covtrack_core::records::{
    ArticleRow, Column, DateRow, FigureRow, InputError, Records, StanceRow, Table,
};
use polars::prelude::*;

covtrack_core::table! {
    /// One row of the `stories` table: a story and the copies of it the run found.
    pub struct StoryRow = "stories" {
        /// The `article_id` of its first copy (the earliest published).
        pub story_id: u64,
        /// The first copy's headline.
        pub title: String,
        pub first_published: Option<NaiveDate>,
        pub last_published: Option<NaiveDate>,
        /// Articles that carry it, the first included.
        pub copies: u32,
        /// Their outlets, sorted, each once.
        pub outlets: Vec<String>,
        /// Topics the first copy mentions, sorted.
        pub topics: Vec<String>,
    }
}

/// The error rows' type under the name of their table.
pub type ErrorRow = InputError;

/// Rows of every streamed table, for one batch of files, in their final order (articles in
/// discovery order, mentions by article then offset).
#[derive(Debug, Default)]
pub struct Batch {
    pub articles: Vec<ArticleRow>,
    pub dates: Vec<DateRow>,
    pub figures: Vec<FigureRow>,
    pub stance: Vec<StanceRow>,
    pub errors: Vec<ErrorRow>,
}

impl Batch {
    /// An empty batch with room for these articles' rows: grown row by row, its vectors
    /// were copied again at each doubling (a good part of a cached run's copying).
    pub fn with_room_for<'a>(records: impl Iterator<Item = &'a Records> + Clone) -> Batch {
        let count = |rows: fn(&Records) -> usize| records.clone().map(rows).sum();
        Batch {
            articles: Vec::with_capacity(count(|_| 1)),
            dates: Vec::with_capacity(count(|r| r.dates.len())),
            figures: Vec::with_capacity(count(|r| r.figures.len())),
            stance: Vec::with_capacity(count(|r| r.stance.len())),
            errors: Vec::new(),
        }
    }

    /// Appends one article's rows.
    pub fn push(&mut self, records: Records) {
        let Records {
            article,
            dates,
            figures,
            stance,
        } = records;
        self.articles.push(article);
        self.dates.extend(dates);
        self.figures.extend(figures);
        self.stance.extend(stance);
    }
}

/// Rows as a DataFrame with their table's schema: one polars column per field, in order.
pub fn to_frame<T: Table>(rows: &[T]) -> Result<DataFrame> {
    let columns: Vec<polars::prelude::Column> = T::columns(rows)
        .into_iter()
        .map(|(name, column)| series(name, column).map(Into::into))
        .collect::<Result<_>>()?;
    Ok(DataFrame::new(rows.len(), columns)?)
}

fn series(name: &str, column: Column<'_>) -> Result<Series> {
    let name: PlSmallStr = name.into();
    Ok(match column {
        Column::U32(v) => Series::new(name, v),
        Column::U64(v) => Series::new(name, v),
        Column::OptU64(v) => Series::new(name, v),
        Column::F64(v) => Series::new(name, v),
        Column::OptF64(v) => Series::new(name, v),
        Column::Bool(v) => Series::new(name, v),
        Column::Str(v) => Series::new(name, v),
        Column::OptStr(v) => Series::new(name, v),
        Column::Date(v) => Series::new(name, v),
        Column::OptDate(v) => Series::new(name, v),
        // Into one list builder, not a Series per row: a Series for each row's actors made
        // turning mentions into a DataFrame five to seven times slower (`benches/tables.rs`).
        Column::StrList(lists) => {
            let values = lists.iter().map(|l| l.len()).sum();
            let mut list = ListStringChunkedBuilder::new(name, lists.len(), values);
            for l in lists {
                list.append_values_iter(l.iter().map(String::as_str));
            }
            list.finish().into_series()
        }
    })
}

/// Rows made by hand, for the unit tests and benchmarks of the stages after extraction
/// (aggregates, report): each builder fills what those stages read and leaves the rest
/// at its default.
#[doc(hidden)]
pub mod samples {
    use super::{ArticleRow, FigureRow, StanceRow};
    use chrono::NaiveDate;

    /// An article with an id, a publication day, an outlet and perhaps the article it
    /// duplicates.
    pub fn article(
        id: u64,
        published: Option<NaiveDate>,
        source: Option<&str>,
        duplicate_of: Option<u64>,
    ) -> ArticleRow {
        ArticleRow {
            article_id: id,
            path: format!("a{id}.txt"),
            format: "txt",
            source: source.map(str::to_string),
            title: format!("Article {id}"),
            published,
            published_from: if published.is_some() { "given" } else { "none" },
            encoding: "UTF-8",
            chars: 100,
            words: 20,
            sentences: 2,
            duplicate_of,
            story_id: duplicate_of.unwrap_or(id),
            similarity: 1.0,
            ..Default::default()
        }
    }

    /// A mention of `topic` (as `term`) in article `id`, with its flags and actors.
    pub fn mention(
        id: u64,
        topic: &str,
        term: &str,
        (negated, hedged): (bool, bool),
        actors: &[&str],
    ) -> StanceRow {
        StanceRow {
            article_id: id,
            end: term.chars().count() as u64,
            term: term.into(),
            topic: topic.into(),
            negated,
            hedged,
            actors: actors.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        }
    }

    /// `m` with `holder` as the actor who states, promises or refuses it.
    pub fn held_by(holder: &str, m: StanceRow) -> StanceRow {
        StanceRow {
            holder: Some(holder.into()),
            ..m
        }
    }

    /// A figure of article `id`.
    pub fn figure(id: u64, value: f64, unit: &str, kind: &'static str) -> FigureRow {
        FigureRow {
            article_id: id,
            end: 3,
            value,
            unit: unit.into(),
            kind,
            qualifier: "exact",
            ..Default::default()
        }
    }
}
