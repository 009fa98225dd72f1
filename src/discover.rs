//! Finding input: INPUT walked recursively in a deterministic (byte-wise path) order, hidden
//! files and the output directory skipped, each file classified as an article source or as
//! metadata (manifests and sidecars).

use crate::tables::ErrorRow;
pub use covtrack_core::source::{Found, Role};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::path::Path;
use std::rc::Rc;
use walkdir::WalkDir;

/// An entry that could not be listed (permissions, a broken link).
#[derive(Debug, Clone)]
pub struct WalkError {
    pub rel: String,
    /// `unreadable`, `not_regular` (a FIFO, socket or device) or `outside_input` (a
    /// symbolic link leading out of INPUT).
    pub kind: &'static str,
    pub message: String,
}

impl WalkError {
    /// The `errors` row of an entry that could not be listed.
    pub fn into_row(self) -> ErrorRow {
        ErrorRow {
            path: self.rel,
            stage: "discover",
            kind: self.kind,
            message: self.message,
        }
    }
}

/// The files `covtrack inspect` and `covtrack eval` read for one article file, as a run
/// over its folder would see them: the file, its folder's `metadata.jsonl` and its
/// `NAME.meta.json` sidecar (those that exist), with paths relative to `root`.
pub fn with_metadata(root: &Path, file: &Path) -> Vec<Found> {
    let rel = relative(root, file);
    let dir_rel = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut found = vec![Found::new(rel.clone(), file.to_path_buf())];
    for sibling in ["metadata.jsonl".to_string(), format!("{name}.meta.json")] {
        let path = dir.join(&sibling);
        if path.is_file() {
            let rel = if dir_rel.is_empty() {
                sibling
            } else {
                format!("{dir_rel}/{sibling}")
            };
            found.push(Found::new(rel, path));
        }
    }
    found
}

/// Lists every file under `root` in the order of [`walk`], with the entries that could not
/// be listed. Memory grows with the number of files: the pipeline uses [`walk`] instead.
pub fn discover(root: &Path, skip: Option<&Path>) -> (Vec<Found>, Vec<WalkError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for item in walk(root, skip) {
        match item {
            Ok(f) => found.push(f),
            Err(e) => errors.push(e),
        }
    }
    (found, errors)
}

/// Walks every file under `root` in byte-wise order of the relative paths, skipping hidden
/// entries and anything under `skip` (the output directory), one entry at a time: only the
/// directories on the current path are held, so a million files cost no more memory than
/// ten.
///
/// Byte-wise order falls out of a depth-first walk when each directory's entries are sorted
/// with a `/` after directory names: "a-b.txt" then comes before "a/x.txt", as in the
/// sorted list of paths.
///
/// A single file given as INPUT comes with its sidecar and its folder's manifest, as
/// [`with_metadata`] finds them.
pub fn walk(
    root: &Path,
    skip: Option<&Path>,
) -> Box<dyn Iterator<Item = Result<Found, WalkError>>> {
    if root.is_file() {
        let dir = root.parent().unwrap_or(Path::new(""));
        return Box::new(with_metadata(dir, root).into_iter().map(Ok));
    }
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let root_owned = root.to_path_buf();
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // Links to folders outside INPUT are refused where the walk meets them (so it does not
    // descend), and said as errors by the entries that follow.
    let refused: Rc<RefCell<Vec<WalkError>>> = Rc::default();
    let refused_by_filter = Rc::clone(&refused);
    let refused_at_end = Rc::clone(&refused);
    let root_for_filter = root.to_path_buf();
    let inside_for_filter = inside.clone();
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by(walk_order)
        .into_iter()
        .filter_entry(move |e| {
            let hidden = e.depth() > 0 && name(e).starts_with(b".");
            let is_skipped = skip.as_ref().is_some_and(|s| {
                e.file_type().is_dir() && e.path().canonicalize().is_ok_and(|p| &p == s)
            });
            if hidden || is_skipped {
                return false;
            }
            if e.path_is_symlink()
                && e.file_type().is_dir()
                && let Some(refusal) = leaves(&root_for_filter, &inside_for_filter, e.path())
            {
                refused_by_filter.borrow_mut().push(refusal);
                return false;
            }
            true
        })
        .map(move |entry| match entry {
            Ok(e) if e.path_is_symlink() && e.file_type().is_file() => {
                match leaves(&root_owned, &inside, e.path()) {
                    Some(refusal) => Some(Err(refusal)),
                    None => Some(Ok(Found::new(
                        relative(&root_owned, e.path()),
                        e.into_path(),
                    ))),
                }
            }
            Ok(e) if e.file_type().is_file() => {
                let rel = relative(&root_owned, e.path());
                Some(Ok(Found::new(rel, e.into_path())))
            }
            Ok(e) if e.file_type().is_dir() => None,
            Ok(e) => Some(Err(WalkError {
                rel: relative(&root_owned, e.path()),
                kind: "not_regular",
                message: format!("{}, not a regular file: not read", special_kind(&e)),
            })),
            Err(err) => Some(Err(WalkError {
                rel: err
                    .path()
                    .map(|p| relative(&root_owned, p))
                    .unwrap_or_else(|| root_owned.display().to_string()),
                kind: "unreadable",
                message: err.to_string(),
            })),
        })
        .flat_map(move |item| {
            let mut out: Vec<Result<Found, WalkError>> =
                refused.borrow_mut().drain(..).map(Err).collect();
            out.extend(item);
            out
        })
        .chain(std::iter::once(()).flat_map(move |()| {
            let rest: Vec<Result<Found, WalkError>> =
                refused_at_end.borrow_mut().drain(..).map(Err).collect();
            rest
        }));
    Box::new(entries)
}

/// The refusal of a symbolic link whose target lies outside INPUT (`inside`, canonical).
fn leaves(root: &Path, inside: &Path, link: &Path) -> Option<WalkError> {
    let target = link.canonicalize().ok()?;
    (!target.starts_with(inside)).then(|| WalkError {
        rel: relative(root, link),
        kind: "outside_input",
        message: format!(
            "symbolic link to {}, outside the input folder: not read",
            target.display()
        ),
    })
}

/// What kind of file that is neither a regular file nor a folder an entry is.
fn special_kind(e: &walkdir::DirEntry) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = e.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = e;
    "a special file"
}

/// The walk's order of two entries of one folder: by name, bytewise, with a `/` after the
/// name of a folder. Compared as slices (one `memcmp` for the common length), so sorting a
/// folder of many files allocates nothing and does not step through names byte by byte.
fn walk_order(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> Ordering {
    let (x, y) = (name(a), name(b));
    let common = x.len().min(y.len());
    x[..common].cmp(&y[..common]).then_with(|| {
        // One name starts the other: what follows it is its next byte, else the `/` of a
        // folder, else nothing (a name holds no `/`, so a byte never equals it).
        let next = |n: &[u8], dir: bool| n.get(common).copied().or(dir.then_some(b'/'));
        next(x, a.file_type().is_dir()).cmp(&next(y, b.file_type().is_dir()))
    })
}

/// An entry's name: the path's bytes after its last `/`. An entry below the root is its
/// folder's path joined with its name, and `DirEntry::file_name` parses the path's
/// components again at every call, which was most of a walk's time in folders of many
/// files.
fn name(e: &walkdir::DirEntry) -> &[u8] {
    let path = e.path().as_os_str().as_encoded_bytes();
    match memchr::memrchr(b'/', path) {
        Some(at) if e.depth() > 0 => &path[at + 1..],
        _ => e.file_name().as_encoded_bytes(),
    }
}

/// The path of `path` relative to `root`, as the tables write it: `/` between folders,
/// and losslessly even for names that are not UTF-8 — a byte that is not UTF-8 is written
/// `\xNN` and a backslash (a legal character in Unix names) `\\`, so two different files
/// never share a path. A single file given as INPUT is its own root.
pub fn relative(root: &Path, path: &Path) -> String {
    // A path the walk made is the root's bytes, a `/` and names joined by `/`: cut as
    // bytes, without parsing both paths' components.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (r, p) = (root.as_os_str().as_bytes(), path.as_os_str().as_bytes());
        let tail = p.strip_prefix(r).and_then(|t| match (r.last(), t.first()) {
            (Some(b'/'), _) => Some(t),
            (_, Some(b'/')) => Some(&t[1..]),
            _ => None,
        });
        if let Some(tail) = tail.filter(|t| !t.is_empty() && plain(t)) {
            let mut out = String::with_capacity(tail.len());
            for (i, part) in tail.split(|&b| b == b'/').enumerate() {
                if i > 0 {
                    out.push('/');
                }
                escape_name(std::ffi::OsStr::from_bytes(part), &mut out);
            }
            return out;
        }
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = if rel.as_os_str().is_empty() {
        Path::new(path.file_name().unwrap_or(path.as_os_str()))
    } else {
        rel
    };
    let mut out = String::new();
    for (i, part) in rel.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        escape_name(part, &mut out);
    }
    out
}

/// Whether a relative path's bytes are names joined by single `/`s, none of them `.` or
/// `..`: then splitting the bytes at `/` gives the path's components.
#[cfg(unix)]
fn plain(tail: &[u8]) -> bool {
    tail.split(|&b| b == b'/')
        .all(|part| !part.is_empty() && part != b"." && part != b"..")
}

#[cfg(unix)]
fn escape_name(name: &std::ffi::OsStr, out: &mut String) {
    use std::os::unix::ffi::OsStrExt;
    for chunk in name.as_bytes().utf8_chunks() {
        let valid = chunk.valid();
        if valid.contains('\\') {
            out.push_str(&valid.replace('\\', "\\\\"));
        } else {
            out.push_str(valid);
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
}

/// Elsewhere names are Unicode already, and `\` separates folders.
#[cfg(not(unix))]
fn escape_name(name: &std::ffi::OsStr, out: &mut String) {
    out.push_str(&name.to_string_lossy());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn sorted_hidden_and_output_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.txt",
            "a-b.txt",
            "a/z.md",
            "a/metadata.jsonl",
            "a/z.md.meta.json",
            ".hidden.txt",
            ".git/x.txt",
            "out/old.json",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let (found, errors) = discover(root, Some(&root.join("out")));
        assert!(errors.is_empty());
        let listed: Vec<(&str, Role)> = found.iter().map(|f| (f.rel.as_str(), f.role)).collect();
        assert_eq!(
            listed,
            [
                ("a-b.txt", Role::Articles),
                ("a/metadata.jsonl", Role::Manifest),
                ("a/z.md", Role::Articles),
                ("a/z.md.meta.json", Role::Sidecar),
                ("b.txt", Role::Articles),
            ]
        );
    }

    /// Names that start one another, with folders among them: the walk gives the paths
    /// in the bytewise order of the sorted list of paths.
    #[test]
    fn walk_order_is_the_order_of_sorted_paths() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let files = [
            "a", "a-b", "a.txt", "ab", "a0", "b/a/x", "b-c/x", "b/x", "bb", "b!", "c/c/c", "c/c-",
            "c/c.d/e", "c/cc", "Z", "z/~", "z/0",
        ];
        for f in files {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let (found, _) = discover(root, None);
        let walked: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        let mut sorted = walked.clone();
        sorted.sort_unstable();
        assert_eq!(walked, sorted);
        assert_eq!(walked.len(), files.len(), "{walked:?}");
    }

    /// Paths the walk makes, cut from their root as bytes, are the paths `Path` would
    /// give; others (a root that is not a prefix, `.` in the path) take the slow way.
    #[cfg(unix)]
    #[test]
    fn relative_paths_case_table() {
        let cases = [
            ("input", "input/a.md", "a.md"),
            ("input/", "input/a.md", "a.md"),
            ("input", "input/x/y/z.txt", "x/y/z.txt"),
            (".", "./x/a.md", "x/a.md"),
            ("/data/in", "/data/in/2025/a b.md", "2025/a b.md"),
            ("input", "input/x/./a.md", "x/a.md"),
            ("input", "input//x/a.md", "x/a.md"),
            ("in", "input/a.md", "input/a.md"),
            ("input", "input", "input"),
            ("input", "input/back\\slash.md", "back\\\\slash.md"),
        ];
        for (root, path, expected) in cases {
            assert_eq!(
                relative(Path::new(root), Path::new(path)),
                expected,
                "{root} {path}"
            );
        }
    }

    /// Names that are not UTF-8, or hold a backslash, keep paths of their own.
    #[cfg(unix)]
    #[test]
    fn paths_round_trip_whatever_the_name() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let names: [&[u8]; 4] = [
            b"x\xff.txt",
            b"x\xfe.txt",
            b"back\\slash.txt",
            b"caf\xc3\xa9.txt",
        ];
        for name in names {
            fs::write(root.join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        let (found, _) = discover(root, None);
        let rels: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            ["back\\\\slash.txt", "café.txt", "x\\xFE.txt", "x\\xFF.txt"]
        );
    }

    #[test]
    fn one_file_comes_with_its_sidecar_and_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "d/a.txt",
            "d/a.txt.meta.json",
            "d/metadata.jsonl",
            "d/b.txt",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let found = with_metadata(root, &root.join("d/a.txt"));
        let listed: Vec<(&str, Role)> = found.iter().map(|f| (f.rel.as_str(), f.role)).collect();
        assert_eq!(
            listed,
            [
                ("d/a.txt", Role::Articles),
                ("d/metadata.jsonl", Role::Manifest),
                ("d/a.txt.meta.json", Role::Sidecar),
            ]
        );
        // As the whole INPUT, the file is its own root.
        let alone: Vec<String> = walk(&root.join("d/a.txt"), None)
            .map(|f| f.unwrap().rel)
            .collect();
        assert_eq!(alone, ["a.txt", "metadata.jsonl", "a.txt.meta.json"]);
    }
}
