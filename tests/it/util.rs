//! What the test modules share: scratch directories, the built binary run with arguments,
//! and readers for the tables a run writes.

use polars::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixture corpus: articles in every format plus inputs that must fail.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// The article the snapshot tests read: its date is in a sidecar, not in the page.
pub fn seed() -> PathBuf {
    fixtures().join("seed/trump-ukraine-europe-security-guarantees.txt")
}

/// Inputs that cannot live in git, added to every scratch copy of the corpus: a file over
/// the 1 MiB limit of [`covtrack_run`] (2 MiB of repository for one error row would be
/// waste) and a dangling link, an entry that cannot be listed.
pub const MADE_BY_TESTS: [&str; 2] = ["bad/too_big.txt", "bad/dangling.txt"];

/// A temporary directory, removed on drop. Tests read from `in/` and write to `out/`.
pub struct Dir(tempfile::TempDir);

impl Dir {
    pub fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    /// A scratch copy of the fixture corpus in `in/`, with [`MADE_BY_TESTS`].
    pub fn with_corpus() -> Dir {
        let dir = Dir::new();
        let input = dir.input();
        copy_dir(&fixtures(), &input);
        fs::write(input.join(MADE_BY_TESTS[0]), vec![b'a'; 2 * 1024 * 1024]).unwrap();
        std::os::unix::fs::symlink(input.join("bad/missing.txt"), input.join(MADE_BY_TESTS[1]))
            .unwrap();
        dir
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    pub fn input(&self) -> PathBuf {
        self.path().join("in")
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("out")
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` as a `/`-separated relative path, sorted, skipping hidden entries
/// as `covtrack run` does. Links are listed without being followed, so a dangling one counts.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, files: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{rel}/"), files);
            } else {
                files.push(rel);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, "", &mut files);
    files.sort();
    files
}

/// The built binary, ready for arguments.
pub fn covtrack() -> Cmd {
    Cmd(Command::new(env!("CARGO_BIN_EXE_covtrack")))
}

/// `covtrack run INPUT --out OUT` with the limits the fixture tests share: 1 MiB per file,
/// so `too_big.txt` need only be 2 MiB, and batches of 3, so the dozen fixtures span
/// several batches.
pub fn covtrack_run(input: &Path, out: &Path) -> Cmd {
    covtrack()
        .arg("run")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--max-file-mb", "1", "--batch-size", "3"])
}

pub struct Cmd(Command);

impl Cmd {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.0.arg(arg);
        self
    }

    pub fn args(mut self, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Cmd {
        self.0.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Cmd {
        self.0.env(key, value);
        self
    }

    /// Runs the command to the end, capturing what it printed.
    pub fn output(mut self) -> Outcome {
        let out = self.0.output().unwrap();
        Outcome {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// How a finished command ended.
pub struct Outcome {
    /// `None` when a signal ended it.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Fails the test, showing stderr, unless the command exited with 0.
    #[track_caller]
    pub fn success(self) -> Outcome {
        assert_eq!(self.code, Some(0), "stderr:\n{}", self.stderr);
        self
    }
}

pub fn json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

pub fn rows(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap()
}

/// `articles.json` of an output folder, keyed by the article's path.
pub fn articles_by_path(out: &Path) -> BTreeMap<String, Value> {
    rows(&json(&out.join("articles.json")))
        .iter()
        .map(|a| (a["path"].as_str().unwrap().to_string(), a.clone()))
        .collect()
}

pub fn parquet(bytes: &[u8]) -> DataFrame {
    ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .unwrap()
}

/// Table contents of an output directory (the files users open, not its hidden run
/// folders), except run.json's timings.
pub fn contents(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| {
            e.file_name() != "run.json" && !e.file_name().to_string_lossy().starts_with('.')
        })
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
