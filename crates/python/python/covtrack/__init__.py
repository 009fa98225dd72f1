"""covtrack's extraction from Python: the dates, figures and stance of news articles.

``analyse`` gives one article's rows as ``covtrack inspect --json`` prints them;
``extract`` turns a pyarrow Table (or RecordBatch, or anything ``pyarrow.table`` accepts,
such as a pandas or polars DataFrame) of articles into covtrack's ``articles``, ``dates``,
``figures``, ``stance`` and ``errors`` tables, with the CLI's columns and values. Each
article is read as covtrack reads a record of a dataset (a JSONL line with the fields
``text``, ``title``, ``date``, ``source`` and ``url``). The work runs in Rust with the GIL
released, so threads of one process can extract in parallel.
"""

from __future__ import annotations

import json
from typing import Any, Optional

import pyarrow as pa

from ._covtrack import Extractor, Lexicon, __version__, analyse_json, default_lexicon

__all__ = ["Lexicon", "TABLES", "analyse", "default_lexicon", "extract", "__version__"]

#: The tables ``extract`` returns, in the order the CLI writes them.
TABLES = ("articles", "dates", "figures", "stance", "errors")


def analyse(
    text: str,
    *,
    title: Optional[str] = None,
    published: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    path: str = "text",
    lexicon: Optional[Lexicon] = None,
) -> dict[str, Any]:
    """One article's rows: ``{"article": {...}, "dates": [...], "figures": [...],
    "stance": [...]}``, the same keys and values as ``covtrack inspect --json`` on a JSONL
    file holding this article as its one record (``path`` names it in the rows)."""
    return json.loads(
        analyse_json(
            text,
            title=title,
            published=published,
            source=source,
            url=url,
            path=path,
            lexicon=lexicon,
        )
    )


def _batches(table: Any) -> tuple[pa.Schema, list[pa.RecordBatch]]:
    if isinstance(table, pa.RecordBatch):
        return table.schema, [table]
    if not isinstance(table, pa.Table):
        table = pa.table(table)
    return table.schema, table.to_batches()


def extract(
    table: Any,
    *,
    text: str = "text",
    title: Optional[str] = "title",
    published: Optional[str] = "published",
    source: Optional[str] = "source",
    url: Optional[str] = "url",
    path: Optional[str] = "path",
    lexicon: Optional[Lexicon] = None,
) -> dict[str, pa.Table]:
    """covtrack's per-article tables for a table of articles, one row per article.

    Only the ``text`` column is required; a named column the table lacks is treated as
    empty. ``published`` may hold dates, timestamps or written dates. Article ids count
    from 1 in row order, an article whose cleaned text equals an earlier one's is marked
    ``duplicate_of`` it, and copies of one text are one story headed by the earliest
    published; near copies are found across a corpus by ``covtrack run``'s sketches, so
    here every other article is its own story.
    """
    schema, batches = _batches(table)
    extractor = Extractor(
        text=text,
        title=title,
        published=published,
        source=source,
        url=url,
        path=path,
        lexicon=lexicon,
    )
    if not batches:
        batches = [pa.RecordBatch.from_pylist([], schema=schema)]
    parts: dict[str, list[pa.RecordBatch]] = {name: [] for name in TABLES}
    for batch in batches:
        for name, out in extractor.extract(batch):
            parts[name].append(out)
    tables = {name: pa.Table.from_batches(parts[name]) for name in TABLES}
    tables["articles"] = _stories(tables["articles"])
    return tables


def _stories(articles: pa.Table) -> pa.Table:
    """Copies of one text as one story, headed by the earliest published copy (undated
    ones last, then the lowest id), as ``covtrack run`` heads its stories; the text
    fingerprint column the extractor adds is dropped."""
    ids = articles.column("article_id").to_pylist()
    days = articles.column("published").to_pylist()
    prints = articles.column("fingerprint").to_pylist()
    head: dict[int, tuple] = {}
    for i, d, f in zip(ids, days, prints):
        key = (d is None, d or 0, i)
        if f not in head or key < head[f]:
            head[f] = key
    story = pa.array([head[f][2] for f in prints], pa.int64())
    at = articles.schema.get_field_index("story_id")
    articles = articles.set_column(at, articles.schema.field(at), story)
    return articles.drop_columns(["fingerprint"])
