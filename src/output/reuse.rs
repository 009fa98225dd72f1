//! The mention tables' rows that the previous run already wrote, copied rather than written
//! again.
//!
//! A run that adds a day's files to a large corpus produces the same rows as the run before
//! it for every article that sorts before the new files: article ids follow sorted paths.
//! Writing those rows again (Parquet encoding, JSON escaping) was most of such a run's
//! time. So every streamed table's file leaves marks for the next run: for each full row
//! group (every [`row_group_rows`](super::row_group_rows) rows), a hash of its rows and,
//! for JSON, where its last row ends. A run with the cache hashes its rows group by group
//! as they stream and compares them with the previous run's marks, in order; while they
//! match, nothing is written. At the first group that differs (or at the end) the matched
//! groups are copied from the previous file — JSON bytes up to a mark, Parquet row groups
//! undecoded ([`super::splice`]) — and the rows from there on are written as usual.
//!
//! The comparison is of the rows themselves (a 128-bit hash of each group's rows, field by
//! field), not of what the cache believes changed, so a copied row is a row this run
//! would have written, whatever happened to the files; the output is byte for byte that
//! of a run that writes every row. Rows are held (shared, not copied) until their group is
//! matched: at most one group's worth per table.

use super::splice::{Footer, splice};
use super::table::TableFiles;
use crate::tables::{Batch, Table, to_frame};
use anyhow::{Context, Result};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

/// Which of a table's files a stream writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Parquet,
    Json,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Parquet => "parquet",
            Kind::Json => "json",
        }
    }
}

/// The folder of a run's marks, inside its folder.
const MARKS_DIR: &str = ".reuse";

/// A file's marks, as the run that wrote it left them.
#[derive(Debug, Serialize, Deserialize)]
struct Marks {
    /// Marks of another version or group size are not used.
    version: String,
    group_rows: usize,
    /// The file's length and modification time when it was finished: a file changed since
    /// (by hand, or by a tool that rewrote it) is not copied from.
    file: Stamp,
    groups: Vec<Mark>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified_ns: u128,
}

impl Stamp {
    fn of(path: &Path) -> Result<Stamp> {
        let m = fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        let modified_ns = m
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ok(Stamp {
            len: m.len(),
            modified_ns,
        })
    }
}

/// One full group of rows: the hash of its rows and, in a JSON file, the byte just past
/// its last row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Mark {
    hash: [u64; 2],
    json_end: Option<u64>,
}

/// The hash of a group's rows, fed row by row, field by field.
#[derive(Default)]
struct GroupHash {
    fields: Fields,
    rows: usize,
}

/// A row's fields on their way to the hash. Short ones are gathered in a buffer and
/// hashed a block at a time: fed one by one, their many small updates (a few bytes each)
/// were a copy each, and most of the cached stream's time. Long ones (sentences) go
/// straight to the hash, after what was gathered before them.
#[derive(Default)]
struct Fields {
    hash: Xxh3,
    gathered: Vec<u8>,
}

/// Fields this long are hashed in place, not gathered.
const LONG_FIELD: usize = 256;
/// Bytes gathered before they are hashed.
const HASH_BLOCK: usize = 1 << 14;

impl std::hash::Hasher for Fields {
    fn write(&mut self, bytes: &[u8]) {
        if bytes.len() >= LONG_FIELD {
            self.hash.update(&self.gathered);
            self.gathered.clear();
            self.hash.update(bytes);
        } else {
            self.gathered.extend_from_slice(bytes);
            if self.gathered.len() >= HASH_BLOCK {
                self.hash.update(&self.gathered);
                self.gathered.clear();
            }
        }
    }

    fn finish(&self) -> u64 {
        self.hash.digest()
    }
}

impl GroupHash {
    fn add<R: Table>(&mut self, row: &R) {
        row.feed(&mut self.fields);
        self.rows += 1;
    }

    /// The group's hash; starts the next group.
    fn finish(&mut self) -> [u64; 2] {
        let f = &mut self.fields;
        f.hash.update(&f.gathered);
        f.gathered.clear();
        let h = f.hash.digest128();
        f.hash.reset();
        self.rows = 0;
        [(h >> 64) as u64, h as u64]
    }
}

/// The previous run's file of the table, while its groups are being matched.
struct Matching {
    file: Previous,
    marks: Vec<Mark>,
    /// The batches holding this group's rows so far, each from the row it starts at.
    held: Vec<(Arc<Batch>, usize)>,
}

enum Previous {
    Parquet(Box<Footer>),
    Json(PathBuf),
}

/// One of a streamed table's files, with its marks.
pub struct Streaming<R: 'static> {
    files: TableFiles,
    kind: Kind,
    pick: fn(&Batch) -> &[R],
    group_rows: usize,
    /// Whether the file stays in the run's folder, and so leaves marks.
    marked: bool,
    group: GroupHash,
    marks: Vec<Mark>,
    matching: Option<Matching>,
    /// Rows copied from the previous run's file.
    copied: u64,
    /// A Parquet file with a copied prefix: the previous file, where the spliced file goes,
    /// and the groups copied (this run's rows went to a tail file).
    spliced: Option<(Footer, PathBuf, usize)>,
}

impl<R: Table + 'static> Streaming<R> {
    pub(super) fn new(files: TableFiles, kind: Kind, pick: fn(&Batch) -> &[R]) -> Streaming<R> {
        let marked = match kind {
            Kind::Parquet => files.formats.parquet && files.parquet_dir == files.dir,
            Kind::Json => files.formats.json,
        };
        Streaming {
            files,
            kind,
            pick,
            group_rows: super::row_group_rows(),
            marked,
            group: GroupHash::default(),
            marks: Vec::new(),
            matching: None,
            copied: 0,
            spliced: None,
        }
    }

    /// An empty stream of the same file, to stand in for one that was finished.
    pub(super) fn placeholder(&self) -> Streaming<R> {
        Streaming::new(self.files.empty_like(), self.kind, self.pick)
    }

    /// Where its Parquet file is (when the stream writes one).
    pub(super) fn parquet_path(&self) -> PathBuf {
        match &self.spliced {
            Some((_, dest, _)) => dest.clone(),
            None => self.files.parquet_path(),
        }
    }

    fn writes(&self) -> bool {
        match self.kind {
            Kind::Parquet => self.files.formats.parquet,
            Kind::Json => self.files.formats.json,
        }
    }

    /// Compares the rows to come with the previous run's file of this table in `dir`,
    /// when it left marks this run can use; without them, every row is written.
    pub(super) fn match_previous(&mut self, dir: &Path) {
        if !self.writes() {
            return;
        }
        self.matching = self.previous(dir).filter(|m| !m.marks.is_empty());
    }

    fn previous(&self, dir: &Path) -> Option<Matching> {
        let name = self.files.name;
        let ext = self.kind.extension();
        let text = fs::read(dir.join(MARKS_DIR).join(format!("{name}.{ext}.json"))).ok()?;
        let marks: Marks = serde_json::from_slice(&text).ok()?;
        if marks.version != env!("CARGO_PKG_VERSION") || marks.group_rows != self.group_rows {
            return None;
        }
        let mut groups = marks.groups;
        let path = dir.join(format!("{name}.{ext}"));
        if Stamp::of(&path).ok()? != marks.file {
            return None;
        }
        let file = match self.kind {
            Kind::Parquet => {
                let old = Footer::read(&path).ok()?;
                if !old.same_schema(&empty_footer::<R>(&self.files).ok()?) {
                    return None;
                }
                let full = old
                    .meta
                    .row_groups
                    .iter()
                    .take_while(|g| g.num_rows == self.group_rows as i64)
                    .count();
                groups.truncate(full);
                Previous::Parquet(Box::new(old))
            }
            Kind::Json => {
                let within = groups
                    .iter()
                    .take_while(|m| m.json_end.is_some_and(|e| e < marks.file.len))
                    .count();
                groups.truncate(within);
                Previous::Json(path)
            }
        };
        Some(Matching {
            file,
            marks: groups,
            held: Vec::new(),
        })
    }

    /// Takes a batch's rows of this table.
    pub fn take(&mut self, batch: &Arc<Batch>) -> Result<()> {
        let rows = (self.pick)(batch);
        let Some(m) = self.matching.as_mut() else {
            return self.write(rows);
        };
        m.held.push((Arc::clone(batch), 0));
        for (i, row) in rows.iter().enumerate() {
            self.group.add(row);
            if self.group.rows < self.group_rows {
                continue;
            }
            let hash = self.group.finish();
            let mark = m.marks[self.marks.len()];
            if mark.hash != hash {
                return self.stop_matching();
            }
            self.marks.push(mark);
            m.held.clear();
            m.held.push((Arc::clone(batch), i + 1));
            if self.marks.len() == m.marks.len() {
                return self.stop_matching();
            }
        }
        Ok(())
    }

    /// Copies the matched groups from the previous file, then writes the rows held since.
    fn stop_matching(&mut self) -> Result<()> {
        let Some(m) = self.matching.take() else {
            return Ok(());
        };
        self.group = GroupHash::default();
        let groups = self.marks.len();
        if groups > 0 {
            self.copied = (groups * self.group_rows) as u64;
            match m.file {
                Previous::Parquet(old) => {
                    let dest = self.files.parquet_path();
                    let tail = self.files.dir.join(super::SCRATCH).join("tail");
                    fs::create_dir_all(&tail)
                        .with_context(|| format!("creating {}", tail.display()))?;
                    self.files.parquet_dir = tail;
                    self.spliced = Some((*old, dest, groups));
                }
                Previous::Json(old) => {
                    let end = self.marks[groups - 1]
                        .json_end
                        .expect("JSON marks have ends");
                    self.files.start_json_from(&old, end, self.copied)?;
                }
            }
        }
        for (batch, from) in &m.held {
            self.write(&(self.pick)(batch)[*from..])?;
        }
        Ok(())
    }

    /// Writes rows, marking each full group.
    fn write(&mut self, mut rows: &[R]) -> Result<()> {
        if !self.marked {
            return self.files.write_rows(rows);
        }
        while !rows.is_empty() {
            let (now, rest) = rows.split_at((self.group_rows - self.group.rows).min(rows.len()));
            for row in now {
                self.group.add(row);
            }
            self.files.write_rows(now)?;
            if self.group.rows == self.group_rows {
                let hash = self.group.finish();
                let json_end = match self.kind {
                    Kind::Json => Some(self.files.json_position()?),
                    Kind::Parquet => None,
                };
                self.marks.push(Mark { hash, json_end });
            }
            rows = rest;
        }
        Ok(())
    }

    /// Closes the file (splicing a copied Parquet prefix to this run's rows) and leaves its
    /// marks; returns the rows in the file and how many of them were copied.
    pub fn finish(mut self) -> Result<(u64, u64)> {
        self.stop_matching()?;
        // An empty table still gets its file, with the table's schema.
        self.files.write_rows::<R>(&[])?;
        let (name, dir) = (self.files.name, self.files.dir.clone());
        let tail = self.files.parquet_path();
        let ext = self.kind.extension();
        let finished = match self.kind {
            Kind::Parquet => self.parquet_path(),
            Kind::Json => dir.join(format!("{name}.{ext}")),
        };
        let written = self.files.finish()?;
        let rows = match self.kind {
            Kind::Parquet => written + self.copied,
            Kind::Json => written,
        };
        if let Some((old, dest, groups)) = &self.spliced {
            let tail = Footer::read(&tail)?;
            splice(old, *groups, Some(&tail), dest)
                .with_context(|| format!("writing {}", dest.display()))?;
            fs::remove_file(&tail.path).ok();
        }
        if self.marked {
            let marks = Marks {
                version: env!("CARGO_PKG_VERSION").to_string(),
                group_rows: self.group_rows,
                file: Stamp::of(&finished)?,
                groups: self.marks,
            };
            let folder = dir.join(MARKS_DIR);
            fs::create_dir_all(&folder)
                .with_context(|| format!("creating {}", folder.display()))?;
            let path = folder.join(format!("{name}.{ext}.json"));
            fs::write(&path, serde_json::to_vec(&marks)?)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok((rows, self.copied))
    }
}

/// The footer a file of `R`'s rows written by `files` has: its schema, to compare with a
/// previous file's. Written to memory: an empty file is a few hundred bytes.
fn empty_footer<R: Table>(files: &TableFiles) -> Result<Footer> {
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_compression(files.compression)
        .with_statistics(StatisticsOptions::default())
        .finish(&mut to_frame::<R>(&[])?)?;
    Footer::parse(&bytes, Path::new(files.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::StanceRow;

    fn hash(rows: &[StanceRow]) -> [u64; 2] {
        let mut g = GroupHash::default();
        for r in rows {
            g.add(r);
        }
        g.finish()
    }

    fn row(term: &str, topic: &str, sentence: &str) -> StanceRow {
        StanceRow {
            article_id: 7,
            term: term.into(),
            topic: topic.into(),
            sentence_text: sentence.into(),
            actors: vec!["nato".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_group_hash_tells_rows_apart_field_by_field() {
        let long = "Europe offered troops. ".repeat(40);
        let base = vec![row("guarantees", "security_guarantee", &long); 3];
        assert_eq!(
            hash(&base),
            hash(&base.clone()),
            "the same rows, the same hash"
        );
        // A group's hash starts afresh after finish.
        let mut g = GroupHash::default();
        g.add(&row("x", "y", "z"));
        g.finish();
        for r in &base {
            g.add(r);
        }
        assert_eq!(g.finish(), hash(&base));
        let changed = [
            // One character of a long field (hashed in place, not gathered).
            vec![
                base[0].clone(),
                base[1].clone(),
                row(
                    "guarantees",
                    "security_guarantee",
                    &long.replacen('E', "e", 1),
                ),
            ],
            // A character moved from one short field to the next.
            vec![
                base[0].clone(),
                base[1].clone(),
                row("guarantee", "ssecurity_guarantee", &long),
            ],
            // A flag, a list, a row fewer.
            vec![
                base[0].clone(),
                base[1].clone(),
                StanceRow {
                    negated: true,
                    ..base[2].clone()
                },
            ],
            vec![
                base[0].clone(),
                base[1].clone(),
                StanceRow {
                    actors: vec![],
                    ..base[2].clone()
                },
            ],
            base[..2].to_vec(),
            // The same rows in another order.
            vec![row("a", "b", "c"), base[0].clone()],
        ];
        let swapped = vec![base[0].clone(), row("a", "b", "c")];
        assert_ne!(hash(&changed[5]), hash(&swapped));
        for (i, rows) in changed[..5].iter().enumerate() {
            assert_ne!(hash(rows), hash(&base), "change {i} not seen");
        }
    }
}
