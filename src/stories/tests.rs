use super::*;

fn paragraph(seed: usize, words: usize) -> String {
    (0..words)
        .map(|i| format!("w{}q{}", (i * 7919 + seed * 104_729) % 100_003, i % 7))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A story of four paragraphs, numbered by `seed`.
fn story(seed: usize) -> Vec<String> {
    (0..4).map(|p| paragraph(seed * 10 + p, 80)).collect()
}

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).unwrap() + chrono::Duration::days(day as i64)
}

/// Articles as (published day, outlet, text, duplicate of), spilled in order and swept.
fn sweep(articles: &[(Option<u32>, u32, String, Option<u64>)]) -> Stories {
    let dir = tempfile::tempdir().unwrap();
    let mut spill = Spill::create(&dir.path().join("spill")).unwrap();
    for (i, (day, outlet, text, dup)) in articles.iter().enumerate() {
        spill
            .push(&StoryInput {
                article_id: i as u64 + 1,
                published: day.map(d),
                source: Some(*outlet),
                duplicate_of: *dup,
                sketch: Sketch::of(text),
            })
            .unwrap();
    }
    let spill = spill.finish().unwrap();
    find(&spill, &Options::default()).unwrap()
}

fn ids(stories: &Stories, n: u64) -> Vec<u64> {
    (1..=n).map(|id| stories.of(id).0).collect()
}

#[test]
fn a_trimmed_copy_two_days_later_is_the_same_story() {
    let s = story(1);
    let trimmed = s[..3].join("\n\n");
    let found = sweep(&[
        (Some(0), 1, s.join("\n\n"), None),
        (Some(2), 2, trimmed, None),
        (Some(1), 3, story(2).join("\n\n"), None),
    ]);
    assert_eq!(ids(&found, 3), [1, 1, 3]);
    let (_, similarity) = found.of(2);
    assert!(similarity > 0.5 && similarity < 1.0, "{similarity}");
    assert_eq!((found.count(), found.copies()), (2, 1));
}

#[test]
fn the_earliest_copy_is_the_story_whatever_the_input_order() {
    let s = story(3).join("\n\n");
    let found = sweep(&[
        (Some(5), 1, s.clone(), None),
        (Some(3), 2, format!("LONDON (Reuters) - {s}"), None),
    ]);
    assert_eq!(ids(&found, 2), [2, 2]);
}

#[test]
fn a_copy_after_the_window_starts_a_story_of_its_own() {
    let s = story(4).join("\n\n");
    let found = sweep(&[
        (Some(0), 1, s.clone(), None),
        (Some(30), 2, format!("{s} Updated."), None),
    ]);
    assert_eq!(ids(&found, 2), [1, 2]);
}

#[test]
fn exact_duplicates_join_their_original_however_far_apart() {
    let s = story(5).join("\n\n");
    let found = sweep(&[(Some(0), 1, s.clone(), None), (Some(90), 1, s, Some(1))]);
    assert_eq!(ids(&found, 2), [1, 1]);
    assert_eq!(found.of(2).1, 1.0);
}

#[test]
fn stories_sharing_a_paragraph_stay_apart() {
    let (a, b) = (story(6), story(7));
    let shared = paragraph(99, 80);
    let found = sweep(&[
        (Some(0), 1, format!("{}\n\n{shared}", a.join("\n\n")), None),
        (Some(0), 1, format!("{}\n\n{shared}", b.join("\n\n")), None),
    ]);
    assert_eq!(ids(&found, 2), [1, 2]);
}

#[test]
fn undated_copies_are_found_among_undated_articles() {
    let s = story(8).join("\n\n");
    let found = sweep(&[
        (None, 1, s.clone(), None),
        (Some(0), 2, story(9).join("\n\n"), None),
        (None, 3, format!("{s}\n\nAdvertisement"), None),
    ]);
    assert_eq!(ids(&found, 3), [1, 2, 1]);
}

/// A dataset's undated record of a dated story joins it, with the undated copies of the
/// record; an undated article like no dated one stays on its own.
#[test]
fn undated_copies_of_a_dated_story_join_it() {
    let s = story(12).join("\n\n");
    let found = sweep(&[
        (None, 1, format!("{s} Advertisement"), None),
        (Some(4), 2, story(13).join("\n\n"), None),
        (Some(3), 3, s.clone(), None),
        (None, 4, format!("{s} Share this story"), None),
        (None, 5, story(14).join("\n\n"), None),
    ]);
    assert_eq!(ids(&found, 5), [3, 2, 3, 3, 5]);
    let (_, similarity) = found.of(1);
    assert!(similarity > 0.9, "{similarity}");
}

#[test]
fn summaries_cover_stories_with_copies() {
    let s = story(10).join("\n\n");
    let dir = tempfile::tempdir().unwrap();
    let other = story(11).join("\n\n");
    let spill = spill_of(
        dir.path(),
        &[
            (Some(1), Some(4), &s),
            (Some(3), Some(2), &s),
            (Some(2), Some(4), &s),
            (None, None, &other),
        ],
    );
    let found = find(&spill, &Options::default()).unwrap();
    assert_eq!(ids(&found, 4), [1, 1, 1, 4]);
    let summaries = summarise(&spill, &found).unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        summaries.get(1).unwrap(),
        Summary {
            first_published: Some(d(1)),
            last_published: Some(d(3)),
            copies: 3,
            outlets: vec![2, 4],
        }
    );
    assert_eq!(summaries.get(4), None);
}

#[test]
fn records_read_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut spill = Spill::create(&dir.path().join("spill")).unwrap();
    let a = StoryInput {
        article_id: 1,
        published: Some(d(0)),
        source: None,
        duplicate_of: None,
        sketch: Sketch::of("one two three four five six"),
    };
    let b = StoryInput {
        article_id: 2,
        published: None,
        source: Some(7),
        duplicate_of: Some(1),
        sketch: Sketch::EMPTY,
    };
    spill.push(&a).unwrap();
    spill.push(&b).unwrap();
    assert!(spill.push(&a).is_err(), "ids must follow each other");
    let spill = spill.finish().unwrap();
    assert_eq!(spill.get(2).unwrap(), b);
    assert_eq!(spill.get(1).unwrap(), a);
    let all: Vec<StoryInput> = spill.iter().unwrap().map(Result::unwrap).collect();
    assert_eq!(all, [a, b]);
}

#[test]
fn each_summary_has_its_own_outlets_when_several_stories_have_copies() {
    let (a, b) = (story(10).join("\n\n"), story(11).join("\n\n"));
    let dir = tempfile::tempdir().unwrap();
    // Two stories with copies, interleaved, and one copy without an outlet.
    let spill = spill_of(
        dir.path(),
        &[
            (Some(1), Some(4), &a),
            (Some(2), Some(1), &b),
            (Some(3), Some(2), &a),
            (Some(4), Some(1), &b),
            (Some(5), Some(3), &b),
            (Some(6), None, &b),
        ],
    );
    let found = find(&spill, &Options::default()).unwrap();
    assert_eq!(ids(&found, 6), [1, 2, 1, 2, 2, 2]);
    let summaries = summarise(&spill, &found).unwrap();
    assert_eq!(summaries.len(), 2);
    let cases = [(1, 2, vec![2, 4], (1, 3)), (2, 4, vec![1, 3], (2, 6))];
    for (story, copies, outlets, (first, last)) in cases {
        assert_eq!(
            summaries.get(story).unwrap(),
            Summary {
                first_published: Some(d(first)),
                last_published: Some(d(last)),
                copies,
                outlets,
            },
            "story {story}"
        );
    }
    assert_eq!(summaries.get(3), None);
}

/// A finished spill of articles 1, 2, … given as (day, outlet, text).
fn spill_of(dir: &std::path::Path, inputs: &[(Option<u32>, Option<u32>, &String)]) -> SpillReader {
    let mut spill = Spill::create(&dir.join("spill")).unwrap();
    for (i, (day, source, text)) in inputs.iter().enumerate() {
        spill
            .push(&StoryInput {
                article_id: i as u64 + 1,
                published: day.map(d),
                source: *source,
                duplicate_of: None,
                sketch: Sketch::of(text),
            })
            .unwrap();
    }
    spill.finish().unwrap()
}
