//! Ingestion: one discovered file in, articles (or error rows) out.
//!
//! Each format module turns decoded text into [`Parsed`] pieces with the metadata the file
//! itself carries; this module reads bytes, decodes them, dispatches on the extension,
//! merges metadata from sidecars and manifests (SPEC §2: sidecar > manifest > the file)
//! and settles the publication date, recording which source won.

mod clean;
mod decode;
pub mod fields;
mod furniture;
mod given;
mod html;
mod prose;
pub mod pubdate;
mod records;
pub mod recurring;
mod survey;
mod text;

pub use clean::is_boilerplate;
pub use fields::{FieldMap, Meta};
pub use given::read_fields;
pub use recurring::{Census, Learned};
pub use survey::{census_page, context_digest};

use crate::article::{Article, Format, PublishedFrom};
pub use crate::records::InputError;
use crate::source::{Found, Role};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::path::Path;

/// A format module's result: text plus the metadata the file itself gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub title: String,
    pub body: String,
    pub meta: Meta,
    /// What kind of metadata `meta` is, for `published_from`.
    pub meta_from: PublishedFrom,
    /// A full date on one of the first short lines, read before the page's stamps are
    /// dropped as furniture: the publication date of last resort.
    pub dateline: Option<NaiveDate>,
}

impl Parsed {
    /// The pieces of an article from its title and its cleaned body: the dateline is read
    /// while the page's stamps are still there, then the furniture goes.
    fn new(title: String, body: String) -> Parsed {
        Parsed {
            title,
            dateline: pubdate::dateline(&body),
            body: furniture::strip(body),
            ..Default::default()
        }
    }
}

/// What reading one file produced.
#[derive(Debug, Default)]
pub struct FileResult {
    pub articles: Vec<Article>,
    pub errors: Vec<InputError>,
    /// For each article, the keys of the body lines learned furniture could have dropped
    /// ([`recurring::witness`]): a cached result stays right while the furniture of its
    /// outlet changes only in lines it does not hold.
    pub lines: Vec<Box<[u32]>>,
}

impl FileResult {
    fn push(&mut self, (article, lines): (Article, Box<[u32]>)) {
        self.articles.push(article);
        self.lines.push(lines);
    }
}

/// Options for reading files, from the validated config.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub fields: FieldMap,
    /// Files larger than this are not read.
    pub max_file_bytes: u64,
    /// Whether each article gets its witness ([`recurring::witness`]): only a run that
    /// caches its results keeps it, and keying every line costs a few percent of ingest.
    pub witness: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            fields: FieldMap::default(),
            max_file_bytes: 64 * 1024 * 1024,
            witness: false,
        }
    }
}

/// Metadata from manifests, by article path, and the set of sidecar paths.
#[derive(Debug, Default)]
pub struct MetaIndex {
    /// Each manifest row's metadata, with the row's own path (`dir/metadata.jsonl#N`) for
    /// error rows about it.
    manifest: HashMap<String, (Meta, String)>,
    sidecars: HashSet<String>,
    /// Site furniture learned from the corpus's pages ([`recurring`]); empty until a
    /// census is handed in with [`MetaIndex::learn`].
    learned: Learned,
}

impl MetaIndex {
    /// Hands in the furniture a census learned: ingest drops it from every article of its
    /// outlet.
    pub fn learn(&mut self, learned: Learned) {
        self.learned = learned;
    }

    /// The furniture learned so far.
    pub fn learned(&self) -> &Learned {
        &self.learned
    }

    /// Reads every manifest among `found` and notes the sidecars. Problems in a manifest
    /// are returned as error rows; its good rows still apply.
    pub fn load(found: &[Found], opts: &IngestOptions) -> (MetaIndex, Vec<InputError>) {
        let mut index = MetaIndex::default();
        let mut errors = Vec::new();
        for f in found {
            match f.role {
                Role::Sidecar => {
                    // A sidecar names its article by its own name; one beside no file
                    // describes nothing, which its author will want to know.
                    let article = f.path.to_string_lossy();
                    let article = article.strip_suffix(".meta.json").unwrap_or(&article);
                    if Path::new(article).is_file() {
                        index.sidecars.insert(f.rel.clone());
                    } else {
                        errors.push(InputError {
                            path: f.rel.clone(),
                            stage: "metadata",
                            kind: "orphan",
                            message: format!(
                                "sidecar of {:?}, which is not a file beside it",
                                f.rel.strip_suffix(".meta.json").unwrap_or(&f.rel)
                            ),
                        });
                    }
                }
                Role::Manifest => index.load_manifest(f, opts, &mut errors),
                Role::Articles => {}
            }
        }
        (index, errors)
    }

    fn load_manifest(&mut self, f: &Found, opts: &IngestOptions, errors: &mut Vec<InputError>) {
        let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let text = match read_text(&f.path, opts, false) {
            Ok(d) => d.text,
            Err(e) => {
                errors.push(InputError {
                    path: f.rel.clone(),
                    stage: "metadata",
                    ..e
                });
                return;
            }
        };
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let row = match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(map)) => map,
                Ok(_) | Err(_) => {
                    errors.push(InputError {
                        path: format!("{}#{}", f.rel, i + 1),
                        stage: "metadata",
                        kind: "malformed",
                        message: format!("manifest line {} is not a JSON object", i + 1),
                    });
                    continue;
                }
            };
            let Some(Value::String(file)) = row.get("file") else {
                errors.push(InputError {
                    path: format!("{}#{}", f.rel, i + 1),
                    stage: "metadata",
                    kind: "malformed",
                    message: format!("manifest line {} has no \"file\" field", i + 1),
                });
                continue;
            };
            let at = format!("{}#{}", f.rel, i + 1);
            let named = file.trim_start_matches("./");
            let outside = named.starts_with('/')
                || named.starts_with('\\')
                || named.split(['/', '\\']).any(|part| part == "..")
                || named.get(1..2) == Some(":");
            if outside {
                errors.push(InputError {
                    path: at,
                    stage: "metadata",
                    kind: "outside_input",
                    message: format!(
                        "manifest line {} names {file:?}, outside the manifest's folder",
                        i + 1
                    ),
                });
                continue;
            }
            let folder = f.path.parent().unwrap_or(Path::new(""));
            if !folder.join(named).is_file() {
                errors.push(InputError {
                    path: at,
                    stage: "metadata",
                    kind: "missing_file",
                    message: format!("manifest line {} names {file:?}, which is not there", i + 1),
                });
                continue;
            }
            let key = if dir.is_empty() {
                named.to_string()
            } else {
                format!("{dir}/{named}")
            };
            self.manifest.insert(key, (opts.fields.meta(&row), at));
        }
    }
}

/// Reads one article file into its articles, or error rows.
pub fn read_file(f: &Found, index: &MetaIndex, opts: &IngestOptions) -> FileResult {
    let mut result = FileResult::default();
    let ext = f
        .rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "txt" | "text" => Format::Txt,
        "md" | "markdown" => Format::Md,
        "html" | "htm" | "xhtml" => Format::Html,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::Jsonl,
        "csv" => Format::Csv,
        _ => {
            result.errors.push(InputError {
                path: f.rel.clone(),
                stage: "discover",
                kind: "unsupported",
                message: format!(
                    "unsupported file type {:?}: covtrack reads .txt, .md, .html, .json, .jsonl and .csv",
                    if ext.is_empty() { "(none)" } else { ext.as_str() }
                ),
            });
            return result;
        }
    };
    let (text, encoding) = match read_text(&f.path, opts, format == Format::Html) {
        Ok(d) => (d.text, d.encoding),
        Err(e) => {
            result.errors.push(InputError {
                path: f.rel.clone(),
                ..e
            });
            return result;
        }
    };
    let sidecar = index
        .sidecars
        .contains(&format!("{}.meta.json", f.rel))
        .then(|| read_sidecar(&f.path, &f.rel, opts, &mut result.errors))
        .flatten();
    let manifest = index.manifest.get(&f.rel);
    // A date in a sidecar or manifest that is not a date is said once per file; the
    // article's date then comes from the next place that has one.
    for (meta, at) in [
        (sidecar.as_ref(), format!("{}.meta.json", f.rel)),
        (
            manifest.map(|(m, _)| m),
            manifest.map_or(String::new(), |(_, at)| at.clone()),
        ),
    ] {
        if let Some(value) = meta.and_then(|m| m.date.as_deref())
            && pubdate::parse_date(value).is_none()
        {
            result.errors.push(InputError {
                path: at,
                stage: "metadata",
                kind: "bad_date",
                message: format!(
                    "date {value:?} is not a calendar date between 1990 and 2100 (YYYY-MM-DD or a written date)"
                ),
            });
        }
    }
    let overlay = Overlay {
        sidecar,
        manifest: manifest.map(|(m, _)| m),
        learned: &index.learned,
        witness: opts.witness,
    };

    let bad = |message: String, kind: &'static str| InputError {
        path: f.rel.clone(),
        stage: "parse",
        kind,
        message,
    };
    match format {
        Format::Txt | Format::Md | Format::Html => {
            let parsed = match format {
                Format::Txt => Ok(text::parse_txt(&text)),
                Format::Md => Ok(text::parse_md(&text, &opts.fields)),
                _ => html::parse_html(&text),
            };
            match parsed {
                Ok(p) if p.title.trim().is_empty() && p.body.trim().is_empty() => {
                    result.errors.push(bad(
                        "no text left after removing boilerplate".into(),
                        "no_text",
                    ));
                }
                Ok(p) => result.push(finish(p, f.rel.clone(), &f.rel, format, &overlay, false)),
                Err((kind, message)) => result.errors.push(bad(message, kind)),
            }
        }
        Format::Json | Format::Jsonl | Format::Csv => {
            let records = match format {
                Format::Json => records::parse_json(&text, &opts.fields),
                Format::Jsonl => Ok(records::parse_jsonl(&text, &opts.fields)),
                _ => records::parse_csv(&text, &opts.fields),
            };
            match records {
                Ok(records) if records.is_empty() => {
                    result
                        .errors
                        .push(bad("file holds no records".into(), "no_text"));
                }
                Ok(records) => {
                    for (n, record) in records {
                        let path = format!("{}#{n}", f.rel);
                        match record {
                            Ok(p) => result.push(finish(p, path, &f.rel, format, &overlay, true)),
                            Err(message) => result.errors.push(InputError {
                                path,
                                stage: "parse",
                                kind: "bad_record",
                                message,
                            }),
                        }
                    }
                }
                Err(message) => result.errors.push(bad(message, "malformed")),
            }
        }
    }
    for a in &mut result.articles {
        a.encoding = encoding;
    }
    result
}

/// An article's outlet from its metadata layers, first first: a named source, else the
/// domain of the first URL.
fn source_of<'a>(layers: impl Iterator<Item = &'a Meta> + Clone) -> Option<String> {
    layers.clone().find_map(|m| m.source.clone()).or_else(|| {
        layers
            .filter_map(|m| m.url.as_deref())
            .next()
            .and_then(fields::domain_of)
    })
}

/// Reads and decodes a file within the size limit.
fn read_text(path: &Path, opts: &IngestOptions, html: bool) -> Result<decode::Decoded, InputError> {
    let err = |stage, kind, message| InputError {
        path: String::new(),
        stage,
        kind,
        message,
    };
    // Opened without blocking and checked to be a regular file before anything is read: a
    // file replaced by a named pipe after discovery would otherwise block the run forever.
    let mut file = open_regular(path)
        .map_err(|e| err("read", "unreadable", format!("cannot read file: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| err("read", "unreadable", format!("cannot read file: {e}")))?;
    if !meta.is_file() {
        return Err(err(
            "read",
            "not_regular",
            "not a regular file (a named pipe, socket or device): not read".into(),
        ));
    }
    if meta.len() > opts.max_file_bytes {
        return Err(err(
            "read",
            "too_large",
            format!(
                "file is {} bytes, over the limit of {} (raise it with --max-file-mb)",
                meta.len(),
                opts.max_file_bytes
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // One more byte than the limit shows a file that grew past it since it was measured.
    std::io::Read::by_ref(&mut file)
        .take(opts.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| err("read", "unreadable", format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > opts.max_file_bytes {
        return Err(err(
            "read",
            "too_large",
            format!(
                "file grew past the limit of {} bytes while it was read",
                opts.max_file_bytes
            ),
        ));
    }
    let decoded = decode::decode(&bytes, html).map_err(|e| {
        let kind = match e {
            decode::DecodeError::Empty => "empty",
            decode::DecodeError::Binary(_) | decode::DecodeError::NotText(..) => "binary",
        };
        err("decode", kind, e.to_string())
    })?;
    Ok(decoded)
}

/// Opens a file for reading without waiting on a named pipe or device (on Unix).
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn read_sidecar(
    path: &Path,
    rel: &str,
    opts: &IngestOptions,
    errors: &mut Vec<InputError>,
) -> Option<Meta> {
    let mut sidecar_path = path.as_os_str().to_owned();
    sidecar_path.push(".meta.json");
    let rel = format!("{rel}.meta.json");
    let text = match read_text(Path::new(&sidecar_path), opts, false) {
        Ok(d) => d.text,
        Err(e) => {
            errors.push(InputError {
                path: rel,
                stage: "metadata",
                ..e
            });
            return None;
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Some(opts.fields.meta(&map)),
        _ => {
            errors.push(InputError {
                path: rel,
                stage: "metadata",
                kind: "malformed",
                message: "sidecar is not a JSON object".into(),
            });
            None
        }
    }
}

/// Metadata from outside the file.
struct Overlay<'a> {
    sidecar: Option<Meta>,
    manifest: Option<&'a Meta>,
    learned: &'a Learned,
    /// Whether to give the article its witness ([`IngestOptions::witness`]).
    witness: bool,
}

/// Merges metadata and settles the publication date. For a single-article file the
/// sidecar wins over the manifest and both over the file; for a record of a dataset the
/// record's own fields win and the sidecar and manifest only fill gaps, since they
/// describe the whole dataset.
fn finish(
    p: Parsed,
    path: String,
    file_rel: &str,
    format: Format,
    overlay: &Overlay,
    is_record: bool,
) -> (Article, Box<[u32]>) {
    let own = (&p.meta, p.meta_from);
    let sidecar = overlay
        .sidecar
        .as_ref()
        .map(|m| (m, PublishedFrom::Sidecar));
    let manifest = overlay.manifest.map(|m| (m, PublishedFrom::Manifest));
    let layers: Vec<(&Meta, PublishedFrom)> = if is_record {
        [Some(own), sidecar, manifest]
            .into_iter()
            .flatten()
            .collect()
    } else {
        [sidecar, manifest, Some(own)]
            .into_iter()
            .flatten()
            .collect()
    };
    let pick = |get: fn(&Meta) -> &Option<String>| layers.iter().find_map(|(m, _)| get(m).clone());
    let title = pick(|m| &m.title).unwrap_or_else(|| p.title.clone());
    let url = pick(|m| &m.url);
    let source = source_of(layers.iter().map(|(m, _)| *m));
    let dated = layers
        .iter()
        .find_map(|(m, from)| {
            m.date
                .as_deref()
                .and_then(pubdate::parse_date)
                .map(|d| (d, *from))
        })
        .or_else(|| pubdate::date_in_path(file_rel).map(|d| (d, PublishedFrom::Path)))
        .or_else(|| p.dateline.map(|d| (d, PublishedFrom::Dateline)));
    let (published, published_from): (Option<NaiveDate>, PublishedFrom) = match dated {
        Some((d, from)) => (Some(d), from),
        None => (None, PublishedFrom::None),
    };
    let body = if title != p.title {
        clean::drop_title_repeats(&p.body, &title)
    } else {
        p.body
    };
    // Learned furniture first, then what is not prose: the page's edges are where its
    // text begins and ends once the site's template is gone.
    let (body, lines) = overlay
        .learned
        .strip_witnessed(source.as_deref(), body, overlay.witness);
    let body = prose::strip(body);
    let article = Article {
        path,
        format,
        source,
        url,
        title,
        body,
        published,
        published_from,
        encoding: "UTF-8",
    };
    (article, lines)
}

#[cfg(test)]
mod tests;
