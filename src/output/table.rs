//! One table streamed to its files: Parquet through DataFrames gathered into row groups,
//! JSON written row by row into an array.

use super::Formats;
use crate::tables::{Table, to_frame};
use anyhow::{Context, Result};
use polars::polars_utils::compression::ZstdLevel;
use polars::prelude::*;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Rows gathered before a Parquet row group is written. A batch of 512 articles gives a few
/// thousand mention rows; a row group per batch made the writer's footer metadata (kept in
/// memory until the file is closed) grow by a kilobyte or so per column per batch, which
/// at a million articles was the largest thing in memory. Gathered rows cost a few
/// megabytes per table.
pub const ROW_GROUP_ROWS: usize = 16_384;

/// The rows of a row group (and of a group of marks, see `reuse`): [`ROW_GROUP_ROWS`], or
/// what `COVTRACK_ROW_GROUP_ROWS` says, so that tests of small corpora have many groups.
pub fn row_group_rows() -> usize {
    static ROWS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *ROWS.get_or_init(|| {
        std::env::var("COVTRACK_ROW_GROUP_ROWS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n| n > 0)
            .unwrap_or(ROW_GROUP_ROWS)
    })
}

/// A table being streamed to its files.
pub struct TableFiles {
    pub(super) name: &'static str,
    pub(super) parquet: Option<polars::io::parquet::write::BatchedWriter<File>>,
    /// Rows not yet written to Parquet, fewer than [`ROW_GROUP_ROWS`].
    pub(super) pending: Option<DataFrame>,
    pub(super) json: Option<BufWriter<File>>,
    pub(super) rows: u64,
    pub(super) dir: PathBuf,
    /// Where the Parquet file goes: `dir`, or the run's scratch folder for a table that is
    /// read back at the end of the run but not asked for as Parquet.
    pub(super) parquet_dir: PathBuf,
    pub(super) formats: Formats,
    /// zstd for the tables users open; less for files only covtrack reads back.
    pub(super) compression: ParquetCompression,
}

impl TableFiles {
    pub(super) fn new(dir: &Path, name: &'static str, formats: Formats) -> TableFiles {
        TableFiles {
            name,
            parquet: None,
            pending: None,
            json: None,
            rows: 0,
            dir: dir.to_path_buf(),
            parquet_dir: dir.to_path_buf(),
            formats,
            compression: ParquetCompression::Zstd(ZstdLevel::try_new(3).ok()),
        }
    }

    /// A table written as Parquet alone, with LZ4, for covtrack to read back (the cache's
    /// segments): it decompresses several times faster than zstd, for files about half
    /// again as large.
    pub fn parquet_only(dir: &Path, name: &'static str) -> TableFiles {
        let formats = Formats {
            parquet: true,
            json: false,
        };
        let mut t = TableFiles::new(dir, name, formats);
        t.compression = ParquetCompression::Lz4Raw;
        t
    }

    /// A table whose Parquet file is read back at the end of the run: written to `scratch`
    /// as well when the run does not keep Parquet.
    pub(super) fn read_back(
        dir: &Path,
        scratch: &Path,
        name: &'static str,
        formats: Formats,
    ) -> TableFiles {
        let mut t = TableFiles::new(dir, name, formats);
        if !formats.parquet {
            t.parquet_dir = scratch.to_path_buf();
            t.formats.parquet = true;
        }
        t
    }

    /// Splits off the table's JSON file, to be written on a thread of its own: this one
    /// keeps the Parquet file, the one returned writes the JSON (or nothing, when the run
    /// writes no JSON). Both count the rows.
    pub(super) fn split_json(&mut self) -> TableFiles {
        let mut json = TableFiles::new(&self.dir, self.name, self.formats);
        json.formats.parquet = false;
        self.formats.json = false;
        json
    }

    /// A table of the same files with nothing written yet, to stand in for one finished.
    pub(super) fn empty_like(&self) -> TableFiles {
        let mut t = TableFiles::new(&self.dir, self.name, self.formats);
        t.parquet_dir = self.parquet_dir.clone();
        t.compression = self.compression;
        t
    }

    /// Where its Parquet file is.
    pub(super) fn parquet_path(&self) -> PathBuf {
        self.parquet_dir.join(format!("{}.parquet", self.name))
    }

    /// What a failed write names: the table's files.
    fn files(&self) -> String {
        format!("{}/{}.parquet|json", self.dir.display(), self.name)
    }

    /// Appends rows of a streamed table: Parquet through a DataFrame, JSON from the rows.
    pub fn write_rows<R: Table>(&mut self, rows: &[R]) -> Result<()> {
        self.try_write_rows(rows)
            .with_context(|| format!("writing {}", self.files()))
    }

    fn try_write_rows<R: Table>(&mut self, rows: &[R]) -> Result<()> {
        if self.formats.parquet {
            self.append_parquet(&mut to_frame(rows)?)?;
        }
        // The JSON file is opened even for no rows: an empty table still gets its file.
        // Each row is serialised straight into the file's buffer, after its separator.
        if self.formats.json {
            let first = self.rows == 0;
            let w = self.json_writer()?;
            for (i, row) in rows.iter().enumerate() {
                w.write_all(if first && i == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *w, row)?;
            }
        }
        self.rows += rows.len() as u64;
        Ok(())
    }

    /// Appends a DataFrame (an aggregate table, or a slice of a table built at the end).
    pub fn write(&mut self, df: &mut DataFrame) -> Result<()> {
        self.try_write(df)
            .with_context(|| format!("writing {}", self.files()))
    }

    fn try_write(&mut self, df: &mut DataFrame) -> Result<()> {
        if self.formats.parquet {
            self.append_parquet(df)?;
        }
        if self.formats.json {
            let mut lines = Vec::new();
            if df.height() > 0 {
                JsonWriter::new(&mut lines)
                    .with_json_format(JsonFormat::JsonLines)
                    .finish(df)?;
            }
            self.append_json(&lines)?;
        }
        self.rows += df.height() as u64;
        Ok(())
    }

    fn append_parquet(&mut self, df: &mut DataFrame) -> Result<()> {
        if self.parquet.is_none() {
            let path = self.parquet_path();
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let writer = ParquetWriter::new(file)
                .with_compression(self.compression)
                // Min, max and null counts (what readers use to skip row groups, and what
                // the report's article-id chunks rely on), without distinct counts,
                // which hash every value of every batch.
                .with_statistics(StatisticsOptions::default())
                .batched(df.schema())?;
            self.parquet = Some(writer);
        }
        if df.height() > 0 {
            match &mut self.pending {
                Some(pending) => {
                    pending.vstack_mut(df)?;
                }
                None => self.pending = Some(df.clone()),
            }
            // Whole groups of exactly ROW_GROUP_ROWS rows, so a reader slicing by that
            // size (the cache's segments) decompresses each group once.
            while let Some(pending) = self.pending.take() {
                if pending.height() < row_group_rows() {
                    self.pending = Some(pending);
                    break;
                }
                let (group, rest) = pending.split_at(row_group_rows() as i64);
                self.pending = Some(group);
                self.flush_parquet()?;
                self.pending = (rest.height() > 0).then_some(rest);
            }
        }
        Ok(())
    }

    /// Appends JSON lines (one object per line) to the table's JSON array.
    fn append_json(&mut self, lines: &[u8]) -> Result<()> {
        let first = self.rows == 0;
        let w = self.json_writer()?;
        for (i, line) in lines
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            w.write_all(if first && i == 0 { b"\n" } else { b",\n" })?;
            w.write_all(line)?;
        }
        Ok(())
    }

    /// The table's JSON file, opened (with its array's `[`) on first use.
    fn json_writer(&mut self) -> Result<&mut BufWriter<File>> {
        if self.json.is_none() {
            let path = self.dir.join(format!("{}.json", self.name));
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let mut w = BufWriter::with_capacity(1 << 20, file);
            w.write_all(b"[")?;
            self.json = Some(w);
        }
        Ok(self.json.as_mut().expect("created above"))
    }

    /// Starts the JSON file with the first `end` bytes of `old`, the same table's file of an
    /// earlier run, which hold its first `rows` rows.
    pub(super) fn start_json_from(&mut self, old: &Path, end: u64, rows: u64) -> Result<()> {
        let path = self.dir.join(format!("{}.json", self.name));
        let mut file =
            File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let copied = std::io::copy(
            &mut File::open(old)
                .with_context(|| format!("opening {}", old.display()))?
                .take(end),
            &mut file,
        )
        .with_context(|| format!("copying {} into {}", old.display(), path.display()))?;
        anyhow::ensure!(copied == end, "{} ended early", old.display());
        self.json = Some(BufWriter::with_capacity(1 << 20, file));
        self.rows = rows;
        Ok(())
    }

    /// The length of the JSON file so far, counting what is still buffered.
    pub(super) fn json_position(&mut self) -> Result<u64> {
        let w = self.json_writer()?;
        let mut file: &File = w.get_ref();
        Ok(file.stream_position()? + w.buffer().len() as u64)
    }

    /// Writes the gathered rows as one row group.
    fn flush_parquet(&mut self) -> Result<()> {
        if let (Some(mut df), Some(writer)) = (self.pending.take(), self.parquet.as_mut()) {
            df.rechunk_mut_par();
            writer.write_batch(&df)?;
        }
        Ok(())
    }

    pub fn finish(self) -> Result<u64> {
        let files = self.files();
        self.try_finish()
            .with_context(|| format!("writing {files}"))
    }

    fn try_finish(mut self) -> Result<u64> {
        self.flush_parquet()?;
        if let Some(w) = self.parquet.take() {
            w.finish()?;
        }
        if let Some(mut w) = self.json.take() {
            w.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
            w.flush()?;
        }
        Ok(self.rows)
    }
}
