//! Parquet files joined at row-group boundaries without decoding a value: the leading row
//! groups of the previous run's table, copied as they are, then the row groups this run
//! wrote after them.
//!
//! A Parquet file is its row groups' bytes, then the page indexes (each column chunk's
//! column index and offset index), then a footer (Thrift) that says where everything is.
//! Copying a row group is copying its bytes and its footer entry; only positions change:
//! the groups taken from this run's file move by the length of the copied prefix, and so
//! do the page positions in their offset indexes. The indexes and the footer are written
//! in the order polars writes them, so a spliced file is byte for byte the file a run
//! writing every row would make.
//!
//! polars cannot append encoded row groups; its Thrift types (`polars-parquet-format`,
//! which polars itself writes footers with) can describe them.

use anyhow::{Context, Result, bail, ensure};
use polars_parquet_format::thrift::protocol::{TCompactInputProtocol, TCompactOutputProtocol};
use polars_parquet_format::{ColumnMetaData, FileMetaData, OffsetIndex, RowGroup};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 4] = b"PAR1";
/// A footer larger than this is not one covtrack wrote.
const MAX_FOOTER: usize = 256 << 20;

/// A Parquet file's footer, read without its data.
#[derive(Clone)]
pub struct Footer {
    pub path: PathBuf,
    pub meta: FileMetaData,
    /// Where the footer starts.
    footer_at: u64,
}

impl Footer {
    pub fn read(path: &Path) -> Result<Footer> {
        let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let len = file.metadata()?.len();
        ensure!(len >= 12, "{} is too short for Parquet", path.display());
        let mut tail = [0u8; 8];
        file.seek(SeekFrom::End(-8))?;
        file.read_exact(&mut tail)?;
        let size = footer_size(&tail, len, path)?;
        let mut bytes = vec![0u8; size as usize + 8];
        file.seek(SeekFrom::Start(len - 8 - size))?;
        file.read_exact(&mut bytes)?;
        Footer::of_tail(&bytes, len, path)
    }

    /// The footer of a whole Parquet file held in memory; `path` names it in errors.
    pub fn parse(file: &[u8], path: &Path) -> Result<Footer> {
        let len = file.len() as u64;
        ensure!(len >= 12, "{} is too short for Parquet", path.display());
        let size = footer_size(&file[file.len() - 8..], len, path)?;
        Footer::of_tail(&file[(len - 8 - size) as usize..], len, path)
    }

    /// The footer from the file's last bytes (the footer, its length, the magic).
    fn of_tail(tail: &[u8], len: u64, path: &Path) -> Result<Footer> {
        let footer = &tail[..tail.len() - 8];
        Ok(Footer {
            footer_at: len - tail.len() as u64,
            path: path.to_path_buf(),
            meta: read_thrift(footer, FileMetaData::read_from_in_protocol)
                .with_context(|| format!("reading the footer of {}", path.display()))?,
        })
    }

    /// Whether files with these footers hold the same columns, of the same types.
    pub fn same_schema(&self, other: &Footer) -> bool {
        self.meta.schema == other.meta.schema
            && self.meta.key_value_metadata == other.meta.key_value_metadata
    }

    /// Where the data of the first `groups` row groups ends: where the next group starts,
    /// or after the last, where the page indexes (or the footer) start. (A chunk's
    /// `total_compressed_size` is not always its length on disk in polars' files.)
    fn data_end(&self, groups: usize) -> Result<u64> {
        let starts = |g: &RowGroup| -> Result<i64> {
            g.columns
                .iter()
                .map(|c| match &c.meta_data {
                    Some(m) => Ok(chunk_start(m)),
                    None => bail!("{}: a column chunk without metadata", self.path.display()),
                })
                .try_fold(i64::MAX, |low, s| Ok(low.min(s?)))
        };
        let end = match self.meta.row_groups.get(groups) {
            Some(next) => starts(next)?,
            None => self
                .meta
                .row_groups
                .iter()
                .flat_map(|g| &g.columns)
                .flat_map(|c| [c.column_index_offset, c.offset_index_offset])
                .flatten()
                .min()
                .unwrap_or(self.footer_at as i64),
        };
        let end = u64::try_from(end)?;
        ensure!(
            (MAGIC.len() as u64..=self.footer_at).contains(&end),
            "{}: row groups out of place",
            self.path.display()
        );
        Ok(end)
    }
}

impl Footer {
    /// Where each column chunk ends, in file order: where the next one starts, and after
    /// the last, where the page indexes start.
    fn chunk_ends(&self) -> Result<Vec<i64>> {
        let mut starts = Vec::new();
        for c in self.meta.row_groups.iter().flat_map(|g| &g.columns) {
            match &c.meta_data {
                Some(m) => starts.push(chunk_start(m)),
                None => bail!("{}: a column chunk without metadata", self.path.display()),
            }
        }
        let last = i64::try_from(self.data_end(self.meta.row_groups.len())?)?;
        Ok(starts.into_iter().skip(1).chain([last]).collect())
    }
}

/// The footer's length, from a file's last eight bytes.
fn footer_size(last: &[u8], len: u64, path: &Path) -> Result<u64> {
    ensure!(
        &last[4..] == MAGIC,
        "{} does not end as Parquet",
        path.display()
    );
    let size = u32::from_le_bytes(last[..4].try_into().expect("four bytes")) as u64;
    ensure!(
        size + 12 <= len && size as usize <= MAX_FOOTER,
        "{}: footer of {size} bytes in a file of {len}",
        path.display()
    );
    Ok(size)
}

/// Writes `dest`: the first `groups` row groups of `old`, then every row group of `tail`
/// (none when there is no tail file). The two must have the same schema.
pub fn splice(old: &Footer, groups: usize, tail: Option<&Footer>, dest: &Path) -> Result<()> {
    ensure!(
        groups <= old.meta.row_groups.len(),
        "{} has fewer than {groups} row groups",
        old.path.display()
    );
    if let Some(t) = tail {
        ensure!(
            old.same_schema(t),
            "{} and {} have different schemas",
            old.path.display(),
            t.path.display()
        );
    }
    let file = File::create(dest).with_context(|| format!("creating {}", dest.display()))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    w.write_all(MAGIC)?;
    let prefix_end = old.data_end(groups)?;
    copy_range(&old.path, MAGIC.len() as u64, prefix_end, &mut w)?;
    // Each group with the file its page indexes are read from, and by how much each of
    // its column chunks moved.
    let mut placed: Vec<(RowGroup, &Footer, Vec<i64>)> = old.meta.row_groups[..groups]
        .iter()
        .map(|g| (g.clone(), old, vec![0; g.columns.len()]))
        .collect();
    let mut offset = prefix_end;
    if let Some(t) = tail {
        let mut source =
            File::open(&t.path).with_context(|| format!("opening {}", t.path.display()))?;
        let ends = t.chunk_ends()?;
        let mut ends = ends.iter();
        for g in &t.meta.row_groups {
            let (g, moves) = relocate(g, &mut source, &mut ends, &mut offset, &mut w)
                .with_context(|| format!("copying the row groups of {}", t.path.display()))?;
            placed.push((g, t, moves));
        }
    }
    for (i, (g, _, _)) in placed.iter_mut().enumerate() {
        if g.ordinal.is_some() {
            g.ordinal = Some(i16::try_from(i).context("too many row groups")?);
        }
    }
    // Column indexes (statistics only) are copied as they are; offset indexes hold page
    // positions, which move with their group.
    let mut sources: Vec<Reader> = Vec::new();
    for (g, from, _) in placed.iter_mut() {
        for c in &mut g.columns {
            if let (Some(at), Some(len)) = (c.column_index_offset, c.column_index_length) {
                let bytes = reader(&mut sources, from)?.bytes(at, len)?;
                w.write_all(&bytes)?;
                c.column_index_offset = Some(offset as i64);
                offset += bytes.len() as u64;
            }
        }
    }
    for (g, from, moves) in placed.iter_mut() {
        for (c, &shift) in g.columns.iter_mut().zip(moves.iter()) {
            if let (Some(at), Some(len)) = (c.offset_index_offset, c.offset_index_length) {
                let mut bytes = reader(&mut sources, from)?.bytes(at, len)?;
                if shift != 0 {
                    let mut index = read_thrift(&bytes, OffsetIndex::read_from_in_protocol)?;
                    for page in &mut index.page_locations {
                        page.offset += shift;
                    }
                    bytes.clear();
                    index.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut bytes))?;
                }
                w.write_all(&bytes)?;
                c.offset_index_offset = Some(offset as i64);
                c.offset_index_length = Some(i32::try_from(bytes.len())?);
                offset += bytes.len() as u64;
            }
        }
    }
    let row_groups: Vec<RowGroup> = placed.into_iter().map(|(g, _, _)| g).collect();
    let meta = FileMetaData {
        num_rows: row_groups.iter().map(|g| g.num_rows).sum(),
        row_groups,
        ..old.meta.clone()
    };
    let mut footer = Vec::new();
    let size = meta.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut footer))?;
    w.write_all(&footer)?;
    w.write_all(&u32::try_from(size)?.to_le_bytes())?;
    w.write_all(MAGIC)?;
    w.flush()
        .with_context(|| format!("writing {}", dest.display()))?;
    Ok(())
}

/// Copies a row group's column chunks to `w`, which is at `offset`; returns the group as
/// it now lies and how far each chunk moved.
///
/// A chunk is its pages, then a copy of its metadata, which names where its pages are; in
/// a copied chunk that copy is written anew. Its length can change with the positions it
/// holds (they are variable-length integers), so each chunk moves by its own amount.
fn relocate<'e>(
    g: &RowGroup,
    source: &mut File,
    ends: &mut impl Iterator<Item = &'e i64>,
    offset: &mut u64,
    w: &mut impl Write,
) -> Result<(RowGroup, Vec<i64>)> {
    let mut g = g.clone();
    let mut moves = Vec::with_capacity(g.columns.len());
    for c in &mut g.columns {
        let Some(m) = c.meta_data.as_mut() else {
            bail!("a column chunk without metadata");
        };
        // Its pages (`total_compressed_size` bytes, headers included), then its metadata.
        let (start, meta_at) = (chunk_start(m), chunk_start(m) + m.total_compressed_size);
        let end = *ends.next().context("a column chunk without an end")?;
        ensure!(
            start <= meta_at && meta_at <= end,
            "a column chunk out of place"
        );
        // The chunk's copy of its metadata must be the footer's, or this is not a layout
        // covtrack knows how to move.
        let mut written = Vec::new();
        m.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut written))?;
        let mut inline = vec![0u8; usize::try_from(end - meta_at)?];
        source.seek(SeekFrom::Start(u64::try_from(meta_at)?))?;
        source.read_exact(&mut inline)?;
        ensure!(
            inline == written,
            "a column chunk's metadata is not the footer's"
        );
        let shift = i64::try_from(*offset)? - start;
        source.seek(SeekFrom::Start(u64::try_from(start)?))?;
        let pages = u64::try_from(meta_at - start)?;
        ensure!(
            std::io::copy(&mut source.take(pages), w)? == pages,
            "a column chunk ended early"
        );
        m.data_page_offset += shift;
        m.index_page_offset = m.index_page_offset.map(|o| o + shift);
        m.dictionary_page_offset = m.dictionary_page_offset.map(|o| o + shift);
        m.bloom_filter_offset = m.bloom_filter_offset.map(|o| o + shift);
        written.clear();
        m.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut written))?;
        w.write_all(&written)?;
        c.file_offset += shift;
        *offset += pages + written.len() as u64;
        moves.push(shift);
    }
    if let (Some(fo), Some(first)) = (g.file_offset.as_mut(), g.columns.first()) {
        *fo = first.meta_data.as_ref().map_or(*fo, chunk_start);
    }
    Ok((g, moves))
}

/// Where a column chunk's pages start.
fn chunk_start(m: &ColumnMetaData) -> i64 {
    m.dictionary_page_offset
        .map_or(m.data_page_offset, |d| d.min(m.data_page_offset))
}

fn read_thrift<'b, T>(
    bytes: &'b [u8],
    read: impl FnOnce(&mut TCompactInputProtocol<&'b [u8]>) -> polars_parquet_format::thrift::Result<T>,
) -> Result<T> {
    let mut protocol = TCompactInputProtocol::new(bytes, MAX_FOOTER);
    Ok(read(&mut protocol)?)
}

/// Copies bytes `from..to` of the file at `path` into `w`.
fn copy_range(path: &Path, from: u64, to: u64, w: &mut impl Write) -> Result<()> {
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    file.seek(SeekFrom::Start(from))?;
    let copied = std::io::copy(&mut file.take(to - from), w)?;
    ensure!(copied == to - from, "{} ended early", path.display());
    Ok(())
}

/// An open file of the splice, for its page indexes.
struct Reader {
    path: PathBuf,
    file: File,
}

impl Reader {
    fn bytes(&mut self, at: i64, len: i32) -> Result<Vec<u8>> {
        let mut bytes = vec![0u8; usize::try_from(len)?];
        self.file.seek(SeekFrom::Start(u64::try_from(at)?))?;
        self.file
            .read_exact(&mut bytes)
            .with_context(|| format!("reading {}", self.path.display()))?;
        Ok(bytes)
    }
}

fn reader<'a>(sources: &'a mut Vec<Reader>, of: &Footer) -> Result<&'a mut Reader> {
    let i = match sources.iter().position(|r| r.path == of.path) {
        Some(i) => i,
        None => {
            let file =
                File::open(&of.path).with_context(|| format!("opening {}", of.path.display()))?;
            sources.push(Reader {
                path: of.path.clone(),
                file,
            });
            sources.len() - 1
        }
    };
    Ok(&mut sources[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Formats, TableFiles};
    use crate::tables::DateRow;
    use chrono::NaiveDate;

    fn rows(ids: std::ops::Range<u64>, text: &str) -> Vec<DateRow> {
        ids.map(|i| DateRow {
            article_id: i,
            sentence: (i % 7) as u32,
            start: i,
            end: i + 4,
            text: format!("{text} {}", i % 13),
            kind: if i % 3 == 0 { "absolute" } else { "relative" },
            granularity: "day",
            date_start: NaiveDate::from_ymd_opt(2025, 1, 1 + (i % 28) as u32),
            date_end: (i % 5 == 0).then(|| NaiveDate::from_ymd_opt(2025, 2, 1).unwrap()),
        })
        .collect()
    }

    /// Writes `rows` as the run writes a table's Parquet file, in batches of 1,000.
    fn write(dir: &Path, rows: &[DateRow]) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let formats = Formats {
            parquet: true,
            json: false,
        };
        let mut t = TableFiles::new(dir, "dates", formats);
        for chunk in rows.chunks(1_000) {
            t.write_rows(chunk).unwrap();
        }
        t.write_rows::<DateRow>(&[]).unwrap();
        t.finish().unwrap();
        dir.join("dates.parquet")
    }

    #[test]
    fn a_spliced_file_is_the_file_written_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let group = crate::output::row_group_rows();
        let n = 2 * group as u64 + 5_000;
        let old = write(&tmp.path().join("old"), &rows(0..n, "in May"));
        // Rows after the first two groups that differ from the old file's, as new files'
        // rows do, and the whole file they make.
        let mut all = rows(0..2 * group as u64, "in May");
        all.extend(rows(2 * group as u64..n + 3_000, "last week"));
        let whole = write(&tmp.path().join("whole"), &all);
        let dest = tmp.path().join("spliced.parquet");
        let old = Footer::read(&old).unwrap();
        for groups in [2, 1, 0] {
            let tail_rows = write(&tmp.path().join("tail"), &all[groups * group..]);
            let tail = Footer::read(&tail_rows).unwrap();
            splice(&old, groups, Some(&tail), &dest).unwrap();
            assert!(
                std::fs::read(&dest).unwrap() == std::fs::read(&whole).unwrap(),
                "{groups} groups copied: not the file written whole"
            );
        }
        // Only copied groups, no tail: the old file's first groups, whole.
        let first = write(&tmp.path().join("first"), &all[..2 * group]);
        splice(&old, 2, None, &dest).unwrap();
        assert!(std::fs::read(&dest).unwrap() == std::fs::read(&first).unwrap());
        // Another table's file does not go after these groups.
        let figures = tmp.path().join("figures.parquet");
        let mut f = TableFiles::parquet_only(tmp.path(), "figures");
        f.write_rows::<crate::tables::FigureRow>(&[Default::default()])
            .unwrap();
        f.finish().unwrap();
        let other = Footer::read(&figures).unwrap();
        assert!(splice(&old, 1, Some(&other), &dest).is_err());
    }

    #[test]
    fn a_file_that_is_not_parquet_has_no_footer() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.parquet");
        for bytes in [
            &b""[..],
            b"PAR1",
            b"PAR1\x00\x00\x00\x00PAR1",
            b"PAR1garbage\xff\xff\x00\x00PAR1",
        ] {
            std::fs::write(&path, bytes).unwrap();
            assert!(Footer::read(&path).is_err(), "{bytes:?}");
        }
    }
}
