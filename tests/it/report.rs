//! `report.html`: a page that opens offline, shows article text without running it, and
//! comes out the same from `covtrack report` as from the run.

use super::util::{Dir, covtrack, covtrack_run};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every section of the page, in the order a reader meets them.
const SECTIONS: [&str; 9] = [
    "stance",
    "holders",
    "changes",
    "topics",
    "actors",
    "figures",
    "syndicated",
    "terms",
    "evidence",
];

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
    for id in SECTIONS {
        assert!(html.contains(&format!("<section id={id}")), "section {id}");
    }
    assert!(html.matches("<svg").count() >= 3, "charts drawn");
    assert!(html.contains("week start"), "labelled x axis");
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

/// A headless Chromium on this machine (Debian's `chromium`), if there is one.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// Runs Chromium headless on `page` with `args`, killed after a minute: (stdout, stderr).
fn headless(browser: &Path, page: &Path, args: &[&str], profile: &Path) -> (String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let mut stdout = String::new();
    let started = Instant::now();
    let out_reader = std::thread::spawn(move || {
        std::io::Read::read_to_string(&mut out, &mut stdout).ok();
        stdout
    });
    while child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "chromium hung");
        std::thread::sleep(Duration::from_millis(50));
    }
    (out_reader.join().unwrap(), reader.join().unwrap())
}

/// The report as a person sees it: Chromium loads the page with no console errors and
/// every section in its DOM. Skipped, with a message, where no Chromium is installed
/// (`.ci/run` installs Debian's).
#[test]
fn report_renders_in_a_browser_with_every_section() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on PATH (apt-get install chromium)");
        return;
    };
    let dir = Dir::new();
    let input = dir.input();
    fs::create_dir_all(&input).unwrap();
    for (day, text) in [
        (
            "2025-02-17",
            "Europe offers troops\n\nFrance and Britain said they would send 30,000 troops as a reassurance force if a ceasefire holds.",
        ),
        (
            "2025-02-24",
            "No guarantees\n\nWashington refused to give Ukraine security guarantees, Trump said.",
        ),
        (
            "2025-03-03",
            "Talks\n\nNegotiators discussed security guarantees and a ceasefire in Jeddah.",
        ),
    ] {
        fs::write(input.join(format!("{day}_story.txt")), text).unwrap();
    }
    let out = dir.out();
    covtrack_run(&input, &out).output().success();
    let page = fs::canonicalize(out.join("report.html")).unwrap();
    let profile = dir.path().join("chromium-profile");
    let (dom, log) = headless(&browser, &page, &["--dump-dom"], &profile);
    for id in SECTIONS {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "section {id} in the DOM"
        );
    }
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(errors.is_empty(), "console messages: {errors:?}");
}
