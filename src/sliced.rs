//! A Parquet file read back a slice of rows at a time, its footer parsed once.
//!
//! The footer holds the metadata of every row group, so it grows with the file: a reader
//! made afresh for each slice parses all of it again, which for the streamed tables of a
//! million articles (hundreds of row groups, several megabytes of metadata) made every
//! slice read cost more than the last and churned megabytes through the allocator per
//! slice. The replay, the cache's segments, the report and the partitioned copies read
//! through this instead.

use anyhow::{Context, Result};
use polars::io::parquet::metadata::FileMetadataRef;
use polars::prelude::*;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A Parquet file opened for reading slices of its rows.
pub struct Sliced {
    path: PathBuf,
    metadata: FileMetadataRef,
}

impl Sliced {
    /// Opens `path` and reads its footer.
    pub fn open(path: &Path) -> Result<Sliced> {
        let metadata = ParquetReader::new(open(path)?)
            .get_metadata()
            .map(FileMetadataRef::clone)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("reading {}", path.display()))?;
        Ok(Sliced {
            path: path.to_path_buf(),
            metadata,
        })
    }

    /// Rows in the file.
    pub fn rows(&self) -> usize {
        self.metadata.num_rows
    }

    /// Rows `offset..offset + len` (fewer at the end of the file), all columns or some.
    pub fn read(&self, columns: Option<&[&str]>, offset: usize, len: usize) -> Result<DataFrame> {
        let mut reader = ParquetReader::new(open(&self.path)?)
            .with_columns(columns.map(|c| c.iter().map(|c| c.to_string()).collect()))
            .with_slice(Some((offset, len)));
        reader.set_metadata(self.metadata.clone());
        reader
            .finish()
            .map_err(anyhow::Error::from)
            .with_context(|| format!("reading {}", self.path.display()))
    }
}

fn open(path: &Path) -> Result<File> {
    File::open(path).with_context(|| format!("opening {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of `n` rows in row groups of `group` rows, column `i` counting up from 0.
    fn file(dir: &Path, n: usize, group: usize) -> PathBuf {
        let path = dir.join("t.parquet");
        let mut df = df!("i" => (0..n as u64).collect::<Vec<_>>(),
                         "s" => (0..n).map(|i| format!("row {i}")).collect::<Vec<_>>())
        .unwrap();
        ParquetWriter::new(File::create(&path).unwrap())
            .with_row_group_size(Some(group))
            .finish(&mut df)
            .unwrap();
        path
    }

    #[test]
    fn slices_read_through_one_footer_are_the_rows_at_their_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path(), 1000, 64);
        let sliced = Sliced::open(&path).unwrap();
        assert_eq!(sliced.rows(), 1000);
        // Slices inside a group, across groups, and past the end.
        for (offset, len, expect) in [(0, 10, 10), (60, 10, 10), (100, 300, 300), (990, 50, 10)] {
            let df = sliced.read(None, offset, len).unwrap();
            assert_eq!(df.height(), expect, "slice at {offset}");
            let ids: Vec<u64> = df
                .column("i")
                .unwrap()
                .u64()
                .unwrap()
                .into_no_null_iter()
                .collect();
            assert_eq!(
                ids,
                (offset as u64..(offset + expect) as u64).collect::<Vec<_>>()
            );
        }
        let only = sliced.read(Some(&["s"]), 500, 2).unwrap();
        assert_eq!(only.width(), 1);
        assert_eq!(
            only.column("s").unwrap().str().unwrap().get(1),
            Some("row 501")
        );
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let err = Sliced::open(Path::new("/nonexistent/t.parquet"))
            .err()
            .unwrap();
        assert!(format!("{err:#}").contains("/nonexistent/t.parquet"));
    }
}
