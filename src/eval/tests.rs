//! Scoring rules: scores, span overlap, date and figure matching.

use super::*;

#[test]
fn scores() {
    let s = Score {
        gold: 10,
        predicted: 8,
        right: 6,
    };
    assert!((s.precision() - 0.75).abs() < 1e-9);
    assert!((s.recall() - 0.6).abs() < 1e-9);
    assert!((s.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-9);
    assert_eq!(Score::default().f1(), 0.0);
}

#[test]
fn overlap_by_occurrence_or_containment() {
    let text = "On Monday he met. On Monday she left.";
    let places = occurrences(text, "on monday");
    assert_eq!(places.len(), 2);
    assert!(text_overlaps(text, &(21..27), &places, "on Monday"));
    assert!(!text_overlaps(text, &(10..16), &places, "on Monday"));
    assert!(text_overlaps(text, &(3..9), &[], "Monday"));
}

#[test]
fn each_gold_item_matches_once() {
    let text = "On Monday he met. On Monday she left.";
    // Three predictions: both "On Monday"s and "she"; the second is judged wrong.
    let spans = [0..9, 18..27, 28..31];
    let m = match_spans(
        text,
        spans.iter().cloned(),
        ["On Monday", "On Monday"].iter(),
        |p, _| p != 1,
    );
    assert_eq!(m.right(), 1);
    // The second gold item overlaps an unused prediction (1) that was not right.
    assert_eq!(m.missed().collect::<Vec<_>>(), [(1, Some(1))]);
    assert_eq!(m.unused().collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn week_tolerance() {
    let g = GoldDate {
        text: "a week ago".into(),
        start: NaiveDate::from_ymd_opt(2025, 2, 12).unwrap(),
        end: NaiveDate::from_ymd_opt(2025, 2, 19).unwrap(),
        granularity: "week".into(),
    };
    let p = |s: u32, e: u32| DateMention {
        span: 0..1,
        sentence: 0,
        kind: covtrack_core::extract::DateKind::Relative,
        granularity: covtrack_core::extract::Granularity::Week,
        date_start: NaiveDate::from_ymd_opt(2025, 2, s),
        date_end: NaiveDate::from_ymd_opt(2025, 2, e),
    };
    assert!(date_right(&p(10, 16), &g));
    assert!(!date_right(&p(8, 16), &g));
    assert!(!date_right(&p(19, 23), &g));
}
