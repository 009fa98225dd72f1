//! The end of a run, once every article's story is known: the streamed rows read back in
//! article order, slice by slice, into the `articles` table (with `story_id` and
//! `similarity`), the `stories` table, the aggregates and the report's evidence.
//!
//! Which copy stands for a story — the earliest published — is known only after the last
//! file is read, so nothing that counts stories can be counted while the run streams. The
//! mention tables are already on disk in article order; reading back the columns the
//! aggregates need costs a few percent of a run (see `docs/performance.md`), and memory
//! holds one slice, not the corpus.

use crate::aggregate::Aggregator;
use crate::output::{Lane, OutputWriter, Streamed};
use crate::report::Evidence;
use crate::report::read::{bools, dates, f64s, str_lists, strs, u32s, u64s};
use crate::sliced::Sliced;
use crate::stories::{Stories, Summaries};
use crate::tables::{ArticleRow, Batch, FigureRow, StanceRow, StoryRow, Table};
use anyhow::{Context, Result, bail};
use covtrack_core::extract::FigureKind;
use polars::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// Articles read back at a time.
const SLICE: usize = 2_048;

/// What the stories found and the names of the outlets they number.
pub struct Found<'a> {
    pub stories: &'a Stories,
    pub summaries: &'a Summaries,
    pub outlets: &'a [String],
}

/// Rows written per table.
pub struct Replayed {
    pub articles: u64,
    pub stories: u64,
}

/// One slice of the streamed tables, read back: the articles' DataFrame (written again
/// with their stories) and the rows the counting reads.
pub(crate) struct Slice {
    frame: DataFrame,
    pub(crate) articles: Vec<ArticleRow>,
    pub(crate) stance: Vec<StanceRow>,
    pub(crate) figures: Vec<FigureRow>,
}

/// Reads the streamed tables back, writes `articles` and `stories`, and counts every slice
/// into `aggregator` and `evidence`. A reader thread decodes the next slice while the
/// current one is written (on a thread of its own) and counted.
pub fn replay(
    out: &OutputWriter,
    streamed: &Streamed,
    found: &Found,
    aggregator: &mut Aggregator,
    evidence: &mut Evidence,
) -> Result<Replayed> {
    let mut articles_table = out.open_table(ArticleRow::NAME);
    let mut stories_table = out.open_table(StoryRow::NAME);
    let mut stories_written = 0u64;
    std::thread::scope(|scope| -> Result<()> {
        let (to_counter, slices) = std::sync::mpsc::sync_channel::<Result<Slice>>(1);
        std::thread::Builder::new()
            .name("replay-read".into())
            .spawn_scoped(scope, move || {
                for slice in read_slices(streamed) {
                    let failed = slice.is_err();
                    if to_counter.send(slice).is_err() || failed {
                        break;
                    }
                }
            })
            .context("starting the replay's reader")?;
        // The writer takes each slice's articles and stories from a queue while the next
        // slice is counted; the aggregates are counted on a thread of their own, beside
        // the evidence.
        let (articles_table, stories_table) = (&mut articles_table, &mut stories_table);
        let writer = Lane::start(
            scope,
            "replay-write",
            |(mut frame, stories): (DataFrame, Vec<StoryRow>)| {
                articles_table.write(&mut frame)?;
                stories_table.write_rows(&stories)
            },
        )?;
        let counter = Lane::start(scope, "replay-count", |batch: Arc<Batch>| {
            aggregator.add(&batch);
            Ok(())
        })?;
        let counted = (|| -> Result<()> {
            for slice in slices {
                let Slice {
                    mut frame,
                    mut articles,
                    stance,
                    figures,
                } = slice?;
                let (story, similarity): (Vec<u64>, Vec<f64>) = articles
                    .iter()
                    .map(|a| found.stories.of(a.article_id))
                    .unzip();
                for (a, &s) in articles.iter_mut().zip(&story) {
                    a.story_id = s;
                }
                frame.replace("story_id", Series::new("story_id".into(), story).into())?;
                frame.replace(
                    "similarity",
                    Series::new("similarity".into(), similarity).into(),
                )?;
                let stories = story_rows(&articles, &stance, found);
                stories_written += stories.len() as u64;
                let batch = Arc::new(Batch {
                    articles,
                    stance,
                    figures,
                    ..Default::default()
                });
                // A lane that stopped reports why when it is finished.
                if !counter.send(Arc::clone(&batch)) {
                    break;
                }
                evidence.add(&batch);
                evidence.add_stories(&stories);
                if !writer.send((frame, stories)) {
                    break;
                }
            }
            Ok(())
        })();
        let (count, wrote) = (counter.finish(), writer.finish());
        counted.and(count).and(wrote)
    })?;
    Ok(Replayed {
        articles: articles_table.finish()?,
        stories: {
            stories_table.finish()?;
            stories_written
        },
    })
}

/// The streamed tables slice by slice, in article order; the mention rows of a slice are
/// found from the articles' own counts of them.
pub(crate) fn read_slices(streamed: &Streamed) -> impl Iterator<Item = Result<Slice>> + '_ {
    // Opened at the first slice, so that a missing file is the iterator's first error.
    let mut files: Option<[Sliced; 3]> = None;
    let (mut offset, mut stance_at, mut figures_at) = (0usize, 0usize, 0usize);
    std::iter::from_fn(move || {
        // After an error, the iteration ends.
        if offset == usize::MAX {
            return None;
        }
        if files.is_none() {
            let opened = (|| -> Result<[Sliced; 3]> {
                Ok([
                    Sliced::open(&streamed.articles)?,
                    Sliced::open(&streamed.stance)?,
                    Sliced::open(&streamed.figures)?,
                ])
            })();
            match opened {
                Ok(f) => files = Some(f),
                Err(e) => {
                    offset = usize::MAX;
                    return Some(Err(e));
                }
            }
        }
        let [articles_file, stance_file, figures_file] = files.as_ref().expect("opened above");
        if offset >= articles_file.rows() {
            return None;
        }
        let slice = (|| -> Result<Slice> {
            let frame = articles_file.read(None, offset, SLICE)?;
            let articles = article_rows(&frame)?;
            let count = |c: &str| -> Result<usize> {
                Ok(u32s(frame.column(c)?)?.iter().map(|&n| n as usize).sum())
            };
            let (n_stance, n_figures) = (count("stance")?, count("figures")?);
            let stance = stance_rows(stance_file, stance_at, n_stance)?;
            let figures = figure_rows(figures_file, figures_at, n_figures)?;
            check_order(&articles, &stance, &figures)?;
            stance_at += n_stance;
            figures_at += n_figures;
            Ok(Slice {
                frame,
                articles,
                stance,
                figures,
            })
        })();
        match &slice {
            Ok(s) if s.articles.is_empty() => return None,
            Ok(s) => offset += s.articles.len(),
            Err(_) => offset = usize::MAX,
        }
        Some(slice)
    })
}

/// The story rows of the first copies in a slice, in id order (a story's id is its first
/// copy's).
fn story_rows(articles: &[ArticleRow], stance: &[StanceRow], found: &Found) -> Vec<StoryRow> {
    let mut topics: HashMap<u64, Vec<String>> = HashMap::default();
    for m in stance {
        let t = topics.entry(m.article_id).or_default();
        if let Err(at) = t.binary_search(&m.topic) {
            t.insert(at, m.topic.clone());
        }
    }
    articles
        .iter()
        .filter(|a| a.story_id == a.article_id)
        .map(|a| {
            let (first, last, copies, outlets) = match found.summaries.get(a.article_id) {
                Some(s) => (
                    s.first_published,
                    s.last_published,
                    s.copies,
                    s.outlets
                        .iter()
                        .map(|&o| found.outlets[o as usize].clone())
                        .collect(),
                ),
                None => (
                    a.published,
                    a.published,
                    1,
                    a.source.iter().cloned().collect(),
                ),
            };
            StoryRow {
                story_id: a.article_id,
                title: a.title.clone(),
                first_published: first,
                last_published: last,
                copies,
                outlets,
                topics: topics.remove(&a.article_id).unwrap_or_default(),
            }
        })
        .collect()
}

fn check_order(articles: &[ArticleRow], stance: &[StanceRow], figures: &[FigureRow]) -> Result<()> {
    let (Some(first), Some(last)) = (articles.first(), articles.last()) else {
        return Ok(());
    };
    let ids = first.article_id..=last.article_id;
    let stray = stance.iter().map(|m| m.article_id);
    if let Some(id) = stray
        .chain(figures.iter().map(|f| f.article_id))
        .find(|id| !ids.contains(id))
    {
        bail!(
            "the streamed tables are out of step: a mention of article {id} among articles {ids:?}"
        );
    }
    Ok(())
}

/// What the aggregates, the stories and the evidence read of an article.
fn article_rows(df: &DataFrame) -> Result<Vec<ArticleRow>> {
    let ids = u64s(df.column("article_id")?)?;
    let path = strs(df.column("path")?)?;
    let source = strs(df.column("source")?)?;
    let url = strs(df.column("url")?)?;
    let title = strs(df.column("title")?)?;
    let published = dates(df.column("published")?)?;
    // A story's id is its first copy's; tables from before stories were found have none,
    // and every article is its own story.
    let story = match df.column("story_id") {
        Ok(c) => u64s(c)?,
        Err(_) => ids.clone(),
    };
    let mut rows = Vec::with_capacity(ids.len());
    for (i, (path, (source, (url, title)))) in path
        .into_iter()
        .zip(source.into_iter().zip(url.into_iter().zip(title)))
        .enumerate()
    {
        rows.push(ArticleRow {
            article_id: ids[i],
            path: path.unwrap_or_default(),
            source,
            url,
            title: title.unwrap_or_default(),
            published: published[i],
            story_id: story[i],
            ..Default::default()
        });
    }
    Ok(rows)
}

fn stance_rows(file: &Sliced, offset: usize, len: usize) -> Result<Vec<StanceRow>> {
    if len == 0 {
        return Ok(Vec::new());
    }
    let columns = [
        "article_id",
        "sentence",
        "term",
        "topic",
        "negated",
        "hedged",
        "quoted",
        "actors",
        "holder",
        "sentence_text",
    ];
    let df = file.read(Some(&columns), offset, len)?;
    let ids = u64s(df.column("article_id")?)?;
    let sentence = u32s(df.column("sentence")?)?;
    let term = strs(df.column("term")?)?;
    let topic = strs(df.column("topic")?)?;
    let negated = bools(df.column("negated")?)?;
    let hedged = bools(df.column("hedged")?)?;
    let quoted = bools(df.column("quoted")?)?;
    let holder = strs(df.column("holder")?)?;
    let text = strs(df.column("sentence_text")?)?;
    let actors = str_lists(df.column("actors")?)?;
    let mut rows = Vec::with_capacity(ids.len());
    for (i, (((term, topic), holder), (text, actors))) in term
        .into_iter()
        .zip(topic)
        .zip(holder)
        .zip(text.into_iter().zip(actors))
        .enumerate()
    {
        rows.push(StanceRow {
            article_id: ids[i],
            sentence: sentence[i],
            term: term.unwrap_or_default(),
            topic: topic.unwrap_or_default(),
            negated: negated[i],
            hedged: hedged[i],
            quoted: quoted[i],
            actors,
            holder,
            sentence_text: text.unwrap_or_default(),
            ..Default::default()
        });
    }
    Ok(rows)
}

fn figure_rows(file: &Sliced, offset: usize, len: usize) -> Result<Vec<FigureRow>> {
    if len == 0 {
        return Ok(Vec::new());
    }
    let columns = [
        "article_id",
        "sentence",
        "text",
        "kind",
        "unit",
        "value",
        "value_high",
    ];
    let df = file.read(Some(&columns), offset, len)?;
    let ids = u64s(df.column("article_id")?)?;
    let sentence = u32s(df.column("sentence")?)?;
    let text = strs(df.column("text")?)?;
    let kind = strs(df.column("kind")?)?;
    let unit = strs(df.column("unit")?)?;
    let value = f64s(df.column("value")?)?;
    let high = f64s(df.column("value_high")?)?;
    let mut rows = Vec::with_capacity(ids.len());
    for (i, ((text, kind), unit)) in text.into_iter().zip(kind).zip(unit).enumerate() {
        rows.push(FigureRow {
            article_id: ids[i],
            sentence: sentence[i],
            text: text.unwrap_or_default(),
            kind: figure_kind(kind.as_deref().unwrap_or_default()),
            unit: unit.unwrap_or_default(),
            value: value[i].unwrap_or_default(),
            value_high: high[i],
            ..Default::default()
        });
    }
    Ok(rows)
}

/// The kind's name as the core spells it (the rows hold it as a static name).
fn figure_kind(name: &str) -> &'static str {
    FigureKind::ALL
        .iter()
        .map(|k| k.as_str())
        .find(|k| *k == name)
        .unwrap_or("unknown")
}
