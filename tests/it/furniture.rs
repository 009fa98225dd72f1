//! Site furniture learned from the corpus: `covtrack inspect` on a page of an outlet whose
//! other pages sit beside it shows none of the outlet's template (its menus, newsletter box,
//! list of other stories with their prices and dates), and `covtrack run` drops it too.

use super::util::{Dir, covtrack};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// One outlet's page: a story between the site's header and footer.
fn page(story: &str) -> String {
    format!(
        "# www.example-news.com\n\n## Metadata\n\n- **URL**: https://www.example-news.com/{slug}\n- **Domain**: www.example-news.com\n\n## Content\n\n\
         For premium support please call:\n800-290-4726\nmore ways to reach us\n\
         {story}\n\
         Don't miss our daily roundup.\n\
         Stay informed with a handpicked selection of the day's top stories, delivered to your inbox.\n\
         In Other News\n\
         I tried Trader Joe’s $2.99 best-selling snack — and it really is that good\n\
         Daylight saving time 2026: When to 'spring forward'\n\
         The 4 birth months that make the best dog parents\n",
        slug = story.len()
    )
}

fn inspect_json(file: &Path) -> Value {
    let out = covtrack().arg("inspect").arg("--json").arg(file).output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("inspect --json is JSON")
}

/// The texts of an inspected article's mentions of one kind (a stance row's term).
fn texts(v: &Value, kind: &str) -> Vec<String> {
    v[kind]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let text = if kind == "stance" {
                &r["term"]
            } else {
                &r["text"]
            };
            text.as_str().unwrap_or_default().to_string()
        })
        .collect()
}

/// Five pages, as a sentence of the template ("Daylight saving time 2026: …'spring forward'")
/// needs five pages to be learned.
#[test]
fn inspect_learns_the_outlet_template_from_the_folder() {
    let dir = Dir::new();
    let stories = [
        "Ukraine and Russia met in Geneva on Tuesday for a third round of talks.\nThe delegations agreed to exchange 300 prisoners of war.",
        "Russia launched 29 missiles at Kyiv overnight, officials said.\nRepairs to the power grid will take weeks.",
        "The European Union approved a loan of 90 billion euros on Friday.\nHungary dropped its veto after a week of talks.",
        "Zelenskyy marked four years of war from the bunker where it began.\nHe said there would be no surrender.",
        "Poland closed two border crossings with Belarus on Monday.\nTrucks queued for miles.",
    ];
    for (i, story) in stories.iter().enumerate() {
        fs::write(dir.path().join(format!("page-{i}.md")), page(story)).unwrap();
    }
    let v = inspect_json(&dir.path().join("page-3.md"));
    let body = v["article"]["body"].as_str().unwrap();
    assert_eq!(
        body,
        "Zelenskyy marked four years of war from the bunker where it began.\nHe said there would be no surrender.",
    );
    let figures = texts(&v, "figures");
    assert!(
        figures
            .iter()
            .all(|f| !f.contains("2.99") && !f.contains("birth")),
        "{figures:?}"
    );
    assert!(texts(&v, "dates").iter().all(|d| !d.contains("2026")));
}

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("COVTRACK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("corpus").is_dir().then_some(dir)
}

/// The aol.com page of issue #16: its furniture gave the dates "2026" (twice), the figures
/// "$2.99" and "4 birth months", and lines of the header and the newsletter box. Skipped
/// where the development corpus is not there.
#[test]
fn aol_page_is_free_of_its_furniture() {
    let Some(shared) = shared() else { return };
    let file = shared.join(
        "corpus/ukraine/scraped-pages-2026/scrapling_processed/aol.com_news_zelenskyy-marks-four-years-war-234537746.html.md",
    );
    let v = inspect_json(&file);
    assert!(texts(&v, "dates").is_empty(), "{:?}", texts(&v, "dates"));
    let figures = texts(&v, "figures");
    assert!(figures.iter().all(|f| f == "four years"), "{figures:?}");
    let stance = texts(&v, "stance");
    assert_eq!(stance, ["ammunition"]);
    let body = v["article"]["body"].as_str().unwrap();
    for furniture in [
        "premium support",
        "daily roundup",
        "Trader Joe",
        "Hurricane",
        "RELATED NEWS",
        "- AOL",
        "Presidential Office",
        "Links",
    ] {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
    assert!(body.contains("I need ammunition, not a ride."));
    assert!(body.ends_with("there will be no surrender."));
}
