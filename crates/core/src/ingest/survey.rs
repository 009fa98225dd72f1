//! What a run learns of an article file without ingesting it: its page for the census of
//! recurring lines, and the digest of the metadata from outside it that a cache keys on.

use super::{IngestOptions, Meta, MetaIndex, read_sidecar, read_text, recurring, source_of, text};
use crate::source::Found;

/// A digest of the metadata from outside a file that shapes how it is read: its sidecar's
/// bytes and its manifest row. Two runs that give a file the same bytes and the same digest
/// read the same articles from it (with the same furniture learned), so a cache of its
/// results keys on both.
pub fn context_digest(f: &Found, index: &MetaIndex) -> u64 {
    let mut key = Vec::new();
    if index.sidecars.contains(&format!("{}.meta.json", f.rel)) {
        let mut sidecar = f.path.as_os_str().to_owned();
        sidecar.push(".meta.json");
        key.push(1u8);
        // An unreadable sidecar is an error row of the file's own result, as it would be
        // again: its digest differs from any readable one's.
        match std::fs::read(&sidecar) {
            Ok(bytes) => key.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&bytes).to_le_bytes()),
            Err(e) => key.extend_from_slice(e.to_string().as_bytes()),
        }
    }
    if let Some((meta, at)) = index.manifest.get(&f.rel) {
        key.push(2u8);
        key.extend_from_slice(format!("{meta:?}{at}").as_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&key)
}

/// One article file as the census of recurring lines sees it ([`recurring::Page`]): its
/// outlet, decided as [`read_file`] decides it (sidecar, manifest, the file's own front
/// matter or metadata list, else the URL's domain), its URL or title, and its lines before
/// cleaning. Only Markdown and text files are counted, read without the rest of ingest:
/// their lines are the article's lines, where an HTML file's or a record's are not. `None`
/// for other formats, unreadable files and articles of no known outlet. A page `keep` turns
/// down by outlet and identity hash ([`Census::could_keep`]) comes without its lines,
/// which are not read.
pub fn census_page(
    f: &Found,
    index: &MetaIndex,
    opts: &IngestOptions,
    keep: impl Fn(&str, u64) -> bool,
) -> Option<recurring::Seen> {
    let ext = f
        .rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())?;
    let md = match ext.as_str() {
        "md" | "markdown" => true,
        "txt" | "text" => false,
        _ => return None,
    };
    let sidecar = index
        .sidecars
        .contains(&format!("{}.meta.json", f.rel))
        .then(|| read_sidecar(&f.path, &f.rel, opts, &mut Vec::new()))
        .flatten();
    let manifest = index.manifest.get(&f.rel).map(|(m, _)| m);
    // A text file has no metadata of its own: without a sidecar or a manifest row it has
    // no outlet, and its bytes are not read.
    if !md && sidecar.is_none() && manifest.is_none() {
        return None;
    }
    let text = read_text(&f.path, opts, false).ok()?.text;
    // A text file's lines are its text; a Markdown page's inline marks are reduced only
    // when the page needs its lines: for its identity (no URL or title) or to be counted.
    let (own, sections, mut body) = if md {
        let (own, sections) = text::census_md_meta(&text, &opts.fields);
        (own, sections, None)
    } else {
        (Meta::default(), String::new(), Some(text))
    };
    let layers = || {
        [sidecar.as_ref(), manifest, Some(&own)]
            .into_iter()
            .flatten()
    };
    let source = source_of(layers())?;
    let identity = layers()
        .find_map(|m| m.url.clone().or_else(|| m.title.clone()))
        .or_else(|| {
            body.get_or_insert_with(|| text::census_md_body(&sections))
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(str::to_string)
        })
        .unwrap_or_default();
    let id = recurring::page_id(&source, &identity);
    let page = keep(&source, id).then(|| {
        let body = body.unwrap_or_else(|| text::census_md_body(&sections));
        recurring::Page::with_id(source.clone(), id, body.lines())
    });
    Some(recurring::Seen { source, id, page })
}
