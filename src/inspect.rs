//! `covtrack inspect`: what one file yields — metadata, then every date, figure and stance
//! mention with the sentence it came from — for a person checking why a number came out as
//! it did. `--json` gives the same for machines.

use crate::discover;
use crate::tables::{ArticleRow, DateRow, FigureRow, InputError, Records, StanceRow};
use anyhow::{Result, bail};
use covtrack_core::ingest::{self, IngestOptions, MetaIndex};
use covtrack_core::{Analysis, Lexicon, analyse};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// At most this many article files beside the inspected one are read to learn its outlet's
/// furniture ([`crate::census::learn_beside`]): a run learns from all of INPUT, inspect from
/// the file's folder, which for a folder of scraped pages is the same outlet's template.
const INSPECT_SIBLINGS: usize = 20_000;

/// One article of the inspected file: its rows as a run would write them (ids from 1 in
/// file order), the analysis they came from, and its cleaned body.
#[derive(Debug)]
pub struct Inspected {
    pub records: Records,
    pub analysis: Analysis,
    pub body: String,
}

/// Reads `file` the way `covtrack run` would (with a sidecar beside it and a
/// `metadata.jsonl` in its folder, and the furniture learned from the files beside it) and
/// analyses every article in it.
pub fn inspect_file(
    file: &Path,
    opts: &IngestOptions,
    lexicon: &Lexicon,
) -> Result<(Vec<Inspected>, Vec<InputError>)> {
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    let found = discover::with_metadata(file.parent().unwrap_or(Path::new("")), file);
    let (mut index, mut errors) = MetaIndex::load(&found, opts);
    index.learn(crate::census::learn_beside(file, opts, INSPECT_SIBLINGS));
    let result = ingest::read_file(&found[0], &index, opts);
    errors.extend(result.errors);
    let inspected = result
        .articles
        .into_iter()
        .zip(1..)
        .map(|(article, id)| {
            let analysis = analyse(&article, lexicon);
            let body = article.body.clone();
            let mut records = Records::new(article, &analysis);
            records.number(id);
            Inspected {
                records,
                analysis,
                body,
            }
        })
        .collect();
    Ok((inspected, errors))
}

fn shorten(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        flat.chars().take(n).collect::<String>() + "…"
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or("-".to_string(), T::to_string)
}

/// The report a person reads in a terminal.
pub fn render_text(inspected: &[Inspected], errors: &[InputError]) -> String {
    let mut out = String::new();
    for e in errors {
        let _ = writeln!(
            out,
            "error  {}: {} ({}, {})",
            e.path, e.message, e.stage, e.kind
        );
    }
    for a in inspected {
        let art = &a.records.article;
        let doc = &a.analysis.doc;
        let _ = writeln!(out, "path        {}", art.path);
        let _ = writeln!(out, "format      {} ({})", art.format, art.encoding);
        let _ = writeln!(out, "title       {}", art.title);
        let _ = writeln!(
            out,
            "published   {} (from {})",
            opt(&art.published),
            art.published_from
        );
        let _ = writeln!(out, "source      {}", opt(&art.source));
        let _ = writeln!(out, "url         {}", opt(&art.url));
        let _ = writeln!(
            out,
            "size        {} chars, {} words, {} sentences",
            art.chars, art.words, art.sentences
        );
        let x = &a.analysis.extraction;
        let _ = writeln!(out, "\ndates ({})", x.dates.len());
        for m in &x.dates {
            let _ = writeln!(
                out,
                "  s{:<3} {:<32} {:<9} {:<7} {} .. {}",
                m.sentence,
                format!("{:?}", &doc.text[m.span.clone()]),
                m.kind.as_str(),
                m.granularity.as_str(),
                opt(&m.date_start),
                opt(&m.date_end)
            );
        }
        let _ = writeln!(out, "\nfigures ({})", x.figures.len());
        for m in &x.figures {
            let value = match m.value_high {
                Some(h) => format!("{}..{}", m.value, h),
                None => m.value.to_string(),
            };
            let _ = writeln!(
                out,
                "  s{:<3} {:<32} {:<8} {} {} ({})",
                m.sentence,
                format!("{:?}", &doc.text[m.span.clone()]),
                m.kind.as_str(),
                value,
                m.unit,
                m.qualifier.as_str()
            );
        }
        let _ = writeln!(out, "\nstance ({})", x.stance.len());
        for m in &x.stance {
            let mut flags = Vec::new();
            if m.negated {
                flags.push("NEGATED");
            }
            if m.hedged {
                flags.push("hedged");
            }
            if m.quoted {
                flags.push("quoted");
            }
            let _ = writeln!(
                out,
                "  s{:<3} {:<20} {:<28} {:<22} actors: {}{}",
                m.sentence,
                m.topic,
                format!("{:?}", &doc.text[m.span.clone()]),
                if flags.is_empty() {
                    "stated".to_string()
                } else {
                    flags.join(" ")
                },
                if m.actors.is_empty() {
                    "-".to_string()
                } else {
                    m.actors.join(", ")
                },
                m.cue
                    .as_ref()
                    .map_or(String::new(), |c| format!("  cue: {c:?}"))
            );
            let _ = writeln!(
                out,
                "        > {}",
                shorten(doc.sentence_text(m.sentence), 150)
            );
        }
        out.push('\n');
    }
    out
}

/// The same report as JSON: each article's rows, exactly as `covtrack run` writes them to
/// the tables (offsets in characters), with the cleaned body beside the article row. One
/// article and no errors print as that article's object.
pub fn render_json(inspected: &[Inspected], errors: &[InputError]) -> String {
    #[derive(Serialize)]
    struct Article<'a> {
        #[serde(flatten)]
        row: &'a ArticleRow,
        body: &'a str,
    }
    #[derive(Serialize)]
    struct One<'a> {
        article: Article<'a>,
        dates: &'a [DateRow],
        figures: &'a [FigureRow],
        stance: &'a [StanceRow],
    }
    #[derive(Serialize)]
    struct All<'a> {
        articles: Vec<One<'a>>,
        errors: &'a [InputError],
    }
    let articles: Vec<One> = inspected
        .iter()
        .map(|a| One {
            article: Article {
                row: &a.records.article,
                body: &a.body,
            },
            dates: &a.records.dates,
            figures: &a.records.figures,
            stance: &a.records.stance,
        })
        .collect();
    let json = if articles.len() == 1 && errors.is_empty() {
        serde_json::to_string_pretty(&articles[0])
    } else {
        serde_json::to_string_pretty(&All { articles, errors })
    };
    json.expect("rows serialize to JSON")
}
