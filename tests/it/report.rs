//! `report.html`: a page that opens offline, shows article text without running it, and
//! comes out the same from `covtrack report` as from the run.

use super::util::{Dir, covtrack, covtrack_run};
use std::fs;

#[test]
fn report_is_self_contained_and_escapes_article_text() {
    let dir = Dir::new();
    let input = dir.input();
    fs::create_dir_all(&input).unwrap();
    fs::write(
        input.join("2025-02-26_guarantees.txt"),
        "Trump rules out security guarantees\n\nPresident Trump said on Wednesday that the United States would not provide security guarantees to Ukraine <script>alert(\"pwned\")</script>.\nEurope could offer 30,000 troops as a reassurance force.\n",
    )
    .unwrap();
    fs::write(
        input.join("2025-03-12_talks.txt"),
        "Talks on a ceasefire\n\nNegotiators met in Jeddah to discuss a ceasefire and security guarantees for Kyiv.\n",
    )
    .unwrap();
    let out = dir.out();
    covtrack_run(&input, &out).output().success();
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    for id in [
        "shares", "stance", "actors", "holders", "figures", "terms", "evidence",
    ] {
        assert!(html.contains(&format!("<section id={id}")), "section {id}");
    }
    assert!(html.matches("<svg").count() >= 3, "charts drawn");
    assert!(html.contains("period start"), "labelled x axis");
    assert!(html.contains("class=legend"), "legend");
    // Trump's refusal has a holder: a bar in the holders' chart, a label in the evidence,
    // and `covtrack report` below must read both back from the tables.
    let holders = &html[html.find("<section id=holders").unwrap()..];
    assert!(holders.contains("<rect"), "a holder's bar");
    assert!(html.contains(" · holder: "), "a holder in the evidence");
    // Article text is escaped: the page runs no script at all.
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"));
    // Nothing is fetched: no external sources, stylesheets or imports.
    for fetch in ["src=", "<link", "@import", "url(", "<iframe", "<img"] {
        assert!(!html.contains(fetch), "page fetches via {fetch}");
    }
    // `covtrack report` rebuilds the same page from the tables.
    fs::remove_file(out.join("report.html")).unwrap();
    covtrack().arg("report").arg(&out).output().success();
    assert_eq!(fs::read_to_string(out.join("report.html")).unwrap(), html);
}
