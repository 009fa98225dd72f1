//! `--partition-by-period`: the mention tables again, hive-partitioned by the period of
//! their article's publication (`partitioned/stance/period=2025-02-24/part-0.parquet`), so
//! that DuckDB, Spark or polars read only the periods a query asks for, and many shards of a
//! corpus can be laid side by side. Undated articles' rows go under
//! `period=__HIVE_DEFAULT_PARTITION__`, which those readers read as null.

use super::{Formats, OutputWriter, TableFiles};
use crate::period::Period;
use crate::report::read::{dates, u64s};
use crate::tables::{DateRow, FigureRow, StanceRow, Table};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

/// Mention rows read at a time.
const SLICE: usize = 200_000;

/// The partition of undated articles, as hive readers name the null partition.
const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

impl OutputWriter {
    /// Writes `partitioned/` from the finished `articles`, `dates`, `figures` and `stance`
    /// Parquet files of this run (so only with Parquet output): one pass over each table,
    /// a writer open per period.
    pub fn write_partitioned(&self, period: Period) -> Result<()> {
        let read = |name: &str| -> Result<File> {
            let path = self.tmp.join(format!("{name}.parquet"));
            File::open(&path).with_context(|| format!("opening {}", path.display()))
        };
        let articles = ParquetReader::new(read("articles")?)
            .with_columns(Some(vec!["article_id".into(), "published".into()]))
            .finish()?;
        let ids = u64s(articles.column("article_id")?)?;
        let published = dates(articles.column("published")?)?;
        // Article ids are row numbers plus one: a period per id, by index.
        let mut period_of: Vec<Option<NaiveDate>> = vec![None; ids.len() + 1];
        for (id, day) in ids.iter().zip(published) {
            if let Some(slot) = period_of.get_mut(*id as usize) {
                *slot = day.map(|d| period.start(d));
            }
        }
        for name in [DateRow::NAME, FigureRow::NAME, StanceRow::NAME] {
            self.partition_table(name, &period_of)?;
        }
        Ok(())
    }

    fn partition_table(&self, name: &'static str, period_of: &[Option<NaiveDate>]) -> Result<()> {
        let table = crate::sliced::Sliced::open(&self.tmp.join(format!("{name}.parquet")))?;
        let total = table.rows();
        let root = self.tmp.join("partitioned").join(name);
        let mut writers: BTreeMap<Option<NaiveDate>, TableFiles> = BTreeMap::new();
        let mut offset = 0;
        while offset < total {
            let df = table.read(None, offset, SLICE)?;
            if df.height() == 0 {
                break;
            }
            offset += df.height();
            let keys: Vec<Option<NaiveDate>> = u64s(df.column("article_id")?)?
                .into_iter()
                .map(|id| period_of.get(id as usize).copied().flatten())
                .collect();
            let mut distinct: Vec<Option<NaiveDate>> = keys.clone();
            distinct.sort_unstable();
            distinct.dedup();
            for key in distinct {
                let mask: BooleanChunked = keys.iter().map(|k| *k == key).collect();
                let mut part = df.filter(&mask)?;
                let writer = writers.entry(key).or_insert_with(|| {
                    let label = key.map_or(NULL_PARTITION.to_string(), |d| d.to_string());
                    partition_files(&root.join(format!("period={label}")))
                });
                writer.write(&mut part)?;
            }
        }
        for (_, writer) in writers {
            writer.finish()?;
        }
        Ok(())
    }
}

/// The Parquet file of one partition, its folder made.
fn partition_files(dir: &Path) -> TableFiles {
    // A folder that cannot be made fails the first write, which names the file.
    let _ = std::fs::create_dir_all(dir);
    TableFiles::new(
        dir,
        "part-0",
        Formats {
            parquet: true,
            json: false,
        },
    )
}
