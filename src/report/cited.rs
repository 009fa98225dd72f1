//! Figures cited with a topic: the troop numbers of a peacekeeping force, the sums of an
//! aid package, each as it was written, how often and in which periods it was cited, and
//! a sentence that cites it. A figure belongs to a topic when its sentence mentions the
//! topic; one figure is one value in one unit, however it was spelt ("30,000 troops" and
//! "30 000 soldiers" are one when the extractor gives both one value and unit).
//!
//! The section shows the focus topic and its neighbours: the topics its sentences mention
//! most often beside it. Memory is bounded: each topic keeps at most [`KEPT`] figures, the
//! least cited going first when it is full.

use super::evidence::{dated_first_copy, is_web_link};
use super::*;
use crate::tables::Batch;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Figures kept per topic: when a topic holds more, the least cited are dropped.
const KEPT: usize = 2048;
/// Distinct periods remembered per figure.
const PERIODS: usize = 256;
/// Figures listed for the focus topic, and for each neighbour.
const FOCUS_ROWS: usize = 12;
const NEIGHBOUR_ROWS: usize = 6;
/// Neighbour topics listed after the focus.
const NEIGHBOURS: usize = 2;
/// Units of elapsed time: "four years of war" is a figure, but not one a reader follows.
const DURATIONS: [&str; 7] = ["year", "month", "week", "day", "hour", "minute", "second"];

/// One value in one unit: kind, unit, value and upper bound, the floats by their bits.
type Key = (&'static str, String, u64, Option<u64>);

/// A figure cited with a topic.
pub(super) struct Cite {
    /// As first written.
    text: String,
    citations: u32,
    periods: std::collections::BTreeSet<NaiveDate>,
    /// The earliest sentence citing it: published, outlet, link, sentence.
    example: (NaiveDate, String, Option<String>, String),
}

/// The figures cited with each topic, offered batch by batch.
#[derive(Default)]
pub struct Cited {
    by_topic: HashMap<String, HashMap<Key, Cite>>,
    /// How many sentences mention each topic beside the focus.
    beside_focus: HashMap<String, u32>,
}

impl Cited {
    /// Counts the figures of the batch's first copies that stand in a sentence mentioning
    /// a topic (undated articles and other copies are in no period).
    pub(super) fn add(&mut self, batch: &Batch, focus: &str, period: Period) {
        let mut topics: HashMap<(u64, u32), Vec<(&str, &str)>> = HashMap::default();
        for m in &batch.stance {
            let list = topics.entry((m.article_id, m.sentence)).or_default();
            if !list.iter().any(|(t, _)| *t == m.topic) {
                list.push((&m.topic, &m.sentence_text));
            }
        }
        for list in topics.values() {
            if list.iter().any(|(t, _)| *t == focus) {
                for (t, _) in list.iter().filter(|(t, _)| *t != focus) {
                    *self.beside_focus.entry(t.to_string()).or_default() += 1;
                }
            }
        }
        for f in &batch.figures {
            if DURATIONS.contains(&f.unit.as_str()) {
                continue;
            }
            let Some(list) = topics.get(&(f.article_id, f.sentence)) else {
                continue;
            };
            let Some((a, published)) = dated_first_copy(batch, f.article_id) else {
                continue;
            };
            let key: Key = (
                f.kind,
                f.unit.clone(),
                f.value.to_bits(),
                f.value_high.map(f64::to_bits),
            );
            for (topic, sentence) in list {
                let cites = self.by_topic.entry(topic.to_string()).or_default();
                let cite = cites.entry(key.clone()).or_insert_with(|| Cite {
                    text: f.text.clone(),
                    citations: 0,
                    periods: Default::default(),
                    example: (
                        published,
                        a.source.clone().unwrap_or_else(|| "unknown outlet".into()),
                        a.url.clone().filter(|u| is_web_link(u)),
                        sentence.to_string(),
                    ),
                });
                cite.citations += 1;
                if cite.periods.len() < PERIODS {
                    cite.periods.insert(period.start(published));
                }
                if published < cite.example.0 {
                    cite.example = (
                        published,
                        a.source.clone().unwrap_or_else(|| "unknown outlet".into()),
                        a.url.clone().filter(|u| is_web_link(u)),
                        sentence.to_string(),
                    );
                }
                if cites.len() > KEPT {
                    thin(cites);
                }
            }
        }
    }

    /// The topics the section lists: the focus, then its neighbours with figures.
    fn topics<'a>(&'a self, focus: &'a str) -> Vec<&'a str> {
        let mut beside: Vec<(&str, u32)> = self
            .beside_focus
            .iter()
            .filter(|(t, _)| self.by_topic.contains_key(t.as_str()))
            .map(|(t, &n)| (t.as_str(), n))
            .collect();
        beside.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        std::iter::once(focus)
            .chain(beside.into_iter().take(NEIGHBOURS).map(|(t, _)| t))
            .collect()
    }
}

/// Drops the least cited quarter of a topic's figures (ties: the larger key goes), so
/// what is left depends only on the counts.
fn thin(cites: &mut HashMap<Key, Cite>) {
    let mut order: Vec<(u32, Key)> = cites
        .iter()
        .map(|(k, c)| (c.citations, k.clone()))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let keep: HashSet<Key> = order
        .into_iter()
        .take(KEPT * 3 / 4)
        .map(|(_, k)| k)
        .collect();
    cites.retain(|k, _| keep.contains(k));
}

/// The section: a table per topic of its most cited figures.
pub(super) fn cited_section(html: &mut String, cited: &Cited, opts: &ReportOptions) {
    let _ = writeln!(
        html,
        "<section id=figures><h2>Figures cited with <span class=focus>{}</span> and its neighbours</h2><p class=note>Numbers in sentences that mention the topic, by stories' first copies: each value and unit once, as first written, with how often it was cited, in how many {}s, and the earliest sentence citing it. Durations (\"four years\") are left out.</p>",
        esc(&opts.focus),
        opts.period.as_str()
    );
    let mut any = false;
    for (k, topic) in cited.topics(&opts.focus).into_iter().enumerate() {
        let Some(cites) = cited.by_topic.get(topic) else {
            continue;
        };
        let mut rows: Vec<(&Key, &Cite)> = cites.iter().collect();
        rows.sort_by(|a, b| b.1.citations.cmp(&a.1.citations).then(a.0.cmp(b.0)));
        rows.truncate(if k == 0 { FOCUS_ROWS } else { NEIGHBOUR_ROWS });
        any = true;
        let _ = writeln!(
            html,
            "<h3>{}</h3><table class=cited><tr><th>figure</th><th>cited</th><th>{}s</th><th>first cited in</th></tr>",
            esc(topic),
            opts.period.as_str()
        );
        for (_, c) in rows {
            let (first, last) = (c.periods.first(), c.periods.last());
            let span = match (first, last) {
                (Some(f), Some(l)) if f != l => format!("{}: {f} – {l}", c.periods.len()),
                (Some(f), _) => format!("1: {f}"),
                _ => String::new(),
            };
            let (published, source, link, sentence) = &c.example;
            let origin = match link {
                Some(u) => format!("<a href=\"{}\">{}</a>", esc(u), esc(source)),
                None => esc(source),
            };
            let _ = writeln!(
                html,
                "<tr><td><b>{}</b></td><td>{}</td><td class=nowrap>{span}</td><td>{}<br><span class=meta>{published} · {origin}</span></td></tr>",
                esc(&c.text),
                c.citations,
                esc(&excerpt(sentence, &c.text, EXCERPT))
            );
        }
        html.push_str("</table>\n");
    }
    if !any {
        html.push_str("<p class=empty>No figures were cited with this topic.</p>");
    }
    html.push_str("</section>\n");
}

/// Characters of a citing sentence shown: a scraped page's run-on "sentence" can be a
/// whole paragraph.
const EXCERPT: usize = 300;

/// At most about `max` characters of `sentence` around the first `needle` in it, with
/// "…" where it was cut.
pub(super) fn excerpt(sentence: &str, needle: &str, max: usize) -> String {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    if chars.len() <= max {
        return sentence.to_string();
    }
    let at = sentence.find(needle).unwrap_or(0);
    let centre = chars.partition_point(|&(i, _)| i < at);
    let from = centre.saturating_sub(max / 3).min(chars.len() - max);
    let to = from + max;
    let byte = |k: usize| chars.get(k).map_or(sentence.len(), |&(i, _)| i);
    format!(
        "{}{}{}",
        if from > 0 { "…" } else { "" },
        sentence[byte(from)..byte(to)].trim(),
        if to < chars.len() { "…" } else { "" }
    )
}

/// The figures' periods as the report's tests read them.
#[cfg(test)]
pub(super) fn cited_of(
    cited: &Cited,
    topic: &str,
) -> std::collections::BTreeMap<String, (u32, usize)> {
    cited
        .by_topic
        .get(topic)
        .map(|c| {
            c.values()
                .map(|c| (c.text.clone(), (c.citations, c.periods.len())))
                .collect()
        })
        .unwrap_or_default()
}
