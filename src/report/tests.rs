//! The evidence chosen as batches stream past, the charts and evidence of who holds a
//! stance, and the escaping of article text.

use super::evidence::{CANDIDATES, Candidate};
use super::*;
use crate::aggregate::{Aggregator, Vocabulary};
use crate::tables::samples::{self, held_by};
use crate::tables::{ArticleRow, Batch, StanceRow, StoryRow};

/// Many focus-topic mentions in a few weeks: more of each kind than are kept.
fn crowded_batch() -> Batch {
    let day = |i: u64| NaiveDate::from_ymd_opt(2025, 2, 3).unwrap() + chrono::Days::new(i % 20);
    let mut batch = Batch::default();
    for id in 1..=60u64 {
        batch.articles.push(ArticleRow {
            article_id: id,
            path: format!("a{id}.txt"),
            format: "txt",
            source: (id % 3 != 0).then(|| format!("outlet{}", id % 4)),
            url: (id % 2 == 0).then(|| format!("https://example.org/{id}")),
            title: String::new(),
            published: (id % 11 != 0).then(|| day(id * 7)),
            published_from: "path",
            encoding: "UTF-8",
            chars: 0,
            words: 0,
            sentences: 0,
            duplicate_of: (id % 13 == 0).then_some(1),
            story_id: if id % 13 == 0 { 1 } else { id },
            similarity: 1.0,
            dates: 0,
            figures: 0,
            stance: 0,
        });
        for k in 0..4u64 {
            batch.stance.push(StanceRow {
                article_id: id,
                sentence: k as u32,
                start: 0,
                end: 1,
                term: "security guarantees".into(),
                topic: if k == 3 {
                    "ceasefire"
                } else {
                    "security_guarantee"
                }
                .into(),
                negated: (id + k) % 3 == 0,
                hedged: (id + k) % 4 == 0,
                quoted: k == 1,
                actors: vec!["europe".to_string(); ((id * k) % 4) as usize],
                holder: ((id * k) % 4 > 0).then(|| "europe".to_string()),
                cue: None,
                // Some sentences repeat across articles.
                sentence_text: format!("Sentence {}.", (id * 5 + k) % 70),
            });
        }
    }
    batch
}

#[test]
fn evidence_skips_only_what_it_would_drop() {
    // `add` leaves out candidates it can tell will not be kept before copying them;
    // offering every candidate must choose exactly the same sentences.
    let batch = crowded_batch();
    let mut pruned = Evidence::new("security_guarantee", Period::Week);
    pruned.add(&batch);
    let mut all = Evidence::new("security_guarantee", Period::Week);
    for m in batch
        .stance
        .iter()
        .filter(|m| m.topic == "security_guarantee")
    {
        let a = &batch.articles[(m.article_id - 1) as usize];
        let (Some(published), None) = (a.published, (a.story_id != a.article_id).then_some(()))
        else {
            continue;
        };
        all.offer(Candidate::of(a, m, published));
    }
    let chosen = |e: &Evidence| -> Vec<(NaiveDate, String, usize)> {
        e.by_period
            .iter()
            .flat_map(|(p, list)| list.iter().map(|c| (*p, c.sentence.clone(), c.actors)))
            .collect()
    };
    assert_eq!(chosen(&pruned), chosen(&all));
    // Three weeks, each full: CANDIDATES of each of the three kinds.
    assert_eq!(pruned.by_period.len(), 3);
    assert!(pruned.by_period.values().all(|l| l.len() == 3 * CANDIDATES));
}

#[test]
fn escaping_and_counts() {
    assert_eq!(
        esc("<script>alert(\"x\")</script> & 'y'"),
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
    );
    assert_eq!(super::charts::stories(1.0), "1 story");
    assert_eq!(super::charts::stories(12.0), "12 stories");
}

const FOCUS: &str = "security_guarantee";

/// Two stories in the week of 2025-02-24 and one a week later. Trump refuses twice (once
/// also hedged) with the United States named beside him; Europe hedges once and states
/// once; the last sentence names nobody and has no holder.
fn holder_batch() -> Batch {
    let day = |d: u32| NaiveDate::from_ymd_opt(2025, 2, d);
    let mention = |id: u64, sentence: u32, flags: (bool, bool), actors: &[&str]| StanceRow {
        sentence,
        sentence_text: format!("Sentence {sentence} of article {id}."),
        ..samples::mention(id, FOCUS, "security guarantees", flags, actors)
    };
    Batch {
        articles: vec![
            samples::article(1, day(24), Some("A"), None),
            samples::article(2, day(26), Some("B"), None),
            samples::article(3, NaiveDate::from_ymd_opt(2025, 3, 4), Some("A"), None),
        ],
        stance: vec![
            held_by(
                "trump",
                mention(1, 0, (true, false), &["trump", "united_states"]),
            ),
            held_by("europe", mention(1, 1, (false, true), &["europe"])),
            held_by("europe", mention(2, 0, (false, false), &["europe"])),
            held_by("trump", mention(2, 1, (true, true), &["trump"])),
            mention(3, 0, (false, false), &[]),
        ],
        ..Default::default()
    }
}

/// The report of [`holder_batch`], as a run draws it.
fn holder_report() -> String {
    report_of(&holder_batch(), &[FOCUS])
}

/// The HTML of the section with id `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id={id}")).expect(id);
    let len = html[start..].find("</section>").unwrap();
    &html[start..start + len]
}

#[test]
fn holders_chart_stacks_each_holders_stance() {
    let html = holder_report();
    let holders = section(&html, "holders");
    // Europe and Trump hold two mentions each (ties by id); the United States is only
    // named, and the last sentence has no holder.
    let europe = holders.find(">europe</text>").expect("europe's row");
    let trump = holders.find(">trump</text>").expect("trump's row");
    assert!(europe < trump);
    assert!(!holders.contains("united_states"));
    for bar in [
        "2025-02-24 europe: 1 stated",
        "2025-02-24 europe: 1 hedged",
        // Refused and hedged is a refusal.
        "2025-02-24 trump: 2 negated",
    ] {
        assert!(holders.contains(bar), "{bar}");
    }
    assert_eq!(holders.matches("<rect").count(), 3);
    // The named chart counts named rows only: holder rows would double Europe's.
    let named = section(&html, "actors");
    for cell in [
        "2025-02-24 europe: 2 mentions",
        "2025-02-24 trump: 2 mentions",
        "2025-02-24 united_states: 1 mentions",
    ] {
        assert!(named.contains(cell), "{cell}");
    }
    // The focus topic's bars count stories, each in one kind: both stories of the first
    // week refuse somewhere (one also states, one also hedges), the third only states.
    let stance = section(&html, "stance");
    for bar in [
        "2025-02-24 negated (refused, ruled out): 2 stories<",
        "2025-03-03 stated: 1 story<",
    ] {
        assert!(stance.contains(bar), "{bar}");
    }
    assert!(!stance.contains("2025-02-24 stated") && !stance.contains("2025-02-24 hedged"));
}

/// The aggregates of `batch` over the lexicon's `topics`, weekly.
fn aggregates_of(batch: &Batch, topics: &[&str]) -> Aggregates {
    let mut aggregator = Aggregator::new(Period::Week);
    aggregator.add(batch);
    let vocabulary = Vocabulary {
        topics: topics.iter().map(|t| t.to_string()).collect(),
        terms: Vec::new(),
    };
    aggregator.finish(&vocabulary).unwrap().0
}

/// A report of `batch` over the lexicon's `topics`, as a run draws it.
fn report_of(batch: &Batch, topics: &[&str]) -> String {
    let mut evidence = Evidence::new(FOCUS, Period::Week);
    evidence.add(batch);
    render(
        &aggregates_of(batch, topics),
        &evidence,
        &RunRecord::default(),
        FOCUS,
    )
    .unwrap()
}

/// `n` stories a week from 2025-01-06 for `weeks` weeks, the first `on` of each week
/// mentioning `topic`; ids from `first`.
fn weekly(first: u64, weeks: u32, n: u32, on: u32, topic: &str) -> Batch {
    let mut batch = Batch::default();
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    let mut id = first;
    for w in 0..weeks {
        for k in 0..n {
            let day = start + chrono::Duration::days(7 * w as i64 + (k % 5) as i64);
            batch
                .articles
                .push(samples::article(id, Some(day), Some("A"), None));
            if k < on {
                batch.stance.push(StanceRow {
                    sentence_text: format!("Sentence of article {id}."),
                    ..samples::mention(id, topic, "t", (false, false), &[])
                });
            }
            id += 1;
        }
    }
    batch
}

#[test]
fn small_multiples_most_covered_first_share_only_with_enough_stories() {
    let mut batch = weekly(1, 3, 6, 1, "ceasefire");
    let more = weekly(100, 3, 6, 3, FOCUS);
    // Stories of the second set mention the focus; both sets share the weeks.
    batch.articles.extend(more.articles);
    batch.stance.extend(more.stance);
    let thin = weekly(1000, 1, 2, 2, "sanctions");
    batch.articles.extend(thin.articles);
    batch.stance.extend(thin.stance);
    batch.articles.sort_by_key(|a| a.article_id);
    let html = report_of(&batch, &[FOCUS, "ceasefire", "sanctions", "minerals"]);
    let topics = section(&html, "topics");
    let order: Vec<usize> = [FOCUS, "ceasefire", "sanctions"]
        .iter()
        .map(|t| topics.find(&format!(">{t} <span")).expect(t))
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{order:?}");
    // Week one has 14 stories: shares are shown; the counts are on hover.
    assert!(
        topics.contains("2025-01-06: 3 of 14 stories (21%)"),
        "{topics}"
    );
    assert!(topics.contains("2025-01-06: 21% of the 14 stories"));
    assert!(topics.contains("Not mentioned in the periods shown: minerals."));
    // A week of too few stories has no share.
    let few = weekly(1, 1, 3, 1, "ceasefire");
    let html = report_of(&few, &[FOCUS, "ceasefire"]);
    let topics = section(&html, "topics");
    assert!(topics.contains("1 of 3 stories, too few for a share"));
    assert!(!topics.contains("<circle"));
}

#[test]
fn an_outlying_story_is_left_off_the_axis_and_said_so() {
    // Fifty weeks of news in 2025 and one story from 2019.
    let mut batch = weekly(10, 50, 3, 1, FOCUS);
    let old = NaiveDate::from_ymd_opt(2019, 5, 1);
    batch
        .articles
        .insert(0, samples::article(1, old, Some("B"), None));
    let html = report_of(&batch, &[FOCUS]);
    assert!(
        html.contains(
            "Left off the charts as far from the rest: 1 story from the week of 2019-04-29"
        )
    );
    let stance = section(&html, "stance");
    assert!(!stance.contains(">2019-") && !stance.contains(">2020-"));
    assert!(stance.contains(">2025-01-06<"));
}

#[test]
fn an_empty_stretch_is_a_break_not_blank_weeks() {
    // Two bursts of coverage ten weeks apart.
    let mut batch = weekly(1, 3, 4, 2, FOCUS);
    let mut later = weekly(100, 3, 4, 2, FOCUS);
    for a in &mut later.articles {
        a.published = a.published.map(|d| d + chrono::Duration::weeks(12));
    }
    batch.articles.extend(later.articles);
    batch.stance.extend(later.stance);
    let html = report_of(&batch, &[FOCUS]);
    let stance = section(&html, "stance");
    assert_eq!(stance.matches("class=gap").count(), 1);
    assert!(stance.contains("9 weeks without stories left out"));
    // Both bursts are labelled: the first week after the break has a date.
    assert!(stance.contains(">2025-03-31<"), "{stance}");
}

#[test]
fn changes_list_the_biggest_moves_with_their_sentences() {
    let mut batch = weekly(1, 4, 10, 1, FOCUS);
    // The third week has eight stories on the focus topic, not one.
    for a in batch
        .articles
        .iter()
        .filter(|a| (21..=30).contains(&a.article_id))
    {
        if !batch.stance.iter().any(|m| m.article_id == a.article_id) {
            batch.stance.push(StanceRow {
                sentence_text: format!("Sentence of article {}.", a.article_id),
                ..samples::mention(a.article_id, FOCUS, "t", (true, false), &[])
            });
        }
    }
    batch.stance.sort_by_key(|m| m.article_id);
    let html = report_of(&batch, &[FOCUS]);
    let changes = section(&html, "changes");
    assert!(changes.contains("week of 2025-01-20: 10 stories, up 9 from the week before"));
    assert!(changes.contains("week of 2025-01-27: 1 story, down 9 from the week before"));
    assert!(!changes.contains("week of 2025-01-13"));
    assert!(changes.contains("tag neg"));
}

#[test]
fn figures_cited_with_the_focus_as_written_with_counts_and_periods() {
    let day = |d: u32| NaiveDate::from_ymd_opt(2025, 2, d);
    let in_sentence =
        |f: crate::tables::FigureRow, sentence: u32, text: &str| crate::tables::FigureRow {
            sentence,
            text: text.into(),
            ..f
        };
    let mention = |id: u64, topic: &str| StanceRow {
        sentence_text: format!("Sentence of article {id} on {topic}."),
        ..samples::mention(id, topic, "t", (false, false), &[])
    };
    let batch = Batch {
        articles: vec![
            samples::article(1, day(3), Some("A"), None),
            samples::article(2, day(4), Some("B"), Some(1)),
            samples::article(3, None, Some("C"), None),
            samples::article(4, day(12), Some("D"), None),
        ],
        stance: vec![
            mention(1, FOCUS),
            mention(1, "peacekeeping"),
            mention(2, FOCUS),
            mention(3, FOCUS),
            mention(4, FOCUS),
        ],
        figures: vec![
            in_sentence(
                samples::figure(1, 30_000.0, "troop", "count"),
                0,
                "30,000 troops",
            ),
            in_sentence(samples::figure(1, 4.0, "year", "measure"), 0, "four years"),
            in_sentence(samples::figure(1, 5.0, "drone", "count"), 1, "5 drones"),
            in_sentence(
                samples::figure(2, 30_000.0, "troop", "count"),
                0,
                "30,000 troops",
            ),
            in_sentence(
                samples::figure(3, 30_000.0, "troop", "count"),
                0,
                "30,000 troops",
            ),
            in_sentence(
                samples::figure(4, 30_000.0, "troop", "count"),
                0,
                "30 000 soldiers",
            ),
        ],
        ..Default::default()
    };
    let mut evidence = Evidence::new(FOCUS, Period::Week);
    evidence.add(&batch);
    let focus = super::cited::cited_of(&evidence.cited, FOCUS);
    // The copy and the undated article are in no period; the drones are in a sentence
    // without the topic; durations are left out.
    assert_eq!(
        focus.into_iter().collect::<Vec<_>>(),
        [("30,000 troops".to_string(), (2, 2))]
    );
    let peace = super::cited::cited_of(&evidence.cited, "peacekeeping");
    assert_eq!(peace.len(), 1);
    let html = report_of(&batch, &[FOCUS, "peacekeeping"]);
    let figures = section(&html, "figures");
    assert!(
        figures.contains(
            "<b>30,000 troops</b></td><td>2</td><td class=nowrap>2: 2025-02-03 – 2025-02-10</td>"
        ),
        "{figures}"
    );
    // The neighbour, mentioned in the focus topic's sentence, has its own table.
    assert!(figures.contains("<h3>peacekeeping</h3>"));
}

#[test]
fn long_citing_sentences_are_cut_around_the_figure() {
    use super::cited::excerpt;
    assert_eq!(
        excerpt("Short one with 5 tanks.", "5 tanks", 300),
        "Short one with 5 tanks."
    );
    let long = format!(
        "{} Europe would send 30,000 troops. {}",
        "a".repeat(400),
        "b".repeat(400)
    );
    let cut = excerpt(&long, "30,000 troops", 60);
    assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
    assert!(cut.contains("30,000 troops"), "{cut}");
    assert!(cut.chars().count() <= 62);
    // Multi-byte text is cut on character boundaries.
    let cyrillic = "Україна ".repeat(100);
    assert!(excerpt(&cyrillic, "нет", 50).chars().count() <= 52);
}

#[test]
fn evidence_names_each_sentences_holder() {
    let html = holder_report();
    let evidence = section(&html, "evidence");
    let paragraph = |sentence: &str| {
        let start = evidence.find(sentence).expect(sentence);
        let len = evidence[start..].find("</p>").unwrap();
        &evidence[start..start + len]
    };
    // A refusal (most actors first), a hedge and a statement in the first week.
    assert!(paragraph("Sentence 0 of article 1.").contains("holder: trump"));
    assert!(paragraph("Sentence 1 of article 1.").contains("holder: europe"));
    assert!(paragraph("Sentence 0 of article 2.").contains("holder: europe"));
    // No holder, no label.
    assert!(!paragraph("Sentence 0 of article 3.").contains("holder"));
}

fn story(id: u64, copies: u32, outlets: &[&str], topics: &[&str]) -> StoryRow {
    StoryRow {
        story_id: id,
        title: if id == 7 {
            String::new()
        } else {
            format!("Story <{id}>")
        },
        first_published: NaiveDate::from_ymd_opt(2025, 2, 24),
        last_published: NaiveDate::from_ymd_opt(2025, 2, 25),
        copies,
        outlets: outlets.iter().map(|o| o.to_string()).collect(),
        topics: topics.iter().map(|t| t.to_string()).collect(),
    }
}

#[test]
fn syndicated_stories_of_the_focus_topic_most_copied_first() {
    let batch = holder_batch();
    let aggregates = aggregates_of(&batch, &[FOCUS]);
    let mut evidence = Evidence::new(FOCUS, Period::Week);
    let mut stories = vec![
        story(1, 3, &["A", "B"], &[FOCUS]),
        story(2, 9, &["A"], &["ceasefire"]),
        story(3, 1, &["A"], &[FOCUS]),
        story(7, 2, &[], &[FOCUS, "ceasefire"]),
    ];
    // More than the list holds: the least copied fall out.
    stories.extend((10..22).map(|id| story(id, 2, &["C"], &[FOCUS])));
    stories.push(story(30, 5, &["A", "B", "C"], &[FOCUS]));
    evidence.add_stories(&stories);
    let html = render(&aggregates, &evidence, &RunRecord::default(), FOCUS).unwrap();
    let s = section(&html, "syndicated");
    let rows: Vec<&str> = s.split("<tr><td>").skip(1).collect();
    assert_eq!(rows.len(), 10);
    assert!(rows[0].starts_with("Story &lt;30&gt;"), "{}", rows[0]);
    assert!(rows[0].contains("<td>5</td><td><b>3</b>: A, B, C</td>"));
    assert!(rows[1].starts_with("Story &lt;1&gt;"));
    // Another topic's story and a story printed once are not listed.
    assert!(!s.contains("Story &lt;2&gt;") && !s.contains("Story &lt;3&gt;"));
    // Two copies each: the one with outlets before the one without, then by id.
    assert!(rows[2].starts_with("Story &lt;10&gt;"));
    assert!(
        !s.contains("<i>untitled</i>"),
        "story 7 has no outlets: last of its rank"
    );
}

#[test]
fn a_since_until_window_is_drawn_whole() {
    // Three weeks of stories from 2025-01-06, in a window the reader chose from December.
    let batch = weekly(1, 3, 4, 2, FOCUS);
    let aggregates = aggregates_of(&batch, &[FOCUS]);
    let mut evidence = Evidence::new(FOCUS, Period::Week);
    evidence.add(&batch);
    let mut run = RunRecord::default();
    run.options.since = NaiveDate::from_ymd_opt(2024, 12, 3);
    run.options.until = NaiveDate::from_ymd_opt(2025, 2, 28);
    let html = render(&aggregates, &evidence, &run, FOCUS).unwrap();
    let stance = section(&html, "stance");
    // The window's first week starts the axis though it has no stories.
    assert!(stance.contains(">2024-12-02<"), "{stance}");
    let unwindowed = report_of(&batch, &[FOCUS]);
    let stance = section(&unwindowed, "stance");
    assert!(!stance.contains(">2024-12-02<"));
    assert!(stance.contains(">2025-01-06<"));
}
