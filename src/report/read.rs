//! Reading an earlier run's Parquet tables back, for `covtrack report`: the aggregate
//! tables whole, the evidence chunk by chunk of article ids.

use super::evidence::{Candidate, EVIDENCE_CHUNK, is_web_link};
use super::*;

pub(super) fn read_table(dir: &Path, table: &str) -> Result<DataFrame> {
    Ok(scan(dir, table)?.collect()?)
}

pub(super) fn bools(c: &Column) -> Result<Vec<bool>> {
    Ok(c.as_materialized_series()
        .bool()?
        .iter()
        .map(|v| v.unwrap_or(false))
        .collect())
}

/// The evidence from the tables of an earlier run, read chunk by chunk of article ids (the
/// tables are sorted by id, so Parquet statistics skip the other chunks).
pub(super) fn collect_evidence(dir: &Path, opts: &ReportOptions) -> Result<Evidence> {
    let mut evidence = Evidence::new(&opts.focus, opts.period);
    for (lo, hi) in id_chunks(dir, EVIDENCE_CHUNK)? {
        let in_chunk = || in_ids(lo, hi);
        let stories = scan(dir, "articles")?
            .filter(in_chunk())
            .filter(
                col("duplicate_of")
                    .is_null()
                    .and(col("published").is_not_null()),
            )
            .select([
                col("article_id"),
                col("published"),
                col("source"),
                col("url"),
                col("path"),
            ]);
        let rows = scan(dir, "stance")?
            .filter(in_chunk())
            .filter(col("topic").eq(lit(opts.focus.as_str())))
            .select([
                col("article_id"),
                col("sentence_text"),
                col("negated"),
                col("hedged"),
                col("quoted"),
                col("actors").list().len().alias("n_actors"),
            ])
            .join(
                stories,
                [col("article_id")],
                [col("article_id")],
                JoinArgs::new(JoinType::Inner),
            )
            .collect()?;
        let published = dates(rows.column("published")?)?;
        let source = strs(rows.column("source")?)?;
        let url = strs(rows.column("url")?)?;
        let path = strs(rows.column("path")?)?;
        let text = strs(rows.column("sentence_text")?)?;
        let negated = bools(rows.column("negated")?)?;
        let hedged = bools(rows.column("hedged")?)?;
        let quoted = bools(rows.column("quoted")?)?;
        let n_actors = u32s(rows.column("n_actors")?)?;
        for i in 0..rows.height() {
            let Some(published) = published[i] else {
                continue;
            };
            evidence.offer(Candidate {
                published,
                source: source[i].clone().unwrap_or_else(|| "unknown outlet".into()),
                link: url[i].clone().filter(|u| is_web_link(u)),
                path: path[i].clone().unwrap_or_default(),
                sentence: text[i].clone().unwrap_or_default(),
                negated: negated[i],
                hedged: hedged[i],
                quoted: quoted[i],
                actors: n_actors[i] as usize,
            });
        }
    }
    Ok(evidence)
}

/// A lazy scan of `dir/TABLE.parquet`.
pub(crate) fn scan(dir: &Path, table: &str) -> Result<LazyFrame> {
    let path = dir.join(format!("{table}.parquet"));
    if !path.exists() {
        anyhow::bail!(
            "{} not found: aggregates and the report are built from the Parquet tables",
            path.display()
        );
    }
    Ok(LazyFrame::scan_parquet(
        PlRefPath::new(path.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )?)
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

/// Half-open ranges of `chunk` article ids that cover every article in `dir`'s tables.
pub(crate) fn id_chunks(dir: &Path, chunk: u64) -> Result<Vec<(u64, u64)>> {
    let max_id = scan(dir, "articles")?
        .select([col("article_id").max().alias("max_id")])
        .collect()?
        .column("max_id")?
        .as_materialized_series()
        .cast(&DataType::UInt64)?
        .u64()?
        .get(0)
        .unwrap_or(0);
    Ok((0..=max_id / chunk)
        .map(|k| (k * chunk, (k + 1) * chunk))
        .collect())
}

/// Rows whose article id lies in `lo..hi`: the tables are sorted by article id, so Parquet
/// statistics let a scan with this filter skip the other row groups.
pub(crate) fn in_ids(lo: u64, hi: u64) -> Expr {
    col("article_id")
        .gt_eq(lit(lo))
        .and(col("article_id").lt(lit(hi)))
}
