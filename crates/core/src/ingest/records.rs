//! Datasets: JSON (one object or an array), JSON Lines and CSV, one article per record.
//!
//! A bad record (a line that is not JSON, a ragged CSV row, a record with neither text nor
//! title) becomes an error of its own; the file's other records still count.

use super::Parsed;
use super::clean::{clean_lines, drop_title_repeats};
use super::fields::FieldMap;
use crate::article::PublishedFrom;
use serde_json::{Map, Value};

/// One record's outcome: its 1-based number in the file and the article or the reason
/// it was rejected.
pub type RecordResult = (usize, Result<Parsed, String>);

/// Reads a `.json` file: one article object, an array of them, or an object wrapping an
/// array of them (`{"articles": [...]}`, as news APIs return).
pub fn parse_json(text: &str, fields: &FieldMap) -> Result<Vec<RecordResult>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))?;
    let items: Vec<Value> = match value {
        Value::Array(items) => items,
        Value::Object(map) => {
            if fields.meta(&map).text.is_some() || fields.meta(&map).title.is_some() {
                vec![Value::Object(map)]
            } else if let Some(items) = map.values().find_map(|v| match v {
                Value::Array(items) if items.iter().any(Value::is_object) => Some(items.clone()),
                _ => None,
            }) {
                items
            } else {
                let keys: Vec<&str> = map.keys().map(String::as_str).take(8).collect();
                return Err(format!(
                    "JSON object has no text or title field (keys: {})",
                    keys.join(", ")
                ));
            }
        }
        other => {
            return Err(format!(
                "expected a JSON object or array, found {}",
                kind(&other)
            ));
        }
    };
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (i + 1, record(item, fields)))
        .collect())
}

/// Reads a `.jsonl` / `.ndjson` file; records are numbered by line.
pub fn parse_jsonl(text: &str, fields: &FieldMap) -> Vec<RecordResult> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let parsed = serde_json::from_str::<Value>(line)
                .map_err(|e| format!("malformed JSON on line {}: {e}", i + 1))
                .and_then(|v| record(v, fields));
            (i + 1, parsed)
        })
        .collect()
}

/// Reads a `.csv` file with a header row; records are numbered by data row.
pub fn parse_csv(text: &str, fields: &FieldMap) -> Result<Vec<RecordResult>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("malformed CSV header: {e}"))?
        .clone();
    if headers.is_empty() {
        return Err("CSV file has no header row".into());
    }
    if !headers.iter().any(|h| fields.names_text(h.trim())) {
        let first: Vec<&str> = headers.iter().take(4).collect();
        return Err(format!(
            "the first row names no title or text column ({}): covtrack reads CSV with a header row; \
             add one, or name the columns with --field title=COLUMN / --field text=COLUMN",
            first.join(", ")
        ));
    }
    // Quotes come in pairs in a well-formed file (an escaped quote is doubled); an odd
    // count means one field never closes, and the reader took the rest of the file into it.
    let unterminated = text.bytes().filter(|&b| b == b'"').count() % 2 == 1;
    let mut out = Vec::new();
    let mut rows = reader.records().enumerate().peekable();
    while let Some((i, row)) = rows.next() {
        if unterminated && rows.peek().is_none() {
            let line = row
                .as_ref()
                .ok()
                .and_then(|r| r.position())
                .map_or(0, |p| p.line());
            out.push((
                i + 1,
                Err(format!(
                    "a quote opened in this record (line {line}) is never closed, so the rest of \
                     the file ({} lines) would be one field: record not read",
                    text.lines().count().saturating_sub(line as usize) + 1
                )),
            ));
            break;
        }
        let parsed = match row {
            Ok(row) => {
                let map: Map<String, Value> = headers
                    .iter()
                    .zip(row.iter())
                    .map(|(h, v)| (h.trim().to_string(), Value::String(v.to_string())))
                    .collect();
                record(Value::Object(map), fields)
            }
            Err(e) => Err(format!("malformed CSV row: {e}")),
        };
        out.push((i + 1, parsed));
    }
    Ok(out)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One record to an article; a headline-only record is an article whose text is its
/// headline.
pub(super) fn record(value: Value, fields: &FieldMap) -> Result<Parsed, String> {
    let Value::Object(map) = value else {
        return Err(format!("record is {}, not an object", kind(&value)));
    };
    let meta = fields.meta(&map);
    let title = meta.title.clone().unwrap_or_default();
    let body = meta.text.as_deref().map(clean_lines).unwrap_or_default();
    if title.is_empty() && body.is_empty() {
        let keys: Vec<&str> = map.keys().map(String::as_str).take(8).collect();
        return Err(format!(
            "record has no text or title field (fields: {}); name one with --field text=COLUMN",
            keys.join(", ")
        ));
    }
    let body = drop_title_repeats(&body, &title);
    let mut parsed = Parsed::new(title, body);
    parsed.meta = meta;
    parsed.meta_from = PublishedFrom::Record;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_with_a_bad_line_keeps_the_good_ones() {
        let text = "{\"title\":\"A\",\"text\":\"Body A.\",\"date\":\"2022-02-24\"}\n{broken\n\n{\"headline\":\"C only\"}\n";
        let out = parse_jsonl(text, &FieldMap::default());
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].0, 1);
        assert_eq!(out[0].1.as_ref().unwrap().body, "Body A.");
        assert!(out[1].1.as_ref().unwrap_err().contains("line 2"));
        assert_eq!(out[2].0, 4);
        let c = out[2].1.as_ref().unwrap();
        assert_eq!((c.title.as_str(), c.body.as_str()), ("C only", ""));
    }

    #[test]
    fn csv_ragged_row_is_one_error() {
        let text = "published,headlines,articles\n2022/05/10,Title one,\"Body\nwith newline\"\n2022/05/11,only two\n2022/05/12,Three,Body three\n";
        let out = parse_csv(text, &FieldMap::default()).unwrap();
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].1.as_ref().unwrap().body, "Body\nwith newline");
        assert!(out[1].1.is_err());
        assert_eq!(out[2].1.as_ref().unwrap().title, "Three");
    }

    /// A quote that never closes swallows every later row; a file without a header row loses
    /// its first record to it. Both are said, not read as if well formed.
    #[test]
    fn unterminated_quotes_and_missing_headers_are_errors() {
        let text = "title,text\nOne,First body\nTwo,\"Second body\nThree,Third body\nFour,x\n";
        let out = parse_csv(text, &FieldMap::default()).unwrap();
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].1.is_ok());
        let err = out[1].1.as_ref().unwrap_err();
        assert!(
            err.contains("never closed") && err.contains("line 3"),
            "{err}"
        );

        let headless = "Talks resume,Negotiators met on Monday.\nSecond,Another body.\n";
        let err = parse_csv(headless, &FieldMap::default()).unwrap_err();
        assert!(err.contains("names no title or text column"), "{err}");
        // The same file is read when --field names its columns.
        let named = FieldMap::from_specs(&["title=Talks resume".into()]).unwrap();
        assert_eq!(parse_csv(headless, &named).unwrap().len(), 1);
        // Escaped quotes keep the count even.
        let escaped = "title,text\nOne,\"He said \"\"no\"\" twice\"\n";
        assert!(
            parse_csv(escaped, &FieldMap::default()).unwrap()[0]
                .1
                .is_ok()
        );
    }

    #[test]
    fn json_shapes() {
        let fields = FieldMap::default();
        assert_eq!(
            parse_json("{\"title\":\"T\",\"body\":\"B\"}", &fields)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            parse_json(
                "{\"status\":\"ok\",\"articles\":[{\"title\":\"T\"},{\"title\":\"U\"}]}",
                &fields
            )
            .unwrap()
            .len(),
            2
        );
        assert!(
            parse_json("{\"title\": \"T\", \"bo", &fields)
                .unwrap_err()
                .contains("malformed")
        );
        assert!(parse_json("{\"count\": 3}", &fields).is_err());
    }
}
