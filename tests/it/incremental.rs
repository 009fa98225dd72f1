//! Incremental runs: a run with the cache gives the tables a clean run over the same files
//! gives, whatever happened to the files since the last run, and reads only what changed.

use super::util::{Dir, contents, covtrack_run, json};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Rows per Parquet row group (and per group of the marks a cached run copies rows by) in
/// these tests: small, so that the fixture corpus has many groups and a cached run copies
/// some and writes others.
const GROUP_ROWS: &str = "32";

/// A run with the cache into `out`; returns its `run.json` counts.
fn run_cached(input: &Path, out: &Path, extra: &[&str]) -> Value {
    covtrack_run(input, out)
        .env("COVTRACK_ROW_GROUP_ROWS", GROUP_ROWS)
        .args(extra)
        .output()
        .success();
    json(&out.join("run.json"))["counts"].clone()
}

/// A run without the cache into a fresh folder: the tables the cached run must match.
fn run_clean(input: &Path, out: &Path, extra: &[&str]) {
    fs::remove_dir_all(out).ok();
    covtrack_run(input, out)
        .env("COVTRACK_ROW_GROUP_ROWS", GROUP_ROWS)
        .arg("--no-cache")
        .args(extra)
        .output()
        .success();
}

#[track_caller]
fn assert_same_tables(cached: &Path, clean: &Path, step: &str) {
    let (a, b) = (contents(cached), contents(clean));
    let names = |c: &[(String, Vec<u8>)]| c.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{step}: different files");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{step}: {name} differs from a clean run's");
    }
}

fn count(counts: &Value, key: &str) -> u64 {
    counts[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no {key} in {counts}"))
}

/// Article files of the fixture corpus a run reads.
fn article_files(counts: &Value) -> u64 {
    count(counts, "files_reused") + count(counts, "files_extracted")
}

/// Sets every file's modification time under `dir` to `t`.
fn touch_all(dir: &Path, t: SystemTime) {
    for e in walk(dir) {
        fs::File::options()
            .append(true)
            .open(&e)
            .and_then(|f| f.set_modified(t))
            .ok();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else if p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    files
}

/// The built-in lexicon with one more term, written to `path`.
fn changed_lexicon(path: &Path) {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/src/lexicon/default.toml"),
    )
    .unwrap();
    fs::write(
        path,
        format!("{text}\n# A change of the file changes its hash.\n"),
    )
    .unwrap();
}

#[test]
fn nothing_changed_reads_nothing_and_touching_reads_nothing_either() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    let first = run_cached(&input, &out, &[]);
    assert_eq!(count(&first, "files_reused"), 0);
    let tables = contents(&out);

    let again = run_cached(&input, &out, &[]);
    assert_eq!(count(&again, "files_extracted"), 0, "{again}");
    assert_eq!(count(&again, "files_reused"), article_files(&first));
    assert!(
        contents(&out) == tables,
        "a run with nothing changed changed the tables"
    );

    // New times, same bytes: compared by hash, nothing is read again.
    touch_all(&input, SystemTime::now() - Duration::from_secs(3600));
    let touched = run_cached(&input, &out, &[]);
    assert_eq!(count(&touched, "files_extracted"), 0, "{touched}");
    assert!(contents(&out) == tables);
}

/// A file that makes covtrack fail fails the same way next time: its error row is kept, so
/// an unchanged corpus is still read from the cache, not rebuilt on every run.
#[test]
fn a_file_that_makes_covtrack_fail_is_not_read_again() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    let victim = walk(&input)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .expect("an article file in the fixture corpus");
    let name = victim.file_name().unwrap().to_str().unwrap().to_string();
    let run = |out: &Path, extra: &[&str]| {
        let done = covtrack_run(&input, out)
            .env("COVTRACK_PANIC_ON", &name)
            .env("RUST_BACKTRACE", "1")
            .args(extra)
            .output()
            .success();
        // The error row reports the panic; the terminal shows no stack trace of it.
        assert!(!done.stderr.contains("panicked"), "{}", done.stderr);
        json(&out.join("run.json"))["counts"].clone()
    };
    let first = run(&out, &[]);
    assert!(count(&first, "failed_files") >= 1, "{first}");
    let errors = fs::read_to_string(out.join("errors.json")).unwrap();
    assert!(
        errors.contains("injected panic")
            && errors.contains("produce.rs:")
            && errors.contains("\"internal\""),
        "{errors}"
    );
    let tables = contents(&out);

    let again = run(&out, &[]);
    assert_eq!(count(&again, "files_extracted"), 0, "{again}");
    assert!(contents(&out) == tables, "the kept error row changed");

    // A change elsewhere rebuilds the tables from the cache, the failed file's row with them.
    fs::write(input.join("added.md"), article(1)).unwrap();
    let grown = run(&out, &[]);
    assert_eq!(count(&grown, "files_extracted"), 1, "{grown}");
    let clean = dir.path().join("clean");
    run(&clean, &["--no-cache"]);
    assert_same_tables(&out, &clean, "a failing file and one added");
}

#[test]
fn a_changed_lexicon_reads_everything_again() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    let first = run_cached(&input, &out, &[]);
    let lexicon = dir.path().join("lexicon.toml");
    changed_lexicon(&lexicon);
    let lexicon = lexicon.to_str().unwrap();
    let changed = run_cached(&input, &out, &["--lexicon", lexicon]);
    assert_eq!(count(&changed, "files_reused"), 0, "{changed}");
    assert_eq!(count(&changed, "files_extracted"), article_files(&first));
    let clean = dir.path().join("clean");
    run_clean(&input, &clean, &["--lexicon", lexicon]);
    assert_same_tables(&out, &clean, "lexicon changed");
}

/// A small deterministic generator (a linear congruential one): the test is the same on
/// every machine, and a failure names its seed and step.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// An article of the generated kind, different for each `n`.
fn article(n: usize) -> String {
    let outlets = ["example.com", "news.example.org", "wire.example.net"];
    format!(
        "---\ntitle: Talks on guarantees, part {n}\nurl: https://{}/story-{n}\ndate: 2025-0{}-1{}\n---\n\n\
         European leaders discussed security guarantees for Ukraine on day {n}. \
         The United States refused to send troops, officials said, and NATO offered $ {n} million in aid.\n\n\
         Subscribe to our newsletter\n",
        outlets[n % 3],
        1 + n % 9,
        n % 10
    )
}

#[test]
fn rows_of_files_before_the_first_change_are_copied_from_the_previous_run() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    let clean = dir.path().join("clean");
    run_cached(&input, &out, &[]);
    // New files that sort after every other: every full group of the tables is the
    // previous run's.
    fs::create_dir_all(input.join("zz")).unwrap();
    fs::write(input.join("zz/late.md"), article(1)).unwrap();
    let last = run_cached(&input, &out, &[]);
    assert!(count(&last, "rows_copied") > 0, "{last}");
    run_clean(&input, &clean, &[]);
    assert_same_tables(&out, &clean, "a file added last");
    // A previous file changed since it was written (here one byte of the stance JSON,
    // the length kept) is not copied from: the table is written whole, as it should be.
    let json = out.join(".runs/current/stance.json");
    let mut bytes = fs::read(&json).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&json, bytes).unwrap();
    fs::write(input.join("zz/late2.md"), article(4)).unwrap();
    let tampered = run_cached(&input, &out, &[]);
    assert!(count(&tampered, "rows_copied") > 0, "{tampered}");
    run_clean(&input, &clean, &[]);
    assert_same_tables(&out, &clean, "a previous file changed by hand");
    // One that sorts before every other: article ids move, nothing can be copied.
    fs::write(input.join("000-first.md"), article(2)).unwrap();
    let first = run_cached(&input, &out, &[]);
    assert_eq!(count(&first, "rows_copied"), 0, "{first}");
    run_clean(&input, &clean, &[]);
    assert_same_tables(&out, &clean, "a file added first");
    // Marks that do not describe the previous file (here: every hash altered) are
    // compared, found different, and nothing is copied.
    let marks = out.join(".runs/current/.reuse");
    for e in fs::read_dir(&marks).unwrap().flatten() {
        let text = fs::read_to_string(e.path()).unwrap();
        fs::write(e.path(), text.replace("\"hash\":[", "\"hash\":[1")).unwrap();
    }
    fs::write(input.join("zz/later.md"), article(3)).unwrap();
    let altered = run_cached(&input, &out, &[]);
    assert_eq!(count(&altered, "rows_copied"), 0, "{altered}");
    run_clean(&input, &clean, &[]);
    assert_same_tables(&out, &clean, "altered marks");
}

/// A page of the one outlet of [`pages_the_census_did_not_keep_are_read_when_it_keeps_them`].
fn outlet_page(n: usize, marked: bool) -> String {
    let marker = if marked {
        "Readers can reach our newsroom at any hour of the day or night.\n\n"
    } else {
        ""
    };
    format!(
        "---\ntitle: Guarantees, day {n}\nurl: https://outlet.example/day-{n}\ndate: 2025-03-0{}\n---\n\n\
         European leaders discussed security guarantees for Ukraine on day {n} of the talks.\n\n\
         {marker}Officials said the talks would go on.\n",
        1 + n % 9
    )
}

#[test]
fn pages_the_census_did_not_keep_are_read_when_it_keeps_them() {
    // One outlet with more pages than the census's sample keeps. A cached run remembers
    // the lines of the pages kept, not of the others, and reads those again only if the
    // census keeps them at the end. Here they hold a line the kept ones do not: once most
    // kept pages are removed, it is furniture, and a run that did not read them would
    // learn otherwise than a clean run.
    use covtrack_core::ingest::{IngestOptions, MetaIndex, census_page};
    use covtrack_core::source::Found;
    let dir = Dir::new();
    let (input, out) = (dir.input(), dir.out());
    let clean = dir.path().join("clean");
    fs::create_dir_all(&input).unwrap();
    const PAGES: usize = 100;
    let path = |n: usize| input.join(format!("day-{n:03}.md"));
    let mut ids = Vec::new();
    for n in 0..PAGES {
        fs::write(path(n), outlet_page(n, false)).unwrap();
        let f = Found::new(format!("day-{n:03}.md"), path(n));
        let seen = census_page(
            &f,
            &MetaIndex::default(),
            &IngestOptions::default(),
            |_, _| false,
        )
        .expect("a page of an outlet");
        ids.push((seen.id, n));
    }
    // The sample keeps the pages of smallest identity hash.
    ids.sort_unstable();
    let (kept, others) = ids.split_at(64);
    for &(_, n) in others {
        fs::write(path(n), outlet_page(n, true)).unwrap();
    }
    run_cached(&input, &out, &[]);
    for &(_, n) in &kept[..40] {
        fs::remove_file(path(n)).unwrap();
    }
    run_cached(&input, &out, &[]);
    run_clean(&input, &clean, &[]);
    assert_same_tables(&out, &clean, "kept pages removed");
    let words = |dir: &Path| {
        let articles = json(&dir.join("articles.json"));
        articles
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["words"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    // The line is furniture: the marked pages have no more words than the others.
    let w = words(&clean);
    assert_eq!(w.iter().min(), w.iter().max(), "{w:?}");
}

#[test]
fn any_sequence_of_changes_gives_the_tables_of_a_clean_run() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    let clean = dir.path().join("clean");
    let lexicon = dir.path().join("lexicon.toml");
    changed_lexicon(&lexicon);
    let lexicon_arg = lexicon.to_str().unwrap().to_string();
    let mut rng = Lcg(20261203);
    let mut made = 0usize;
    let mut with_lexicon = false;
    run_cached(&input, &out, &[]);
    for step in 0..14 {
        let files = walk(&input);
        let what = match rng.below(6) {
            0 | 1 => {
                made += 1;
                let name = input.join(format!("added/{:03}.md", rng.below(1000)));
                fs::create_dir_all(name.parent().unwrap()).unwrap();
                fs::write(&name, article(made)).unwrap();
                format!("add {}", name.display())
            }
            2 => {
                let f = &files[rng.below(files.len())];
                let mut text = fs::read(f).unwrap();
                text.extend_from_slice(
                    b"\n\nA later paragraph: the Kremlin rejected any foreign force.\n",
                );
                fs::write(f, text).unwrap();
                format!("modify {}", f.display())
            }
            3 => {
                let f = &files[rng.below(files.len())];
                fs::remove_file(f).unwrap();
                format!("delete {}", f.display())
            }
            4 => {
                touch_all(&input, SystemTime::now() - Duration::from_secs(600 + step));
                "touch all".to_string()
            }
            _ => {
                with_lexicon = !with_lexicon;
                format!("lexicon changed: {with_lexicon}")
            }
        };
        let extra: Vec<&str> = if with_lexicon {
            vec!["--lexicon", &lexicon_arg]
        } else {
            vec![]
        };
        run_cached(&input, &out, &extra);
        run_clean(&input, &clean, &extra);
        assert_same_tables(&out, &clean, &format!("step {step} ({what})"));
    }
}

#[test]
fn a_run_stopped_before_its_manifest_is_recovered_from() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    let clean = dir.path().join("clean");
    run_cached(&input, &out, &[]);
    let added = input.join("added");
    fs::create_dir_all(&added).unwrap();
    fs::write(added.join("one.md"), article(1)).unwrap();
    // Stopped after its output was committed, before the manifest: the cache still
    // describes the run before, and the output is not the run it was committed with.
    let stopped = covtrack_run(&input, &out)
        .env("COVTRACK_FAIL_BEFORE_MANIFEST", "1")
        .output();
    assert_ne!(stopped.code, Some(0));
    fs::write(added.join("two.md"), article(2)).unwrap();
    let counts = run_cached(&input, &out, &[]);
    assert!(count(&counts, "files_extracted") >= 2, "{counts}");
    run_clean(&input, &clean, &[]);
    assert_same_tables(&out, &clean, "after a stop before the manifest");

    // Stopped in the middle of its batches: the segment is half written, the manifest old.
    fs::write(added.join("three.md"), article(3)).unwrap();
    let stopped = covtrack_run(&input, &out)
        .env("COVTRACK_FAIL_AFTER_BATCHES", "2")
        .output();
    assert_eq!(stopped.code, Some(2));
    run_cached(&input, &out, &[]);
    run_clean(&input, &clean, &[]);
    assert_same_tables(&out, &clean, "after a stop mid-run");
    // Only segments the manifest names are left.
    let segments = fs::read_dir(out.join(".covtrack-cache/segments"))
        .unwrap()
        .count();
    assert!(segments <= 3, "{segments} segments left");
}
