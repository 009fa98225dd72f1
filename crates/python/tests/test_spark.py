"""covtrack on Spark (local[2]) against the CLI: the same stance rows, and the timeline of
docs/tables.md computed in Spark SQL equal to the CLI's table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java for Spark", allow_module_level=True)

from test_covtrack import assert_same_timeline, cli, stories_records  # noqa: E402

import covtrack.spark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    import os
    import sys

    from pyspark.sql import SparkSession

    # Executors run this interpreter, where covtrack and pyarrow are installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("covtrack-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


def plain(rows):
    """Rows as comparable Python values (Spark decimals and numpy ints as int)."""
    out = []
    for r in rows:
        d = {}
        for k, v in r.items():
            if hasattr(v, "as_integer_ratio") and not isinstance(v, float) and not isinstance(v, bool):
                v = int(v)
            if isinstance(v, (list, tuple)) or type(v).__name__ == "ndarray":
                v = list(v)
            d[k] = v
        out.append(d)
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("spark")
    records = stories_records()
    (tmp / "in").mkdir()
    (tmp / "in" / "all.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    cli("run", str(tmp / "in"), "--out", str(tmp / "out"), "--quiet")
    return tmp, records


def test_spark_extract_gives_the_cli_tables(spark, run) -> None:
    tmp, records = run
    rows = [dict(r, path=f"all.jsonl#{n}", line=n) for n, r in enumerate(records, start=1)]
    # Reversed and split over partitions: ids still follow the lines, as the CLI's do.
    schema = "text string, title string, date string, source string, url string, path string, line int"
    df = spark.createDataFrame(list(reversed(rows)), schema).repartition(3)
    got = covtrack.spark.extract(df, published="date", order_by="line")
    keys = {"dates": ["article_id", "sentence", "start"], "figures": ["article_id", "sentence", "start"],
            "stance": ["article_id", "sentence", "start", "topic", "term"]}
    for name, order in keys.items():
        expected = pq.read_table(tmp / "out" / f"{name}.parquet").to_pylist()
        expected.sort(key=lambda r: tuple(r[k] for k in order))
        actual = plain(r.asDict() for r in got[name].orderBy(*order).collect())
        assert actual == expected, name
        assert len(actual) > 20, name
    expected = pq.read_table(tmp / "out" / "articles.parquet").to_pylist()
    actual = plain(r.asDict() for r in got["articles"].orderBy("article_id").collect())
    drop = lambda rs: [{k: v for k, v in r.items() if k not in ("story_id", "similarity")} for r in rs]  # noqa: E731
    assert drop(actual) == drop(expected)
    assert got["errors"].count() == len(pq.read_table(tmp / "out" / "errors.parquet"))
    # These records hold exact copies (one text under seven dates, its undated original
    # among them) but no near copies, so Spark's own tables give the CLI's stories and
    # timeline too.
    assert any(r["duplicate_of"] for r in expected)
    ids = lambda rows: [(r["article_id"], r["story_id"]) for r in rows]  # noqa: E731
    assert ids(actual) == ids(expected)
    timeline = plain(r.asDict() for r in covtrack.spark.timelines(got["articles"], got["stance"]).collect())
    assert_same_timeline(timeline, pq.read_table(tmp / "out" / "timeline.parquet").to_pylist())


def test_spark_timeline_equals_the_cli_table(spark, run) -> None:
    tmp, _ = run
    articles = spark.read.parquet(str(tmp / "out" / "articles.parquet"))
    stance = spark.read.parquet(str(tmp / "out" / "stance.parquet"))
    got = covtrack.spark.timelines(articles, stance, period="week")
    expected = pq.read_table(tmp / "out" / "timeline.parquet").to_pylist()
    assert_same_timeline(plain(r.asDict() for r in got.collect()), expected)


def test_spark_actor_timeline_equals_the_cli_table(spark, run) -> None:
    tmp, _ = run
    articles = spark.read.parquet(str(tmp / "out" / "articles.parquet"))
    stance = spark.read.parquet(str(tmp / "out" / "stance.parquet"))
    got = plain(r.asDict() for r in covtrack.spark.actor_timelines(articles, stance).collect())
    expected = pq.read_table(tmp / "out" / "actor_timeline.parquet").to_pylist()
    assert len(expected) > 50
    assert got == expected


def test_the_readme_spark_submit_example(run, tmp_path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    script = root / "crates" / "python" / "examples" / "spark_timeline.py"
    readme = (root / "README.md").read_text()
    assert script.read_text() in readme, "the README shows the script as it is"
    tmp, records = run
    # Records without a path: spark.read.json orders its columns by name; ids follow the
    # DataFrame's order, which for one small file is the file's.
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    submit = Path(sys.executable).parent / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    subprocess.run(
        [str(submit), "--master", "local[2]", str(script), str(tmp_path / "in.jsonl"), str(tmp_path / "out")],
        check=True, env=env, capture_output=True,
    )
    timeline = pq.read_table(tmp_path / "out" / "timeline").to_pylist()
    assert timeline and {"period", "topic", "stories", "share"} <= set(timeline[0])
    stance = pq.read_table(tmp_path / "out" / "stance")
    expected = pq.read_table(tmp / "out" / "stance.parquet")
    assert len(stance) == len(expected)
