//! Reading an earlier run's Parquet tables back, for `covtrack report`: the aggregate
//! tables whole, the evidence slice by slice of the stance table.

use super::*;
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

/// The evidence from the tables of an earlier run, offered slice by slice in article
/// order as the run offered it, through the same reader the run's replay uses: the report
/// a run draws and the one rebuilt from its tables are one page.
pub(super) fn collect_evidence(dir: &Path, opts: &ReportOptions) -> Result<Evidence> {
    let mut evidence = Evidence::new(&opts.focus, opts.period);
    let streamed = crate::output::Streamed {
        articles: dir.join("articles.parquet"),
        stance: dir.join("stance.parquet"),
        figures: dir.join("figures.parquet"),
    };
    for table in ["articles", "stance", "figures"] {
        table_file(dir, table)?;
    }
    for slice in crate::replay::read_slices(&streamed) {
        let slice = slice.with_context(|| format!("reading the tables in {}", dir.display()))?;
        evidence.add(&crate::tables::Batch {
            articles: slice.articles,
            stance: slice.stance,
            figures: slice.figures,
            ..Default::default()
        });
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
    let stories = crate::sliced::Sliced::open(&dir.join("stories.parquet"))?;
    let total = stories.rows();
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
        let rows = stories.read(Some(&columns), offset, STANCE_ROWS)?;
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
