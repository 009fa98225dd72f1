//! `covtrack inspect`: what one file yields — metadata, then every date, figure and stance
//! mention with the sentence it came from — for a person checking why a number came out as
//! it did. `--json` gives the same for machines.

use crate::discover::{Found, Role};
use crate::ingest::{self, IngestOptions, InputError, MetaIndex};
use crate::lexicon::Lexicon;
use crate::pipeline::{Analysed, analyse};
use crate::text::CharOffsets;
use anyhow::{Result, bail};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// Reads `file` the way `covtrack run` would (with a sidecar beside it and a
/// `metadata.jsonl` in its folder) and analyses every article in it.
pub fn inspect_file(
    file: &Path,
    opts: &IngestOptions,
    lexicon: &Lexicon,
) -> Result<(Vec<Analysed>, Vec<InputError>)> {
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut found = vec![Found {
        rel: name.clone(),
        path: file.to_path_buf(),
        role: Role::Articles,
    }];
    for (rel, role) in [
        ("metadata.jsonl".to_string(), Role::Manifest),
        (format!("{name}.meta.json"), Role::Sidecar),
    ] {
        let path = dir.join(&rel);
        if path.is_file() {
            found.push(Found { rel, path, role });
        }
    }
    let (index, mut errors) = MetaIndex::load(&found, opts);
    let result = ingest::read_file(&found[0], &index, opts);
    errors.extend(result.errors);
    let analysed = result
        .articles
        .into_iter()
        .map(|a| analyse(a, lexicon))
        .collect();
    Ok((analysed, errors))
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
pub fn render_text(analysed: &[Analysed], errors: &[InputError]) -> String {
    let mut out = String::new();
    for e in errors {
        let _ = writeln!(
            out,
            "error  {}: {} ({}, {})",
            e.path, e.message, e.stage, e.kind
        );
    }
    for a in analysed {
        let art = &a.article;
        let doc = &a.doc;
        let _ = writeln!(out, "path        {}", art.path);
        let _ = writeln!(
            out,
            "format      {} ({})",
            art.format.as_str(),
            art.encoding
        );
        let _ = writeln!(out, "title       {}", art.title);
        let _ = writeln!(
            out,
            "published   {} (from {})",
            opt(&art.published),
            art.published_from.as_str()
        );
        let _ = writeln!(out, "source      {}", opt(&art.source));
        let _ = writeln!(out, "url         {}", opt(&art.url));
        let _ = writeln!(
            out,
            "size        {} chars, {} words, {} sentences",
            doc.text.chars().count(),
            doc.word_count(),
            doc.sentences.len()
        );
        let x = &a.extraction;
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

/// The same report as JSON (offsets in characters, like the tables).
pub fn render_json(analysed: &[Analysed], errors: &[InputError]) -> Value {
    let articles: Vec<Value> = analysed
        .iter()
        .map(|a| {
            let text = &a.doc.text;
            let mut offsets = CharOffsets::new(text);
            let mut span = |r: &std::ops::Range<usize>| {
                let s = offsets.at(r.start);
                let e = offsets.at(r.end);
                (s, e, text[r.clone()].to_string())
            };
            let art = &a.article;
            let dates: Vec<Value> = a
                .extraction
                .dates
                .iter()
                .map(|m| {
                    let (start, end, t) = span(&m.span);
                    json!({"sentence": m.sentence, "start": start, "end": end, "text": t,
                           "kind": m.kind, "granularity": m.granularity,
                           "date_start": m.date_start, "date_end": m.date_end})
                })
                .collect();
            let figures: Vec<Value> = a
                .extraction
                .figures
                .iter()
                .map(|m| {
                    let (start, end, t) = span(&m.span);
                    json!({"sentence": m.sentence, "start": start, "end": end, "text": t,
                           "value": m.value, "value_high": m.value_high, "unit": m.unit,
                           "kind": m.kind, "qualifier": m.qualifier})
                })
                .collect();
            let stance: Vec<Value> = a
                .extraction
                .stance
                .iter()
                .map(|m| {
                    let (start, end, t) = span(&m.span);
                    json!({"sentence": m.sentence, "start": start, "end": end, "text": t,
                           "term": m.term, "topic": m.topic, "negated": m.negated,
                           "hedged": m.hedged, "quoted": m.quoted, "actors": m.actors,
                           "cue": m.cue, "sentence_text": a.doc.sentence_text(m.sentence)})
                })
                .collect();
            json!({
                "article": {
                    "path": art.path, "format": art.format, "encoding": art.encoding,
                    "title": art.title, "published": art.published,
                    "published_from": art.published_from, "source": art.source, "url": art.url,
                    "chars": text.chars().count(), "words": a.doc.word_count(),
                    "sentences": a.doc.sentences.len(), "body": art.body,
                },
                "dates": dates, "figures": figures, "stance": stance,
            })
        })
        .collect();
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| json!({"path": e.path, "stage": e.stage, "kind": e.kind, "message": e.message}))
        .collect();
    if articles.len() == 1 && errors.is_empty() {
        articles.into_iter().next().expect("one article")
    } else {
        json!({"articles": articles, "errors": errors})
    }
}
