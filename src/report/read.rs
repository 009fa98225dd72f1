//! Reading an earlier run's Parquet tables back, for `covtrack report`: the aggregate
//! tables whole, the evidence slice by slice of the stance table.

use super::evidence::{Candidate, is_web_link};
use super::*;
use anyhow::bail;
use std::fs::File;

/// Stance rows read at a time when gathering evidence: memory follows this, not the
/// corpus.
const STANCE_ROWS: usize = 200_000;

/// `dir/TABLE.parquet`, or an error saying the report needs it.
fn table_file(dir: &Path, table: &str) -> Result<File> {
    let path = dir.join(format!("{table}.parquet"));
    File::open(&path).with_context(|| {
        format!(
            "opening {}: the report is rebuilt from the Parquet tables (run with --format parquet)",
            path.display()
        )
    })
}

/// A whole table (the aggregate tables are small).
pub(super) fn read_table(dir: &Path, table: &str) -> Result<DataFrame> {
    ParquetReader::new(table_file(dir, table)?)
        .finish()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("reading {table}.parquet in {}", dir.display()))
}

/// Some columns of rows `offset..offset + len` of a table.
fn read_rows(
    dir: &Path,
    table: &str,
    columns: &[&str],
    offset: usize,
    len: usize,
) -> Result<DataFrame> {
    ParquetReader::new(table_file(dir, table)?)
        .with_columns(Some(columns.iter().map(|c| c.to_string()).collect()))
        .with_slice(Some((offset, len)))
        .finish()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("reading {table}.parquet in {}", dir.display()))
}

pub(crate) fn bools(c: &Column) -> Result<Vec<bool>> {
    Ok(c.as_materialized_series()
        .bool()?
        .iter()
        .map(|v| v.unwrap_or(false))
        .collect())
}

pub(crate) fn u64s(c: &Column) -> Result<Vec<u64>> {
    let s = c.as_materialized_series().cast(&DataType::UInt64)?;
    Ok(s.u64()?.iter().map(|v| v.unwrap_or(0)).collect())
}

/// The evidence from the tables of an earlier run, offered in table order as the run
/// offered it: the stance table slice by slice, each with the rows of the articles it
/// names (article ids are the `articles` table's row numbers plus one).
pub(super) fn collect_evidence(dir: &Path, opts: &ReportOptions) -> Result<Evidence> {
    let mut evidence = Evidence::new(&opts.focus, opts.period);
    let total = ParquetReader::new(table_file(dir, "stance")?).num_rows()?;
    let mut offset = 0;
    while offset < total {
        let rows = read_rows(
            dir,
            "stance",
            &[
                "article_id",
                "topic",
                "sentence_text",
                "negated",
                "hedged",
                "quoted",
                "actors",
                "holder",
            ],
            offset,
            STANCE_ROWS,
        )?;
        if rows.height() == 0 {
            break;
        }
        offset += rows.height();
        let ids = u64s(rows.column("article_id")?)?;
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        if first == 0 || last < first {
            bail!(
                "stance.parquet in {} is not in article-id order",
                dir.display()
            );
        }
        let articles = read_rows(
            dir,
            "articles",
            &[
                "article_id",
                "story_id",
                "published",
                "source",
                "url",
                "path",
            ],
            (first - 1) as usize,
            (last - first + 1) as usize,
        )?;
        let article_ids = u64s(articles.column("article_id")?)?;
        let story = u64s(articles.column("story_id")?)?;
        let published = dates(articles.column("published")?)?;
        let source = strs(articles.column("source")?)?;
        let url = strs(articles.column("url")?)?;
        let path = strs(articles.column("path")?)?;
        let topic = strs(rows.column("topic")?)?;
        let text = strs(rows.column("sentence_text")?)?;
        let negated = bools(rows.column("negated")?)?;
        let hedged = bools(rows.column("hedged")?)?;
        let quoted = bools(rows.column("quoted")?)?;
        let holder = strs(rows.column("holder")?)?;
        let actors: Vec<usize> = rows
            .column("actors")?
            .as_materialized_series()
            .list()?
            .amortized_iter()
            .map(|l| l.map_or(0, |l| l.as_ref().len()))
            .collect();
        for (i, &id) in ids.iter().enumerate() {
            if topic[i].as_deref() != Some(opts.focus.as_str()) {
                continue;
            }
            let a = (id - first) as usize;
            if article_ids.get(a) != Some(&id) {
                bail!(
                    "articles.parquet in {} is not numbered by row",
                    dir.display()
                );
            }
            let Some(published) = published[a] else {
                continue;
            };
            if story.get(a) != Some(&id) {
                continue;
            }
            evidence.offer(Candidate {
                published,
                source: source[a].clone().unwrap_or_else(|| "unknown outlet".into()),
                link: url[a].clone().filter(|u| is_web_link(u)),
                path: path[a].clone().unwrap_or_default(),
                sentence: text[i].clone().unwrap_or_default(),
                negated: negated[i],
                hedged: hedged[i],
                quoted: quoted[i],
                actors: actors[i],
                holder: holder[i].clone(),
            });
        }
    }
    collect_syndicated(dir, &mut evidence)?;
    Ok(evidence)
}

/// The stories with more than one copy, from the stories table (absent before covtrack
/// grouped copies into stories: then the section says there are none).
fn collect_syndicated(dir: &Path, evidence: &mut Evidence) -> Result<()> {
    if !dir.join("stories.parquet").exists() {
        return Ok(());
    }
    let total = ParquetReader::new(table_file(dir, "stories")?).num_rows()?;
    let columns = [
        "story_id",
        "title",
        "first_published",
        "copies",
        "outlets",
        "topics",
    ];
    let mut offset = 0;
    while offset < total {
        let rows = read_rows(dir, "stories", &columns, offset, STANCE_ROWS)?;
        if rows.height() == 0 {
            break;
        }
        offset += rows.height();
        let copies = u32s(rows.column("copies")?)?;
        let ids = u64s(rows.column("story_id")?)?;
        let title = strs(rows.column("title")?)?;
        let first = dates(rows.column("first_published")?)?;
        let outlets = str_lists(rows.column("outlets")?)?;
        let topics = str_lists(rows.column("topics")?)?;
        let stories: Vec<crate::tables::StoryRow> = (0..rows.height())
            .filter(|&i| copies[i] > 1)
            .map(|i| crate::tables::StoryRow {
                story_id: ids[i],
                title: title[i].clone().unwrap_or_default(),
                first_published: first[i],
                last_published: None,
                copies: copies[i],
                outlets: outlets[i].clone(),
                topics: topics[i].clone(),
            })
            .collect();
        evidence.add_stories(&stories);
    }
    Ok(())
}

/// A column of string lists.
pub(crate) fn str_lists(c: &Column) -> Result<Vec<Vec<String>>> {
    Ok(c.as_materialized_series()
        .list()?
        .amortized_iter()
        .map(|l| {
            l.and_then(|l| {
                l.as_ref()
                    .str()
                    .ok()
                    .map(|s| s.iter().flatten().map(str::to_string).collect())
            })
            .unwrap_or_default()
        })
        .collect())
}

pub(crate) fn dates(s: &Column) -> Result<Vec<Option<NaiveDate>>> {
    Ok(s.as_materialized_series().date()?.as_date_iter().collect())
}

pub(crate) fn strs(s: &Column) -> Result<Vec<Option<String>>> {
    Ok(s.as_materialized_series()
        .str()?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

pub(crate) fn u32s(s: &Column) -> Result<Vec<u32>> {
    let s = s.as_materialized_series().cast(&DataType::UInt32)?;
    Ok(s.u32()?.iter().map(|v| v.unwrap_or(0)).collect())
}

pub(crate) fn f64s(s: &Column) -> Result<Vec<Option<f64>>> {
    let s = s.as_materialized_series().cast(&DataType::Float64)?;
    Ok(s.f64()?.iter().collect())
}
