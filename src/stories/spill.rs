//! The sweep's input on disk: one fixed-size record per article, in article-id order, so
//! the sweep reads any article's sketch by its id and memory holds none of them.

use super::StoryInput;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use covtrack_core::sketch::{SKETCH_LEN, Sketch};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Bytes per record: id, day, outlet, duplicate-of, then the sketch's bins and size.
const RECORD: usize = 8 + 4 + 4 + 8 + 4 * SKETCH_LEN + 4;

/// Appends records; articles must come in id order, starting at 1.
pub struct Spill {
    path: PathBuf,
    out: BufWriter<File>,
    written: u64,
}

impl Spill {
    pub fn create(path: &Path) -> Result<Spill> {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Spill {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, file),
            written: 0,
        })
    }

    pub fn push(&mut self, input: &StoryInput) -> Result<()> {
        if input.article_id != self.written + 1 {
            bail!(
                "story spill: article {} after {}",
                input.article_id,
                self.written
            );
        }
        self.out
            .write_all(&encode(input))
            .with_context(|| format!("writing {}", self.path.display()))?;
        self.written += 1;
        Ok(())
    }

    /// Finishes writing and opens the records for reading.
    pub fn finish(mut self) -> Result<SpillReader> {
        self.out
            .flush()
            .with_context(|| format!("writing {}", self.path.display()))?;
        drop(self.out);
        let file =
            File::open(&self.path).with_context(|| format!("reading {}", self.path.display()))?;
        Ok(SpillReader {
            path: self.path,
            file,
            len: self.written,
        })
    }
}

/// The records of a finished spill.
pub struct SpillReader {
    path: PathBuf,
    file: File,
    len: u64,
}

impl SpillReader {
    /// Articles in the spill (their ids are 1..=len).
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The record of article `id`.
    pub fn get(&self, id: u64) -> Result<StoryInput> {
        let mut buf = [0u8; RECORD];
        read_at(&self.file, &mut buf, (id - 1) * RECORD as u64)
            .with_context(|| format!("reading {}", self.path.display()))?;
        Ok(decode(&buf))
    }

    /// Every record, in id order.
    pub fn iter(&self) -> Result<impl Iterator<Item = Result<StoryInput>> + '_> {
        let file =
            File::open(&self.path).with_context(|| format!("reading {}", self.path.display()))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        Ok((0..self.len).map(move |_| {
            let mut buf = [0u8; RECORD];
            reader
                .read_exact(&mut buf)
                .with_context(|| format!("reading {}", self.path.display()))?;
            Ok(decode(&buf))
        }))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

fn encode(input: &StoryInput) -> [u8; RECORD] {
    let mut buf = [0u8; RECORD];
    buf[0..8].copy_from_slice(&input.article_id.to_le_bytes());
    let day = input
        .published
        .map_or(i32::MIN, |d| chrono::Datelike::num_days_from_ce(&d));
    buf[8..12].copy_from_slice(&day.to_le_bytes());
    buf[12..16].copy_from_slice(&input.source.unwrap_or(u32::MAX).to_le_bytes());
    buf[16..24].copy_from_slice(&input.duplicate_of.unwrap_or(0).to_le_bytes());
    for (i, v) in input.sketch.bins.iter().enumerate() {
        buf[24 + 4 * i..28 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    let at = 24 + 4 * SKETCH_LEN;
    buf[at..at + 4].copy_from_slice(&input.sketch.shingles.to_le_bytes());
    buf
}

fn decode(buf: &[u8; RECORD]) -> StoryInput {
    let u32_at = |at: usize| u32::from_le_bytes(buf[at..at + 4].try_into().expect("4 bytes"));
    let u64_at = |at: usize| u64::from_le_bytes(buf[at..at + 8].try_into().expect("8 bytes"));
    let day = u32_at(8) as i32;
    let source = u32_at(12);
    let duplicate_of = u64_at(16);
    let mut sketch = [0u32; SKETCH_LEN];
    for (i, v) in sketch.iter_mut().enumerate() {
        *v = u32_at(24 + 4 * i);
    }
    StoryInput {
        article_id: u64_at(0),
        published: (day != i32::MIN)
            .then(|| NaiveDate::from_num_days_from_ce_opt(day))
            .flatten(),
        source: (source != u32::MAX).then_some(source),
        duplicate_of: (duplicate_of != 0).then_some(duplicate_of),
        sketch: Sketch {
            bins: sketch,
            shingles: u32_at(24 + 4 * SKETCH_LEN),
        },
    }
}
