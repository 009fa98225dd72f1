//! Articles handed over as fields rather than read from files: what the Python module and
//! Spark executors analyse, read the way a run reads a record of a dataset.

use super::{FieldMap, Format, InputError, Learned, Meta, Overlay, finish, records};
use crate::article::Article;
use serde_json::Value;

/// Reads an article given as fields (the [`Meta`] a record's keys give: text, title, date
/// as written or ISO, outlet, URL) exactly as covtrack reads a line of a JSONL file with
/// the keys `text`, `title`, `date`, `source` and `url`: so `covtrack inspect` on such a
/// line, and a run over such a file, give the rows a caller of this gets. `path` names the
/// article in its rows (a JSONL line is `FILE#LINE`). No furniture is learned from other
/// articles: that needs the corpus, which a run has and one record does not.
pub fn read_fields(fields: &Meta, path: &str) -> Result<Article, InputError> {
    let mut map = serde_json::Map::new();
    for (key, value) in [
        ("title", &fields.title),
        ("text", &fields.text),
        ("date", &fields.date),
        ("source", &fields.source),
        ("url", &fields.url),
    ] {
        if let Some(v) = value {
            map.insert(key.to_string(), Value::String(v.clone()));
        }
    }
    let parsed = records::record(Value::Object(map), &FieldMap::default()).map_err(|message| {
        InputError {
            path: path.to_string(),
            stage: "parse",
            kind: "bad_record",
            message,
        }
    })?;
    let learned = Learned::default();
    let overlay = Overlay {
        sidecar: None,
        manifest: None,
        learned: &learned,
        witness: false,
    };
    Ok(finish(
        parsed,
        path.to_string(),
        path,
        Format::Jsonl,
        &overlay,
        true,
    )
    .0)
}
