"""docs/timeline.sql in DuckDB over a run's partitioned stance gives the run's timeline."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from test_covtrack import FIXTURES, ROOT, assert_same_timeline, cli

duckdb = pytest.importorskip("duckdb")


@pytest.mark.parametrize("period", ["week", "month"])
def test_the_documented_query_gives_the_timeline(tmp_path: Path, period: str) -> None:
    out = tmp_path / "out"
    cli("run", str(FIXTURES / "corpus"), "--out", str(out), "--quiet", "--period", period,
        "--partition-by-period")
    stance = pq.read_table(out / "stance.parquet")
    parts = sorted((out / "partitioned" / "stance").glob("period=*/part-0.parquet"))
    assert len(parts) > 3 and sum(pq.read_metadata(p).num_rows for p in parts) == len(stance)
    con = duckdb.connect()
    con.execute(f"SET VARIABLE out = '{out}'")
    con.execute(f"SET VARIABLE period = '{period}'")
    rel = con.sql((ROOT / "docs" / "timeline.sql").read_text())
    got = [dict(zip(rel.columns, r)) for r in rel.fetchall()]
    expected = pq.read_table(out / "timeline.parquet").to_pylist()
    assert_same_timeline(got, expected)
