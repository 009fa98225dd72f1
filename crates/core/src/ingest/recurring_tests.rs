//! The census and the learned furniture, tested on invented outlets.

use super::*;

fn page(source: &str, url: &str, text: &str) -> Page {
    Page::new(source.to_string(), url, text.lines())
}

/// Ten pages of one outlet: different stories in the same template.
fn outlet_pages() -> Vec<Page> {
    (0..10)
        .map(|i| {
            let text = format!(
                "For premium support please call:\n800-290-4726\nUpdated {}:1{} PM\n\
                 Story {i} begins with its own sentence about talks number {i}.\n\
                 Stay informed with a handpicked selection of the day's top stories, delivered to your inbox.\n\
                 I tried Trader Joe’s $2.99 best-selling snack — and it really is that good\n\
                 What Happens To Hurricane Forecasters During The Offseason?",
                i + 1,
                i
            );
            page("www.aol.com", &format!("https://www.aol.com/{i}"), &text)
        })
        .collect()
}

fn census_of(pages: impl IntoIterator<Item = Page>) -> Learned {
    let mut c = Census::default();
    for p in pages {
        c.add(p);
    }
    c.learn()
}

#[test]
fn keys_fold_case_space_and_label_digits() {
    let same = [
        ("Updated 3:14 PM", "updated  10:02   pm"),
        ("800-290-4726", "800-111-2222"),
        (
            "  Don't miss our daily roundup ",
            "don't MISS our daily roundup",
        ),
        ("ÉDITION DU SOIR", "édition du soir"),
    ];
    for (a, b) in same {
        assert_eq!(line_key(a), line_key(b), "{a} / {b}");
    }
    let different = [
        // Sentences keep their digits: the day's fact is not the template.
        (
            "Russian forces did not advance on February 26.",
            "Russian forces did not advance on February 27.",
        ),
        ("Updated 3:14 PM", "Updated 3:14 PM."),
        ("Mail", "Main"),
    ];
    for (a, b) in different {
        assert_ne!(line_key(a), line_key(b), "{a} / {b}");
    }
    assert_eq!(line_key("   "), None);
    assert_eq!(line_key(&"word ".repeat(31)), None);
}

#[test]
fn template_lines_are_learned_story_lines_are_not() {
    let learned = census_of(outlet_pages());
    let furniture = [
        "For premium support please call:",
        "800-290-4726",
        "Updated 9:45 PM",
        "Stay informed with a handpicked selection of the day's top stories, delivered to your inbox.",
        "I tried Trader Joe’s $4.99 best-selling snack — and it really is that good",
        "What Happens To Hurricane Forecasters During The Offseason?",
    ];
    for line in furniture {
        assert!(learned.is_furniture("www.aol.com", line), "{line}");
    }
    let story = [
        "Story 3 begins with its own sentence about talks number 3.",
        "Zelenskyy marks four years of war from the place it began",
    ];
    for line in story {
        assert!(!learned.is_furniture("www.aol.com", line), "{line}");
    }
    // Furniture is one outlet's: the same line elsewhere is text.
    assert!(!learned.is_furniture("reuters.com", "For premium support please call:"));
}

#[test]
fn a_page_captured_again_counts_once() {
    // A live blog captured five times under one URL, each capture a paragraph longer:
    // its lines are on one page, not five.
    let blog =
        "Live: Talks in Geneva\nThe delegations met at nine.\nRussia struck Kharkiv overnight.";
    let pages = (0..5).map(|i| {
        let text = format!("{blog}\nUpdate {i}: a new paragraph with its own words {i}.");
        page("live.example", "https://live.example/blog", &text)
    });
    assert!(census_of(pages).is_empty());
    // Two honest pages sharing a headline by chance are not a template either.
    let pages = [
        page("x.example", "a", "Putin and Trump speak\nA first story."),
        page("x.example", "b", "Putin and Trump speak\nA second story."),
    ];
    assert!(census_of(pages).is_empty());
}

#[test]
fn sentences_need_more_pages_than_labels() {
    // Four pages of one outlet repeating a sentence and a label.
    let pages = (0..4).map(|i| {
        page(
            "isw.example",
            &format!("report-{i}"),
            "Key Takeaways\nRussian forces continued offensive operations but did not advance.",
        )
    });
    let learned = census_of(pages);
    assert!(learned.is_furniture("isw.example", "Key Takeaways"));
    assert!(!learned.is_furniture(
        "isw.example",
        "Russian forces continued offensive operations but did not advance."
    ));
}

#[test]
fn learning_does_not_depend_on_order_or_split() {
    let mut pages = outlet_pages();
    for i in 0..40 {
        pages.push(page(
            "other.example",
            &format!("p{i}"),
            &format!("Menu\nSection {}\nA story of its own, number {i}.", i % 4),
        ));
    }
    let forward = census_of(pages.clone());
    let backward = census_of(pages.iter().rev().cloned());
    assert_eq!(forward, backward);
    // Split into uneven parts, each counted apart, merged in another order.
    for parts in [2, 3, 7] {
        let mut censuses: Vec<Census> = (0..parts).map(|_| Census::default()).collect();
        for (i, p) in pages.iter().enumerate() {
            censuses[(i * 31 + i / 3) % parts].add(p.clone());
        }
        let merged = censuses
            .into_iter()
            .rev()
            .reduce(Census::merge)
            .expect("parts");
        assert_eq!(merged.learn(), forward, "{parts} parts");
    }
    assert!(forward.is_furniture("other.example", "Menu"));
    assert!(forward.is_furniture("other.example", "Section 2"));
}

#[test]
fn samples_stay_bounded_and_order_independent() {
    // More pages than an outlet keeps: the kept ones are the same in any order.
    let pages: Vec<Page> = (0..200)
        .map(|i| page("big.example", &format!("u{i}"), &format!("Nav\nStory {i}.")))
        .collect();
    let mut a = Census::default();
    pages.iter().cloned().for_each(|p| a.add(p));
    let mut b = Census::default();
    pages.iter().rev().cloned().for_each(|p| b.add(p));
    assert_eq!(a.pages(), RULES.pages_per_source);
    assert_eq!(a.sources, b.sources);
    // Thinning below the top of the range keeps the smallest hashes in every outlet.
    let mut t = a.clone();
    t.thin(u64::MAX / 4);
    assert!(
        t.sources
            .values()
            .flat_map(|s| s.keys())
            .all(|&id| id <= u64::MAX / 4)
    );
    let merged = b.merge(t.clone());
    assert_eq!(merged.sources, t.sources);
}

/// 300 pages of three outlets, each past its sample size: (outlet, identity, text).
fn three_outlets(
    identity: impl Fn(usize) -> String,
    text: impl Fn(usize) -> String,
) -> Vec<(String, String, String)> {
    (0..300)
        .map(|i| {
            let source = ["big.example", "mid.example", "small.example"][i % 7 % 3];
            (source.to_string(), identity(i), text(i))
        })
        .collect()
}

/// The census of every page read and counted.
fn census_of_pages(pages: &[(String, String, String)]) -> Census {
    let mut c = Census::default();
    for (s, u, t) in pages {
        c.add(page(s, u, t));
    }
    c
}

#[test]
fn pages_it_could_not_keep_change_nothing() {
    // Three outlets, each past its sample size; pages offered in two orders, each only
    // when the census could keep it, over one census and over parts merged later.
    let pages = three_outlets(
        |i| format!("u{i}"),
        |i| format!("Nav\nEdition {}\nStory {i} of its own.", i % 5),
    );
    let all = census_of_pages(&pages);
    for order in [false, true] {
        let mut offered: Vec<_> = pages.iter().collect();
        if order {
            offered.reverse();
        }
        let mut one = Census::default();
        let mut parts = [Census::default(), Census::default()];
        let mut skipped = 0;
        for (i, (s, u, t)) in offered.into_iter().enumerate() {
            let id = page_id(s, u);
            if one.could_keep(s, id) {
                one.add(Page::with_id(s.clone(), id, t.lines()));
            } else {
                skipped += 1;
            }
            let part = &mut parts[i % 2];
            if part.could_keep(s, id) {
                part.add(Page::with_id(s.clone(), id, t.lines()));
            }
        }
        assert!(skipped > 0, "the test offers pages past a full sample");
        assert_eq!(one.sources, all.sources);
        let [a, b] = parts;
        assert_eq!(a.merge(b).sources, all.sources);
    }
}

#[test]
fn pages_held_then_settled_give_the_census_of_pages_read() {
    // Outlets past their sample size, some identities met twice with other lines; a third
    // of the pages are held (their lines not at hand) and settled only if still kept at
    // the end, in another order than they were met.
    let pages = three_outlets(
        |i| format!("u{}", i % 250),
        |i| format!("Nav\nEdition {}\nStory {i}.", i % 4),
    );
    let all = census_of_pages(&pages);
    for reversed in [false, true] {
        let mut offered: Vec<_> = pages.iter().enumerate().collect();
        if reversed {
            offered.reverse();
        }
        let mut census = Census::default();
        let mut held = Vec::new();
        for (i, (s, u, t)) in offered {
            let id = page_id(s, u);
            if !census.could_keep(s, id) {
                continue;
            }
            if i % 3 == 0 {
                census.hold(s.clone(), id);
                held.push((s, id, t));
            } else {
                census.add(Page::with_id(s.clone(), id, t.lines()));
            }
        }
        let mut settled = 0;
        for (s, id, t) in held.iter().rev() {
            if census.kept(s, *id).is_some() {
                census.add(Page::with_id(s.to_string(), *id, t.lines()));
                settled += 1;
            }
        }
        assert!(
            settled > 0 && settled < held.len(),
            "{settled} of {}",
            held.len()
        );
        assert_eq!(census.sources, all.sources, "reversed: {reversed}");
    }
}

#[test]
fn a_held_page_forgotten_is_as_if_never_counted() {
    let mut census = Census::default();
    census.add(page("a.example", "u1", "Nav\nOne."));
    census.hold("a.example".into(), page_id("a.example", "u2"));
    census.hold("b.example".into(), page_id("b.example", "u3"));
    assert!(census.holds("a.example", page_id("a.example", "u2")));
    census.forget("a.example", page_id("a.example", "u2"));
    census.forget("b.example", page_id("b.example", "u3"));
    // A page read is not forgotten.
    census.forget("a.example", page_id("a.example", "u1"));
    let mut read = Census::default();
    read.add(page("a.example", "u1", "Nav\nOne."));
    assert_eq!(census.pages(), 1);
    assert_eq!(census.sources, read.sources);
}

#[test]
fn strip_drops_learned_lines_keeps_the_rest() {
    let learned = census_of(outlet_pages());
    let body = "Story 12 begins here.\n\nFor premium support please call:\n\n800-000-0000\n\nThe end of story 12.".to_string();
    assert_eq!(
        learned.strip(Some("www.aol.com"), body.clone()),
        "Story 12 begins here.\n\nThe end of story 12."
    );
    assert_eq!(learned.strip(Some("elsewhere"), body.clone()), body);
    assert_eq!(learned.strip(None, body.clone()), body);
}

#[test]
fn strip_witnessed_strips_as_strip_does_and_witnesses_the_body_it_was_given() {
    let learned = census_of(outlet_pages());
    let body = "Story 12 begins here.\n\nFor premium support please call:\n\n800-000-0000\n\nThe end of story 12.".to_string();
    for source in [Some("www.aol.com"), Some("elsewhere"), None] {
        let (stripped, witnessed) = learned.strip_witnessed(source, body.clone(), true);
        assert_eq!(stripped, learned.strip(source, body.clone()), "{source:?}");
        assert_eq!(witnessed, witness(&body), "{source:?}");
        assert!(!witnessed.is_empty());
        let (_, unasked) = learned.strip_witnessed(source, body.clone(), false);
        assert!(unasked.is_empty(), "{source:?}");
    }
}
