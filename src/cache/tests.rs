//! The manifest's merge with the walk.

use super::*;

fn found(rel: &str) -> Found {
    Found::new(rel.to_string(), PathBuf::from(rel))
}

fn entry(rel: &str) -> Entry {
    Entry {
        rel: rel.to_string(),
        size: 1,
        mtime: None,
        hash: 0,
        context: 0,
        segment: 1,
        census: None,
        lines: None,
    }
}

#[test]
fn walk_and_manifest_merge_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path(), "k".into()).unwrap();
    let mut w = cache
        .manifest_writer("o".into(), 0, Learned::default(), "run".into())
        .unwrap();
    for rel in ["a.txt", "b/c.md", "d.txt", "z.txt"] {
        w.push(&entry(rel)).unwrap();
    }
    assert_eq!(w.commit().unwrap(), vec![1]);
    let cache = Cache::open(dir.path(), "k".into()).unwrap();
    let files = ["a.txt", "b-x.txt", "b/c.md", "e.txt"].map(found);
    let mut joined = Joined::new(files.into_iter(), cache.entries());
    let pairs: Vec<(String, Option<String>)> = joined
        .by_ref()
        .map(|(f, e)| (f.rel, e.map(|e| e.rel)))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a.txt".into(), Some("a.txt".into())),
            ("b-x.txt".into(), None),
            ("b/c.md".into(), Some("b/c.md".into())),
            ("e.txt".into(), None),
        ]
    );
    // d.txt was passed over, z.txt is after the last file.
    assert_eq!(joined.finish(), 2);
}

#[test]
fn a_manifest_of_another_key_is_no_previous_run() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path(), "one".into()).unwrap();
    let mut w = cache
        .manifest_writer("o".into(), 0, Learned::default(), "run".into())
        .unwrap();
    w.push(&entry("a.txt")).unwrap();
    w.commit().unwrap();
    assert_eq!(
        Cache::open(dir.path(), "one".into())
            .unwrap()
            .entries()
            .count(),
        1
    );
    assert_eq!(
        Cache::open(dir.path(), "two".into())
            .unwrap()
            .entries()
            .count(),
        0
    );
}

#[test]
fn a_truncated_manifest_ends_where_it_stops_making_sense() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path(), "k".into()).unwrap();
    let mut w = cache
        .manifest_writer("o".into(), 0, Learned::default(), "run".into())
        .unwrap();
    for rel in ["a.txt", "b.txt", "c.txt"] {
        w.push(&entry(rel)).unwrap();
    }
    w.commit().unwrap();
    let path = dir.path().join(MANIFEST);
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() - 8]).unwrap();
    let n = Cache::open(dir.path(), "k".into())
        .unwrap()
        .entries()
        .count();
    assert!(n < 3, "{n} entries read from a cut manifest");
}
