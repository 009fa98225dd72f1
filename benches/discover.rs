//! Discovery benchmark: walking a folder of 20,000 files (20 folders of 1,000, with a
//! manifest in each), the walk a run makes over INPUT (three times with a cache: the list
//! of metadata files, the census, the main pass).
//!
//! `cargo bench --bench discover`

use covtrack::discover::walk;
use divan::Bencher;
use std::path::PathBuf;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const FOLDERS: usize = 20;
const FILES: usize = 1_000;

/// The tree, made once: empty files, since a walk reads names, not contents.
static TREE: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("input");
    for f in 0..FOLDERS {
        let folder = root.join(format!("outlet-{f:03}"));
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("metadata.jsonl"), b"").expect("manifest");
        // Names in no particular order, so the walk's sort has work to do.
        for i in 0..FILES {
            let n = (i * 7919) % FILES;
            std::fs::write(
                folder.join(format!("2025-03-{:02}-article-{n:05}.md", n % 28 + 1)),
                b"",
            )
            .expect("file");
        }
    }
    (dir, root)
});

#[divan::bench(sample_count = 20)]
fn walk_20k_files(bencher: Bencher) {
    let root = &TREE.1;
    bencher.bench(|| walk(root, None).filter(Result::is_ok).count());
}
