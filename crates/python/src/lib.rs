//! covtrack's extraction for Python: the native half of the `covtrack` package.
//!
//! Everything here is a thin layer over `covtrack-core`: an article handed over as fields
//! is read as a record of a dataset is read by a run ([`ingest::read_fields`]), analysed,
//! and turned into the rows of covtrack's tables ([`Records`]). `analyse` gives one
//! article's rows as the JSON `covtrack inspect --json` prints; [`Extractor`] turns Arrow
//! record batches of articles into Arrow record batches of the `articles`, `dates`,
//! `figures` and `stance` tables, with the columns the CLI writes (integers signed, which
//! Spark needs). The GIL is released while articles are analysed.

use arrow::array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, ListBuilder, RecordBatch,
    StringArray, StringBuilder,
};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, Schema};
use arrow::pyarrow::PyArrowType;
use chrono::{Datelike, NaiveDate};
use covtrack_core::ingest::{self, Meta};
use covtrack_core::records::{
    ArticleRow, Column, DateRow, FigureRow, InputError, Records, StanceRow, Table,
};
use covtrack_core::{Lexicon, analyse as analyse_article};
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// A lexicon of topics, terms, actors and cues: covtrack's built-in one or one read from a
/// TOML file of the same shape.
#[pyclass(name = "Lexicon", module = "covtrack", frozen)]
struct PyLexicon {
    inner: Arc<Lexicon>,
}

#[pymethods]
impl PyLexicon {
    /// Reads a lexicon from a TOML file.
    #[staticmethod]
    fn from_file(path: &str) -> PyResult<PyLexicon> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| PyValueError::new_err(format!("reading {path}: {e}")))?;
        let inner =
            Lexicon::from_toml(&text).map_err(|e| PyValueError::new_err(format!("{path}: {e}")))?;
        Ok(PyLexicon {
            inner: Arc::new(inner),
        })
    }

    /// The topic ids, in the lexicon's order.
    fn topics(&self) -> Vec<String> {
        self.inner.topics.iter().map(|t| t.id.clone()).collect()
    }

    /// The hash of the lexicon's source, as `run.json` records it.
    fn hash(&self) -> String {
        self.inner.hash()
    }

    fn __repr__(&self) -> String {
        format!("<covtrack.Lexicon with {} topics>", self.inner.topics.len())
    }
}

/// covtrack's built-in lexicon.
#[pyfunction]
fn default_lexicon() -> PyLexicon {
    PyLexicon {
        inner: Arc::new(Lexicon::default_lexicon()),
    }
}

fn lexicon_or_default(lexicon: Option<&PyLexicon>) -> Arc<Lexicon> {
    lexicon.map_or_else(|| Arc::new(Lexicon::default_lexicon()), |l| l.inner.clone())
}

/// One article's rows, as the JSON of `covtrack inspect --json` for a one-article file.
#[pyfunction]
#[pyo3(signature = (text, *, title=None, published=None, source=None, url=None, path="text", lexicon=None))]
#[allow(clippy::too_many_arguments)]
fn analyse_json(
    py: Python<'_>,
    text: String,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
    path: &str,
    lexicon: Option<&PyLexicon>,
) -> PyResult<String> {
    let lexicon = lexicon_or_default(lexicon);
    let fields = Meta {
        text: Some(text),
        title,
        date: published,
        source,
        url,
    };
    py.detach(|| {
        let article = ingest::read_fields(&fields, path)
            .map_err(|e| PyValueError::new_err(format!("{}: {}", e.path, e.message)))?;
        let analysis = analyse_article(&article, &lexicon);
        let body = article.body.clone();
        let mut records = Records::new(article, &analysis);
        records.number(1);
        let mut object = serde_json::Map::new();
        let mut row = serde_json::to_value(&records.article).expect("rows serialize");
        if let Some(row) = row.as_object_mut() {
            row.insert("body".into(), body.into());
        }
        object.insert("article".into(), row);
        object.insert("dates".into(), json(&records.dates));
        object.insert("figures".into(), json(&records.figures));
        object.insert("stance".into(), json(&records.stance));
        Ok(serde_json::to_string(&object).expect("rows serialize"))
    })
}

fn json<T: Table>(rows: &[T]) -> serde_json::Value {
    serde_json::to_value(rows).expect("rows serialize")
}

/// Turns record batches of articles into batches of covtrack's tables. Ids count on
/// across batches, and a text equal to an earlier one's is marked `duplicate_of` it, as a
/// run marks it; stories of near copies need the whole corpus and are `covtrack run`'s.
/// `story_id` is left to the caller, who sees every batch (see `id`).
#[pyclass(module = "covtrack")]
struct Extractor {
    lexicon: Arc<Lexicon>,
    /// The names of the input columns: text, title, published, source, url, path.
    columns: [Option<String>; 6],
    /// A column of given article ids (Spark numbers rows itself): then duplicates are not
    /// marked here. Either way each article's text fingerprint comes back as an extra
    /// `fingerprint` column of `articles`, from which the caller groups copies of one
    /// text into a story (headed by the earliest published, as the CLI's stories are).
    id: Option<String>,
    next_id: u64,
    originals: HashMap<u64, u64>,
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (*, text, title, published, source, url, path, lexicon, id=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        text: &str,
        title: Option<&str>,
        published: Option<&str>,
        source: Option<&str>,
        url: Option<&str>,
        path: Option<&str>,
        lexicon: Option<&PyLexicon>,
        id: Option<&str>,
    ) -> Extractor {
        let name = |n: Option<&str>| n.map(str::to_string);
        Extractor {
            lexicon: lexicon_or_default(lexicon),
            columns: [
                Some(text.to_string()),
                name(title),
                name(published),
                name(source),
                name(url),
                name(path),
            ],
            id: name(id),
            next_id: 1,
            originals: HashMap::new(),
        }
    }

    /// The `articles`, `dates`, `figures`, `stance` and `errors` batches of one batch of
    /// articles.
    #[allow(clippy::type_complexity)]
    fn extract(
        &mut self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
    ) -> PyResult<Vec<(String, PyArrowType<RecordBatch>)>> {
        let batch = batch.0;
        let mut inputs: Vec<Option<Vec<Option<String>>>> = Vec::new();
        for (i, name) in self.columns.iter().enumerate() {
            let Some(name) = name else {
                inputs.push(None);
                continue;
            };
            match batch.schema().index_of(name) {
                Ok(k) => inputs.push(Some(strings(batch.column(k), name)?)),
                Err(_) if i == 0 => {
                    return Err(PyKeyError::new_err(format!(
                        "no column {name:?} of article text (columns: {})",
                        column_names(&batch)
                    )));
                }
                Err(_) => inputs.push(None),
            }
        }
        let given: Option<Vec<u64>> = match &self.id {
            Some(name) => {
                let k = batch
                    .schema()
                    .index_of(name)
                    .map_err(|_| PyKeyError::new_err(format!("no id column {name:?}")))?;
                let ids = strings(batch.column(k), name)?;
                Some(
                    ids.iter()
                        .map(|v| v.as_deref().and_then(|v| v.parse().ok()))
                        .collect::<Option<Vec<u64>>>()
                        .ok_or_else(|| {
                            PyValueError::new_err(format!(
                                "column {name:?} holds a null or a non-integer id"
                            ))
                        })?,
                )
            }
            None => None,
        };
        let rows = batch.num_rows();
        let numbered_here = given.is_none();
        let first = self.next_id;
        let lexicon = self.lexicon.clone();
        let originals = &mut self.originals;
        let tables = py.detach(move || -> Result<Tables, arrow::error::ArrowError> {
            let mut out = Tables::default();
            let get = |c: usize, r: usize| -> Option<String> {
                inputs[c].as_ref().and_then(|v| v[r].clone())
            };
            let mut id = first;
            for r in 0..rows {
                if let Some(given) = &given {
                    id = given[r];
                }
                let row = given.as_ref().map_or(first + r as u64, |g| g[r]);
                let path = get(5, r).unwrap_or_else(|| format!("row-{row}"));
                let fields = Meta {
                    text: get(0, r),
                    title: get(1, r),
                    date: get(2, r),
                    source: get(3, r),
                    url: get(4, r),
                };
                let article = match ingest::read_fields(&fields, &path) {
                    Ok(a) => a,
                    Err(e) => {
                        out.errors.push(e);
                        continue;
                    }
                };
                let analysis = analyse_article(&article, &lexicon);
                let mut records = Records::new(article, &analysis);
                records.number(id);
                out.fingerprints.push(analysis.fingerprint as i64);
                if given.is_none() {
                    let original = *originals.entry(analysis.fingerprint).or_insert(id);
                    if original != id {
                        records.article.duplicate_of = Some(original);
                    }
                }
                out.push(records);
                id += 1;
            }
            Ok(out)
        });
        let tables = tables.map_err(|e| PyValueError::new_err(e.to_string()))?;
        if numbered_here {
            self.next_id = first + tables.articles.len() as u64;
        }
        tables
            .batches()
            .map_err(|e| PyValueError::new_err(e.to_string()))
            .map(|v| v.into_iter().map(|(n, b)| (n, PyArrowType(b))).collect())
    }
}

#[derive(Default)]
struct Tables {
    articles: Vec<ArticleRow>,
    dates: Vec<DateRow>,
    figures: Vec<FigureRow>,
    stance: Vec<StanceRow>,
    errors: Vec<InputError>,
    /// Each article's text fingerprint, when ids are given.
    fingerprints: Vec<i64>,
}

impl Tables {
    fn push(&mut self, records: Records) {
        self.articles.push(records.article);
        self.dates.extend(records.dates);
        self.figures.extend(records.figures);
        self.stance.extend(records.stance);
    }

    fn batches(&self) -> Result<Vec<(String, RecordBatch)>, arrow::error::ArrowError> {
        // The articles' rows and, last, each one's text fingerprint (see `Extractor::id`).
        let rows = to_arrow(&self.articles)?;
        let mut fields: Vec<Field> = rows
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        let mut columns = rows.columns().to_vec();
        fields.push(Field::new("fingerprint", DataType::Int64, false));
        columns.push(Arc::new(Int64Array::from(self.fingerprints.clone())));
        let articles = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)?;
        Ok(vec![
            (ArticleRow::NAME.into(), articles),
            (DateRow::NAME.into(), to_arrow(&self.dates)?),
            (FigureRow::NAME.into(), to_arrow(&self.figures)?),
            (StanceRow::NAME.into(), to_arrow(&self.stance)?),
            (InputError::NAME.into(), to_arrow(&self.errors)?),
        ])
    }
}

fn column_names(batch: &RecordBatch) -> String {
    let names: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    names.join(", ")
}

/// A column as optional strings: text as it is, dates and timestamps as ISO days, other
/// types by Arrow's cast to text.
fn strings(array: &ArrayRef, name: &str) -> PyResult<Vec<Option<String>>> {
    let array = match array.data_type() {
        DataType::Timestamp(..) | DataType::Date64 => cast(array, &DataType::Date32),
        _ => Ok(array.clone()),
    }
    .and_then(|a| cast(&a, &DataType::Utf8))
    .map_err(|e| PyValueError::new_err(format!("column {name:?}: {e}")))?;
    let text = array
        .as_any()
        .downcast_ref::<StringArray>()
        .expect("cast to Utf8 gives a StringArray");
    Ok(text.iter().map(|v| v.map(str::to_string)).collect())
}

/// Days from 1970-01-01, Arrow's Date32.
fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - 719_163
}

/// Rows of any covtrack table as an Arrow record batch, column by column from the core's
/// columnar view. Integers are signed 64-bit: Spark has no unsigned types, and a `u32`
/// does not fit a signed 32-bit column.
fn to_arrow<T: Table>(rows: &[T]) -> Result<RecordBatch, arrow::error::ArrowError> {
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (name, column) in T::columns(rows) {
        let (array, nullable): (ArrayRef, bool) = match column {
            Column::U32(v) => (
                Arc::new(Int64Array::from_iter_values(v.into_iter().map(i64::from))),
                false,
            ),
            Column::U64(v) => (
                Arc::new(Int64Array::from_iter_values(
                    v.into_iter().map(|x| x as i64),
                )),
                false,
            ),
            Column::OptU64(v) => (
                Arc::new(Int64Array::from_iter(
                    v.into_iter().map(|x| x.map(|x| x as i64)),
                )),
                true,
            ),
            Column::F64(v) => (Arc::new(Float64Array::from(v)), false),
            Column::OptF64(v) => (Arc::new(Float64Array::from(v)), true),
            Column::Bool(v) => (Arc::new(BooleanArray::from(v)), false),
            Column::Str(v) => (Arc::new(StringArray::from(v)), false),
            Column::OptStr(v) => (Arc::new(StringArray::from(v)), true),
            Column::Date(v) => (
                Arc::new(Date32Array::from_iter_values(v.into_iter().map(days))),
                false,
            ),
            Column::OptDate(v) => (
                Arc::new(Date32Array::from_iter(v.into_iter().map(|d| d.map(days)))),
                true,
            ),
            Column::StrList(v) => {
                let mut list = ListBuilder::new(StringBuilder::new());
                for items in v {
                    for s in items {
                        list.values().append_value(s);
                    }
                    list.append(true);
                }
                (Arc::new(list.finish()), false)
            }
        };
        fields.push(Field::new(name, array.data_type().clone(), nullable));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

#[pymodule]
fn _covtrack(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLexicon>()?;
    m.add_class::<Extractor>()?;
    m.add_function(wrap_pyfunction!(default_lexicon, m)?)?;
    m.add_function(wrap_pyfunction!(analyse_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
