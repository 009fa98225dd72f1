"""The Python package against the CLI: the same article gives the same rows.

The CLI binary is ``$COVTRACK_BIN`` (``scripts/test.sh`` builds it and sets it)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import covtrack

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
BIN = os.environ.get("COVTRACK_BIN", str(ROOT / "target" / "debug" / "covtrack"))


def cli(*args: str) -> str:
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True).stdout


def seed_record() -> dict:
    """The seed article as a dataset record: its text and its sidecar's metadata."""
    seed = FIXTURES / "corpus" / "seed" / "trump-ukraine-europe-security-guarantees.txt"
    meta = json.loads(Path(str(seed) + ".meta.json").read_text())
    record = {"text": seed.read_text()}
    for key in ("title", "date", "source", "url"):
        if meta.get(key):
            record[key] = meta[key]
    return record


def stories_records() -> list[dict]:
    """The real articles the stories fixture holds as dataset records (40, in four JSONL
    files of three collections), each with the fields covtrack reads from a record."""
    files = sorted((FIXTURES / "stories" / "corpus").rglob("*.jsonl"))
    raw = [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]
    pick = lambda r, *keys: next((r[k] for k in keys if r.get(k)), None)  # noqa: E731
    return [
        {
            "text": pick(r, "text", "content", "body"),
            "title": pick(r, "title", "headline"),
            "date": pick(r, "date", "published", "pub_date"),
            "source": pick(r, "outlet", "source"),
            "url": pick(r, "url", "web_url"),
        }
        for r in raw
    ]


def test_analyse_equals_inspect_json(tmp_path: Path) -> None:
    record = seed_record()
    (tmp_path / "seed.jsonl").write_text(json.dumps(record) + "\n")
    expected = json.loads(cli("inspect", "--json", str(tmp_path / "seed.jsonl")))
    got = covtrack.analyse(
        record["text"],
        title=record.get("title"),
        published=record.get("date"),
        source=record.get("source"),
        url=record.get("url"),
        path="seed.jsonl#1",
    )
    assert got == expected
    assert got["stance"], "the seed has stance rows"
    assert any(m["holder"] for m in got["stance"]), "and holders"


def test_analyse_with_a_lexicon_from_a_file(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text((ROOT / "crates" / "core" / "src" / "lexicon" / "default.toml").read_text())
    loaded = covtrack.Lexicon.from_file(str(lexicon))
    assert loaded.topics() == covtrack.default_lexicon().topics()
    assert loaded.hash() == covtrack.default_lexicon().hash()
    text = "Trump said the United States would not provide security guarantees to Ukraine."
    assert covtrack.analyse(text, lexicon=loaded) == covtrack.analyse(text)
    with pytest.raises(ValueError):
        covtrack.Lexicon.from_file(str(tmp_path / "missing.toml"))


def assert_same_timeline(actual, expected) -> None:
    assert [r["topic"] for r in actual] == [r["topic"] for r in expected]
    assert len(actual) == len(expected) and len(actual) > 50
    for a, e in zip(actual, expected):
        for k, v in e.items():
            if isinstance(v, float) and a[k] is not None:
                assert a[k] == pytest.approx(v, abs=1e-12), (k, e)
            else:
                assert a[k] == v, (k, e)


def rows(table: pa.Table, drop: tuple[str, ...] = ()) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in drop} for r in table.to_pylist()]


def test_extract_equals_the_cli_tables(tmp_path: Path) -> None:
    records = stories_records()
    folder = tmp_path / "in"
    folder.mkdir()
    # The CLI reads the records from a JSONL file; extract gets the same fields as columns.
    (folder / "all.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    cli("run", str(folder), "--out", str(tmp_path / "out"), "--quiet")
    table = pa.Table.from_pylist(
        [dict(r, path=f"all.jsonl#{n}") for n, r in enumerate(records, start=1)]
    )
    got = covtrack.extract(table, published="date")
    for name in ("dates", "figures", "stance"):
        expected = pq.read_table(tmp_path / "out" / f"{name}.parquet")
        assert got[name].column_names == expected.column_names, name
        assert rows(got[name]) == rows(expected), name
        assert len(got[name]) > 20, name
    # These records hold exact copies (one text under seven dates) but no near copies,
    # which only the run's sketches would find: the stories are the run's too.
    expected = pq.read_table(tmp_path / "out" / "articles.parquet")
    assert len(expected) > 30
    assert got["articles"].column_names == expected.column_names
    assert rows(got["articles"]) == rows(expected)
    assert any(r["story_id"] != r["article_id"] for r in rows(expected))
    cli_errors = pq.read_table(tmp_path / "out" / "errors.parquet")
    assert [e["kind"] for e in rows(got["errors"])] == [e["kind"] for e in rows(cli_errors)]
    # Integers are signed, for Spark.
    for name in ("articles", "dates", "figures", "stance"):
        for field in got[name].schema:
            assert not pa.types.is_unsigned_integer(field.type), (name, field)


def test_extract_takes_batches_pandas_and_polars_and_reports_bad_rows() -> None:
    data = {
        "text": ["Europe could send 30,000 troops.", "", "Europe could send 30,000 troops."],
        "published": ["2025-02-24", "2025-02-25", "2025-02-26"],
    }
    table = pa.table(data)
    by_table = covtrack.extract(table)
    assert [a["article_id"] for a in by_table["articles"].to_pylist()] == [1, 2]
    # The empty text is an error row; the repeated text a duplicate of the first.
    assert by_table["errors"].to_pylist()[0]["path"] == "row-2"
    assert by_table["articles"].to_pylist()[1]["duplicate_of"] == 1
    assert by_table["figures"].to_pylist()[0]["unit"] == "troop"
    for other in (table.to_batches()[0], table.to_pandas()):
        assert covtrack.extract(other)["figures"].equals(by_table["figures"])
    polars = pytest.importorskip("polars")
    assert covtrack.extract(polars.DataFrame(data))["figures"].equals(by_table["figures"])
    with pytest.raises(KeyError):
        covtrack.extract(pa.table({"body": ["x"]}))


def test_extract_releases_the_gil() -> None:
    # Two threads extracting at once finish with the same tables as one: the work does not
    # hold the interpreter (a deadlock or a crash would fail here).
    table = pa.table({"text": [f"Talks on security guarantees, day {i}." for i in range(200)]})
    results = []
    threads = [threading.Thread(target=lambda: results.append(covtrack.extract(table))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0]["stance"].equals(results[1]["stance"])
