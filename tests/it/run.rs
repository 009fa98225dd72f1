//! `covtrack run` on the fixture corpus: every file accounted for, the exit code, output
//! that is deterministic and replaced whole, tables that read back with their types, and
//! the flags that narrow a run.

use super::util::{
    Dir, contents, covtrack, covtrack_run, files_under, fixtures, json, parquet, rows,
};
use polars::prelude::*;
use std::collections::BTreeSet;
use std::fs;

#[test]
fn every_file_is_an_article_or_an_error() {
    let dir = Dir::with_corpus();
    let out = dir.out();
    covtrack_run(&dir.input(), &out).output().success();

    let run_json = json(&out.join("run.json"));
    let c = &run_json["counts"];
    let n = |k: &str| c[k].as_u64().unwrap();
    assert_eq!(n("files_found"), 15);
    assert_eq!(n("metadata_files"), 2, "manifest and sidecar");
    assert_eq!(
        n("article_files") + n("failed_files") + n("metadata_files"),
        n("files_found")
    );

    let errors = json(&out.join("errors.json"));
    let mut kinds: Vec<(String, String)> = rows(&errors)
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    kinds.sort();
    let expected = [
        ("bad/binary.txt", "binary"),
        ("bad/dangling.txt", "unreadable"),
        ("bad/empty.txt", "empty"),
        ("bad/ragged.csv#2", "bad_record"),
        ("bad/too_big.txt", "too_large"),
        ("bad/truncated.json", "malformed"),
        ("records/two_good_one_bad.jsonl#2", "bad_record"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, k)| (p.to_string(), k.to_string()))
        .collect();
    assert_eq!(kinds, expected);
    for e in rows(&errors) {
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    // Failed files: binary, dangling, empty, too_big, truncated. The ragged CSV and the
    // JSONL with one bad line still gave articles.
    assert_eq!(n("failed_files"), 5);

    let articles = json(&out.join("articles.json"));
    let by_path = |p: &str| {
        rows(&articles)
            .iter()
            .find(|a| a["path"] == p)
            .unwrap_or_else(|| panic!("no article {p}"))
            .clone()
    };
    assert_eq!(n("articles"), rows(&articles).len() as u64);
    let latin = by_path("bad/windows_1252.txt");
    assert_eq!(latin["title"], "Kyiv “talks” resume");
    assert_eq!(latin["encoding"], "windows-1252");
    let csv_rows: Vec<_> = rows(&articles)
        .iter()
        .filter(|a| a["path"].as_str().unwrap().starts_with("bad/ragged.csv#"))
        .collect();
    assert_eq!(csv_rows.len(), 2);
    assert_eq!(csv_rows[0]["published"], "2022-05-10");
    let jsonl = by_path("records/two_good_one_bad.jsonl#3");
    assert_eq!(jsonl["published_from"], "record");

    // ISO-8859-15 page: declared charset honoured, date from its metadata.
    let elmundo = by_path("html/elmundo.es-PSOE.html");
    assert_eq!(elmundo["published"], "2023-11-02");
    assert_eq!(elmundo["encoding"], "ISO-8859-15");

    // The same text under two names: the later one points at the first.
    let first = by_path("gdelt/20220214T064500Z_GB_en_cbd6a764f4.txt");
    let copy = by_path("gdelt/20220215T103000Z_GB_en_copy.txt");
    assert_eq!(copy["duplicate_of"], first["article_id"]);
    assert!(first["duplicate_of"].is_null());
    assert_eq!(n("duplicates"), 1);
    // An exact copy is a copy of the story too.
    assert_eq!(copy["story_id"], first["article_id"]);
    assert_eq!(first["story_id"], first["article_id"]);

    assert_eq!(n("stories") + n("copies"), n("articles"));
    let stories = json(&out.join("stories.json"));
    assert_eq!(rows(&stories).len() as u64, n("stories"));
    let story = rows(&stories)
        .iter()
        .find(|s| s["story_id"] == first["article_id"])
        .expect("the duplicated story");
    assert_eq!(story["copies"], 2);

    // Metadata from the manifest.
    let md = by_path("scraped/crawl_f1387f1ea541.md");
    assert_eq!(md["published_from"], "manifest");
    assert_eq!(md["published"], "2026-01-26");
}

#[test]
fn seed_article_title_date_and_clean_body() {
    let dir = Dir::new();
    let out = dir.out();
    covtrack_run(&fixtures().join("seed"), &out)
        .output()
        .success();
    let articles = json(&out.join("articles.json"));
    let seed = &rows(&articles)[0];
    assert_eq!(
        seed["title"],
        "Trump Says Ukraine Should Look to Europe for Any Security Guarantees"
    );
    assert_eq!(seed["published"], "2025-02-26");
    assert_eq!(seed["published_from"], "sidecar");
    assert_eq!(seed["source"], "The New York Times");
    // The analysed text is headline + body: check the body through `inspect --json`.
    let inspect = covtrack()
        .args(["inspect", "--json"])
        .arg(super::util::seed())
        .output()
        .success();
    let v: serde_json::Value = serde_json::from_str(&inspect.stdout).unwrap();
    let body = v["article"]["body"].as_str().unwrap();
    assert!(!body.contains("Site icon"));
    assert!(!body.contains("Exit mobile version"));
    assert!(!body.contains("Trump Says Ukraine Should Look to Europe"));
}

#[test]
fn strict_turns_failures_into_exit_code() {
    let dir = Dir::with_corpus();
    let out = dir.out();
    let result = covtrack_run(&dir.input(), &out).arg("--strict").output();
    assert_eq!(result.code, Some(1));
    assert!(
        out.join("articles.parquet").exists(),
        "tables are still written"
    );
    covtrack_run(&fixtures().join("seed"), &dir.path().join("out2"))
        .arg("--strict")
        .output()
        .success();
}

#[test]
fn runs_are_deterministic_across_threads_and_batches() {
    let dir = Dir::with_corpus();
    let input = dir.input();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    covtrack_run(&input, &a)
        .args(["--threads", "1"])
        .output()
        .success();
    // Not `covtrack_run`: its batch size is the thing that must not matter here.
    covtrack()
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&b)
        .args(["--max-file-mb", "1", "--batch-size", "64", "--threads", "2"])
        .output()
        .success();
    let (ca, cb) = (contents(&a), contents(&b));
    assert_eq!(ca.len(), cb.len());
    for ((na, da), (nb, db)) in ca.iter().zip(&cb) {
        assert_eq!(na, nb);
        if na.ends_with(".parquet") {
            // Row groups follow the batch size, so compare the tables, not the bytes.
            assert!(
                parquet(da).equals_missing(&parquet(db)),
                "{na} differs between runs"
            );
        } else {
            assert!(da == db, "{na} differs between runs");
        }
    }
    // The same options twice give the same bytes.
    let c = dir.path().join("c");
    covtrack_run(&input, &c)
        .args(["--threads", "1"])
        .output()
        .success();
    assert!(contents(&a) == contents(&c), "identical runs differ");
}

#[test]
fn failed_run_leaves_previous_output_whole() {
    let dir = Dir::with_corpus();
    let input = dir.input();
    let out = dir.out();
    covtrack_run(&input, &out).output().success();
    let before = contents(&out);
    let run_before = fs::read(out.join("run.json")).unwrap();
    // Without the cache, which would keep the output of a corpus that did not change.
    let failed = covtrack_run(&input, &out)
        .arg("--no-cache")
        .env("COVTRACK_FAIL_AFTER_BATCHES", "2")
        .output();
    assert_eq!(failed.code, Some(2));
    assert!(failed.stderr.contains("injected failure"));
    assert_eq!(contents(&out), before);
    assert_eq!(fs::read(out.join("run.json")).unwrap(), run_before);
    // The failed run's folder is gone and its lock released: what is left is the link to
    // the current run and that run's folder.
    let runs: Vec<String> = fs::read_dir(out.join(".runs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert!(runs.contains(&"current".to_string()), "{runs:?}");
    assert!(!out.join(".lock").exists(), "lock released");
}

#[test]
fn parquet_tables_read_back_with_polars() {
    let dir = Dir::with_corpus();
    let out = dir.out();
    covtrack_run(&dir.input(), &out).output().success();
    let read = |name: &str| parquet(&fs::read(out.join(format!("{name}.parquet"))).unwrap());
    let articles = read("articles");
    let schema = articles.schema();
    let dtype = |n: &str| {
        schema
            .get(n)
            .unwrap_or_else(|| panic!("no column {n}"))
            .clone()
    };
    assert_eq!(dtype("article_id"), DataType::UInt64);
    assert_eq!(dtype("path"), DataType::String);
    assert_eq!(dtype("published"), DataType::Date);
    assert_eq!(dtype("published_from"), DataType::String);
    assert_eq!(dtype("chars"), DataType::UInt64);
    assert_eq!(dtype("words"), DataType::UInt64);
    assert_eq!(dtype("sentences"), DataType::UInt64);
    assert_eq!(dtype("duplicate_of"), DataType::UInt64);
    for col in [
        "source", "url", "title", "format", "dates", "figures", "stance",
    ] {
        assert!(schema.get(col).is_some(), "articles.{col}");
    }
    let run_json = json(&out.join("run.json"));
    assert_eq!(
        articles.height() as u64,
        run_json["counts"]["articles"].as_u64().unwrap()
    );
    let stance = read("stance");
    assert_eq!(
        stance.schema().get("actors").unwrap(),
        &DataType::List(Box::new(DataType::String))
    );
    assert_eq!(stance.schema().get("holder").unwrap(), &DataType::String);
    // actor_timeline: both roles, in Parquet and in JSON alike.
    let actors = read("actor_timeline");
    assert_eq!(actors.schema().get("role").unwrap(), &DataType::String);
    assert_eq!(actors.schema().get("stated").unwrap(), &DataType::UInt32);
    let actors_json = json(&out.join("actor_timeline.json"));
    let actors_json = rows(&actors_json);
    assert_eq!(actors_json.len(), actors.height());
    // serde_json's maps sort their keys: compare the sets.
    let keys: BTreeSet<&str> = actors_json[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let columns: BTreeSet<&str> = actors
        .get_column_names()
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(keys, columns);
    for role in ["named", "holder"] {
        assert!(
            actors_json
                .iter()
                .any(|r| r["role"] == role && r["mentions"] != 0),
            "{role} rows"
        );
    }
    let dates = read("dates");
    assert_eq!(dates.schema().get("date_start").unwrap(), &DataType::Date);
    let errors = read("errors");
    assert_eq!(errors.height(), 7);
    let figures = read("figures");
    assert_eq!(figures.schema().get("value").unwrap(), &DataType::Float64);
}

#[test]
fn bad_flags_are_clear_errors() {
    let out = covtrack().args(["run", "does-not-exist"]).output();
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("does not exist"));
    let out = covtrack()
        .arg("run")
        .arg(fixtures())
        .args(["--since", "yesterday"])
        .output();
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("YYYY-MM-DD"));
    // A focus topic the lexicon lacks is refused before anything is read, naming the
    // topics there are.
    let dir = Dir::new();
    let out = covtrack_run(&fixtures(), &dir.out())
        .args(["--focus", "peace_dividend"])
        .output();
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("\"peace_dividend\" is not in the lexicon"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("security_guarantee"), "{}", out.stderr);
    assert!(!dir.out().exists(), "nothing written for a refused run");
}

#[test]
fn partitioned_mention_tables_hold_every_row_under_its_period() {
    let dir = Dir::new();
    let out = dir.out();
    covtrack_run(&fixtures(), &out)
        .arg("--partition-by-period")
        .output()
        .success();
    for table in ["dates", "figures", "stance"] {
        let whole = polars::prelude::ParquetReader::new(
            std::fs::File::open(out.join(format!("{table}.parquet"))).unwrap(),
        )
        .num_rows()
        .unwrap();
        let root = out.join("partitioned").join(table);
        let mut rows = 0;
        let mut periods = Vec::new();
        for entry in std::fs::read_dir(&root).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(name.starts_with("period="), "{name}");
            periods.push(name);
            let file = std::fs::File::open(entry.path().join("part-0.parquet")).unwrap();
            rows += polars::prelude::ParquetReader::new(file)
                .num_rows()
                .unwrap();
        }
        assert_eq!(rows, whole, "{table}");
        assert!(periods.len() > 3, "{table}: {periods:?}");
        // Weeks start on Mondays; undated articles' rows are in the null partition.
        for p in &periods {
            let day = p.trim_start_matches("period=");
            if day != "__HIVE_DEFAULT_PARTITION__" {
                let d: chrono::NaiveDate = day.parse().unwrap();
                assert_eq!(chrono::Datelike::weekday(&d), chrono::Weekday::Mon, "{p}");
            }
        }
    }
    // Partitions are Parquet files: a JSON-only run cannot have them.
    let refused = covtrack_run(&fixtures(), &dir.path().join("json-only"))
        .args(["--format", "json", "--partition-by-period"])
        .output();
    assert_eq!(refused.code, Some(2));
    assert!(
        refused.stderr.contains("--format parquet"),
        "{}",
        refused.stderr
    );
}

#[test]
fn json_only_runs_write_no_parquet_and_the_report_says_what_it_needs() {
    let dir = Dir::new();
    let out = dir.out();
    covtrack_run(&fixtures(), &out)
        .args(["--format", "json"])
        .output()
        .success();
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n == "stance.json"), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".parquet")), "{names:?}");
    let report = covtrack().arg("report").arg(&out).output();
    assert_eq!(report.code, Some(2));
    assert!(
        report.stderr.contains("--format parquet"),
        "{}",
        report.stderr
    );
}

#[test]
fn since_until_and_period() {
    let dir = Dir::new();
    let out = dir.out();
    covtrack_run(&fixtures(), &out)
        .args([
            "--since",
            "2022-01-01",
            "--until",
            "2022-12-31",
            "--period",
            "month",
        ])
        .output()
        .success();
    let articles = json(&out.join("articles.json"));
    for a in rows(&articles) {
        if let Some(p) = a["published"].as_str() {
            assert!(p.starts_with("2022-"), "{p} outside the window");
        }
    }
    let run_json = json(&out.join("run.json"));
    // The seed (2025), the scraped page (2026) and the El Mundo page (2023) are left out.
    assert_eq!(run_json["counts"]["out_of_range"], 3);
    assert_eq!(run_json["options"]["period"], "month");
    let timeline = json(&out.join("timeline.json"));
    for r in rows(&timeline) {
        let p = r["period"].as_str().unwrap();
        assert!(
            p.starts_with("2022-") && p.ends_with("-01"),
            "monthly period {p}"
        );
    }
}

#[test]
fn output_that_is_or_holds_the_input_is_refused() {
    let dir = Dir::with_corpus();
    let input = dir.input();
    let before = files_under(&input);
    let same = covtrack_run(&input, &input).output();
    assert_eq!(same.code, Some(2));
    assert!(
        same.stderr.contains("is the input folder"),
        "{}",
        same.stderr
    );
    let holds = covtrack_run(&input, dir.path()).output();
    assert_eq!(holds.code, Some(2));
    assert!(
        holds.stderr.contains("lies inside --out"),
        "{}",
        holds.stderr
    );
    assert_eq!(
        files_under(&input),
        before,
        "nothing written into the input"
    );
}

#[test]
fn a_second_run_into_the_same_output_is_refused_while_the_first_holds_it() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    covtrack_run(&input, &out).output().success();
    // A lock held by a running process (this test's own).
    fs::write(out.join(".lock"), format!("{}\n", std::process::id())).unwrap();
    let refused = covtrack_run(&input, &out).output();
    assert_eq!(refused.code, Some(2));
    assert!(
        refused.stderr.contains("another covtrack run"),
        "{}",
        refused.stderr
    );
    // A lock left by a process that is gone is taken over.
    fs::write(out.join(".lock"), "4000000000\n").unwrap();
    covtrack_run(&input, &out).output().success();
    assert!(!out.join(".lock").exists());
}

#[test]
fn formats_not_written_by_the_last_run_are_gone() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    covtrack_run(&input, &out).output().success();
    assert!(out.join("stance.json").exists());
    covtrack_run(&input, &out)
        .args(["--format", "parquet"])
        .output()
        .success();
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with(".json") || n == "run.json"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "stance.parquet"), "{names:?}");
}

#[test]
fn an_interrupted_run_says_so_and_keeps_the_previous_output() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    covtrack_run(&input, &out).output().success();
    let before = contents(&out);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_covtrack"))
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--batch-size", "1", "--quiet"])
        .env("COVTRACK_BATCH_PAUSE_MS", "300")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(900));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted, previous output kept"),
        "{stderr}"
    );
    assert_eq!(contents(&out), before);
    assert!(!out.join(".lock").exists());
}

#[test]
fn a_broken_table_is_named_by_the_report() {
    let dir = Dir::with_corpus();
    let (input, out) = (dir.input(), dir.out());
    covtrack_run(&input, &out).output().success();
    let table = out.join("timeline.parquet");
    let bytes = fs::read(&table).unwrap();
    let target = fs::canonicalize(&table).unwrap();
    fs::write(&target, &bytes[..bytes.len() / 2]).unwrap();
    let report = covtrack().arg("report").arg(&out).output();
    assert_eq!(report.code, Some(2));
    assert!(
        report.stderr.contains("timeline.parquet"),
        "{}",
        report.stderr
    );
}

#[test]
fn a_file_over_its_time_budget_is_an_error_row_and_the_run_goes_on() {
    let dir = Dir::new();
    let input = dir.input();
    fs::create_dir_all(&input).unwrap();
    fs::write(
        input.join("long.txt"),
        format!("Long\n\n{}", "Talks were on March 3, 2025. ".repeat(20_000)),
    )
    .unwrap();
    fs::write(
        input.join("short.txt"),
        "Short\n\nA ceasefire was agreed on Monday.",
    )
    .unwrap();
    let out = dir.out();
    // A budget far too small for the long file: it is stopped at its first check and
    // reported, and the run still finishes its tables (exit 1 only because of --strict).
    let run = covtrack_run(&input, &out)
        .args(["--file-timeout", "0.000001", "--strict"])
        .output();
    assert_eq!(
        run.code,
        Some(1),
        "--strict: an input failed; {}",
        run.stderr
    );
    let errors = json(&out.join("errors.json"));
    let long = rows(&errors)
        .iter()
        .find(|e| e["path"] == "long.txt")
        .expect("long.txt is an error row");
    assert_eq!(long["kind"], "timeout");
    assert_eq!(long["stage"], "extract");
}
