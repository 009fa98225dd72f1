//! The bad-input matrix of `tests/fixtures/BAD_INPUTS.md`: hostile and broken files, each
//! built here by its name, run through `covtrack run` together, each checked to end up as
//! the table there says. A file missing from the table, or an outcome the table does not
//! list, fails the test.

use super::expected::tables;
use super::util::{Dir, covtrack, json, rows};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Writes the file the table calls `path` into `input` (`outside` is a folder beside it).
fn make(input: &Path, outside: &Path, path: &str) {
    // Rows of a dataset (`FILE#N`) are made with their file.
    let file = input.join(path.split('#').next().unwrap());
    let write = |bytes: &[u8]| fs::write(&file, bytes).unwrap();
    match path {
        "nested.html" => write(
            format!(
                "<html><body>{}t{}",
                "<b><i>".repeat(15_000),
                "</i></b>".repeat(15_000)
            )
            .as_bytes(),
        ),
        "divs.html" => write("<div>".repeat(200_000).as_bytes()),
        "deep.json" => write("[".repeat(100_000).as_bytes()),
        "dates.txt" => write(
            format!(
                "Talks\n\n{}",
                "Talks were on March 3, 2025. ".repeat(70_000)
            )
            .as_bytes(),
        ),
        "x5.txt" => write(format!("X\n\n{}", "x 5. ".repeat(40_000)).as_bytes()),
        "quotes.txt" => {
            let line: String = (0..110_000)
                .map(|i| ["\"", ":", " 7", "'", " 12:", "“", " 3"][i % 7])
                .collect();
            write(format!("Quotes\n\n{line}\n").as_bytes())
        }
        "numbers.txt" => write(
            b"Numbers\n\nThe bill came to $1e308. It would take 10^400 shells. \
              A count of 123456789012345678901234 people was given.\n",
        ),
        "fifo" => {
            let status = std::process::Command::new("mkfifo")
                .arg(&file)
                .status()
                .unwrap();
            assert!(status.success());
        }
        "socket" => {
            // The listener is dropped at once; the socket file stays.
            std::os::unix::net::UnixListener::bind(&file).unwrap();
        }
        "zero.txt" => std::os::unix::fs::symlink("/dev/zero", &file).unwrap(),
        "outside.txt" => {
            fs::write(outside.join("secret.txt"), "Secret\n\nNot for the tables.").unwrap();
            std::os::unix::fs::symlink(outside.join("secret.txt"), &file).unwrap()
        }
        "outside-dir" => std::os::unix::fs::symlink(outside, &file).unwrap(),
        "dated.txt" => write(b"Dated\n\nA body with a date nowhere."),
        "dated.txt.meta.json" => write(br#"{"date": "banana"}"#),
        "orphan.txt.meta.json" => write(br#"{"date": "2025-02-26"}"#),
        "metadata.jsonl#1" => write(
            b"{\"file\": \"x5.txt\", \"date\": \"2025-02-30\"}\n\
              {\"file\": \"gone.txt\", \"date\": \"2025-01-01\"}\n\
              {\"file\": \"../outside.txt\"}\n",
        ),
        "metadata.jsonl#2" | "metadata.jsonl#3" => {}
        "utf16.txt" => write(
            &"Kyiv talks\n\nNegotiators met on Monday in Geneva."
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        "noise.txt" => write(
            &(0..4096u32)
                .map(|i| ((i * 167 + 13) % 255 + 1) as u8)
                .collect::<Vec<u8>>(),
        ),
        "blank.txt" => write("\u{2003}\u{3000}\n\u{00A0}\n".as_bytes()),
        "x\\xFF.txt" | "x\\xFE.txt" => {
            let byte = if path.contains("FF") { 0xFF } else { 0xFE };
            let name = [b'x', byte, b'.', b't', b'x', b't'];
            fs::write(input.join(OsStr::from_bytes(&name)), "Odd name\n\nBody.").unwrap()
        }
        "back\\\\slash.txt" => fs::write(input.join("back\\slash.txt"), "Slash\n\nBody.").unwrap(),
        "unterminated.csv#1" => write(b"title,text\nOne,First body\nTwo,\"Second body\nThree,x\n"),
        "unterminated.csv#2" => {}
        "headless.csv" => write(b"Talks resume,Negotiators met on Monday.\nSecond,Body.\n"),
        other => panic!("BAD_INPUTS.md lists {other:?}, which this test cannot make"),
    }
}

#[test]
fn every_bad_input_is_accounted_for() {
    let md = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/BAD_INPUTS.md");
    let tables = tables(&fs::read_to_string(md).unwrap());
    let files = &tables["Files"];
    let dir = Dir::new();
    let input = dir.input();
    let outside = dir.path().join("outside");
    fs::create_dir_all(&input).unwrap();
    fs::create_dir_all(&outside).unwrap();
    for row in files {
        make(&input, &outside, &row["path"]);
    }

    let started = std::time::Instant::now();
    let out = dir.out();
    covtrack()
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .success();
    let took = started.elapsed();

    let mut got: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    for a in rows(&json(&out.join("articles.json"))) {
        let path = a["path"].as_str().unwrap().to_string();
        got.insert(path, ("article".into(), "-".into(), "-".into()));
    }
    for e in rows(&json(&out.join("errors.json"))) {
        let path = e["path"].as_str().unwrap().to_string();
        let stage = e["stage"].as_str().unwrap().to_string();
        let kind = e["kind"].as_str().unwrap().to_string();
        assert!(
            got.insert(path.clone(), ("error".into(), stage, kind))
                .is_none(),
            "{path} is both an article and an error, or two errors"
        );
    }
    let want: BTreeMap<String, (String, String, String)> = files
        .iter()
        .map(|r| {
            (
                r["path"].clone(),
                (r["outcome"].clone(), r["stage"].clone(), r["kind"].clone()),
            )
        })
        .collect();
    for (path, outcome) in &want {
        assert_eq!(got.get(path), Some(outcome), "{path}");
    }
    for path in got.keys() {
        assert!(want.contains_key(path), "{path} is not in BAD_INPUTS.md");
    }
    // The secret behind the link out of INPUT was not read.
    let articles = fs::read_to_string(out.join("articles.json")).unwrap();
    assert!(!articles.contains("Secret"));
    eprintln!(
        "bad-input matrix: {} files in {:.1} s (debug build)",
        want.len(),
        took.as_secs_f64()
    );
}
