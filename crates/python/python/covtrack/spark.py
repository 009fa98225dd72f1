"""covtrack on Spark: the extraction inside executors, the timeline in Spark SQL.

``extract(df)`` runs covtrack's extraction over a DataFrame of articles with
``mapInArrow`` (one pass over the articles; Spark brings the parallelism: the core has no threads
of its own, so each task uses one core) and returns the ``articles``, ``dates``, ``figures``,
``stance`` and ``errors`` tables as Spark DataFrames, with the CLI's columns and values:
articles are numbered from 1 in ``path`` order (as ``covtrack run`` numbers files in
path order), an article whose cleaned text equals an earlier one's is its
``duplicate_of``, copies of one text are one story headed by the earliest published, and
each other article is its own story (near copies need the sketch sweep of ``covtrack
run``).

``timelines(articles, stance)`` computes the ``timeline`` table, and
``actor_timelines(articles, stance)`` the ``actor_timeline`` table, with the definitions of
``docs/tables.md``, from these tables or from a ``covtrack run``'s.
"""

from __future__ import annotations

from typing import Optional

import pyarrow as pa

from . import TABLES, Extractor, Lexicon, default_lexicon

_ROW = "__covtrack_row"


def _schemas() -> dict[str, pa.Schema]:
    """Each output table's Arrow schema, from extracting nothing."""
    extractor = Extractor(
        text="text", title=None, published=None, source=None, url=None, path=None,
        lexicon=None, id=_ROW,
    )
    empty = pa.RecordBatch.from_pylist([], schema=pa.schema([("text", pa.string()), (_ROW, pa.int64())]))
    # The articles' schema holds the text fingerprint the extractor adds for grouping.
    return {name: batch.schema for name, batch in extractor.extract(empty)}


def extract(
    df,
    *,
    text: str = "text",
    title: Optional[str] = "title",
    published: Optional[str] = "published",
    source: Optional[str] = "source",
    url: Optional[str] = "url",
    path: Optional[str] = "path",
    order_by: Optional[str] = None,
    lexicon_file: Optional[str] = None,
) -> dict:
    """covtrack's per-article tables for a Spark DataFrame of articles (see the module).

    Articles are numbered in the order of ``order_by`` (default: the ``path`` column, as
    the CLI numbers files in path order; without either, in the DataFrame's order).
    ``lexicon_file`` is a lexicon TOML file every executor can read."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema
    from pyspark.sql.types import LongType, StructField, StructType

    spark = df.sparkSession
    columns = [c for c in (text, title, published, source, url, path) if c and c in df.columns]
    order_by = order_by or (path if path in df.columns else None)
    ordered = (df.orderBy(order_by) if order_by else df).select(*columns)
    # Row numbers in path order without one partition: zipWithIndex counts each partition
    # first and numbers within it.
    schema = StructType([*ordered.schema.fields, StructField(_ROW, LongType(), False)])
    numbered = spark.createDataFrame(
        ordered.rdd.zipWithIndex().map(lambda r: (*r[0], r[1] + 1)), schema
    )
    names = dict(text=text, title=title, published=published, source=source, url=url, path=path)
    names = {k: (v if v in columns else None) for k, v in names.items()}
    names["text"] = text

    def run(batches):
        lexicon = Lexicon.from_file(lexicon_file) if lexicon_file else default_lexicon()
        extractor = Extractor(**names, lexicon=lexicon, id=_ROW)
        for batch in batches:
            for name, out in extractor.extract(batch):
                if out.num_rows:
                    sink = pa.BufferOutputStream()
                    with pa.ipc.new_stream(sink, out.schema) as w:
                        w.write_batch(out)
                    yield pa.RecordBatch.from_pydict(
                        {"table": [name], "ipc": [sink.getvalue().to_pybytes()]}
                    )

    raw = numbered.mapInArrow(run, "table string, ipc binary").persist()
    schemas = _schemas()

    def table(name: str):
        schema = schemas[name]

        def decode(batches):
            for batch in batches:
                for blob in batch.column("ipc").to_pylist():
                    for b in pa.ipc.open_stream(blob):
                        yield b.select(schema.names)

        return raw.filter(F.col("table") == name).select("ipc").mapInArrow(decode, from_arrow_schema(schema))

    # Final ids: successful articles numbered 1.. in row order (error rows take no id),
    # as the CLI numbers them; mention rows follow their article.
    articles = table("articles").withColumnRenamed("article_id", _ROW)
    ids = (
        articles.select(_ROW)
        .orderBy(_ROW)
        .rdd.zipWithIndex()
        .map(lambda r: (r[0][0], r[1] + 1))
    )
    ids = spark.createDataFrame(ids, f"{_ROW} long, article_id long")
    articles = articles.join(ids, _ROW)
    # Copies of one text: each is a duplicate of the first by id, and all are one story
    # headed by the earliest published (then lowest id), as the CLI's stories are.
    same = Window.partitionBy("fingerprint")
    by_date = same.orderBy(F.col("published").asc_nulls_last(), F.col("article_id"))
    articles = (
        articles.withColumn("__first", F.min("article_id").over(same))
        .withColumn(
            "duplicate_of",
            F.when(F.col("__first") != F.col("article_id"), F.col("__first")).cast("long"),
        )
        .withColumn("story_id", F.first("article_id").over(by_date))
        .select(*[f.name for f in schemas["articles"] if f.name != "fingerprint"])
    )
    out = {"articles": articles, "errors": table("errors")}
    for name in ("dates", "figures", "stance"):
        rows = table(name).withColumnRenamed("article_id", _ROW).join(ids, _ROW)
        out[name] = rows.select(*schemas[name].names)
    return {name: out[name] for name in TABLES}


def timelines(articles, stance, *, period: str = "week", topics: Optional[list] = None):
    """The ``timeline`` table (one row per period × topic) with the definitions of
    ``docs/tables.md``: each story counted once, by its first copy, in the period it was
    first published; every topic (the lexicon's and any mentioned) in every period from
    the first to the last dated article."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    spark = articles.sparkSession
    a, grid = _dated(articles, period)
    if grid is None:
        return spark.createDataFrame([], _TIMELINE_DDL)
    lexicon_topics = topics if topics is not None else default_lexicon().topics()
    named = spark.createDataFrame([(t,) for t in lexicon_topics], "topic string")
    all_topics = named.union(stance.select("topic")).distinct()
    m = stance.select("article_id", "topic", "negated", "hedged").join(a, "article_id")
    per_article = m.groupBy("article_id", "topic", "period", "first", "source").agg(
        F.count(F.lit(1)).alias("n"),
        F.sum(F.col("negated").cast("int")).alias("neg"),
        F.sum(F.col("hedged").cast("int")).alias("hed"),
        F.sum((~F.col("negated") & ~F.col("hedged")).cast("int")).alias("sta"),
    )
    first = per_article.where("first")
    cells = per_article.groupBy("period", "topic").agg(
        F.count(F.lit(1)).alias("articles"),
        F.countDistinct("source").alias("outlets"),
        F.sum(F.col("first").cast("int")).alias("stories"),
    )
    counted = first.groupBy("period", "topic").agg(
        F.sum("n").alias("mentions"),
        F.sum("neg").alias("negated"),
        F.sum("hed").alias("hedged"),
        F.sum("sta").alias("stated"),
        F.sum(((F.col("neg") == 0) & (F.col("hed") == 0)).cast("int")).alias("stories_stated"),
        F.sum(((F.col("neg") == 0) & (F.col("hed") > 0)).cast("int")).alias("stories_hedged"),
        F.sum((F.col("neg") > 0).cast("int")).alias("stories_negated"),
    )
    totals = a.where("first").groupBy("period").agg(F.count(F.lit(1)).alias("stories_total"))
    zero = lambda c: F.coalesce(F.col(c), F.lit(0)).cast("long")  # noqa: E731
    t = (
        grid.crossJoin(all_topics)
        .join(cells, ["period", "topic"], "left")
        .join(counted, ["period", "topic"], "left")
        .join(totals, ["period"], "left")
    )
    counts = ["stories", "articles", "outlets", "mentions", "negated", "hedged", "stated",
              "stories_stated", "stories_hedged", "stories_negated", "stories_total"]
    for c in counts:
        t = t.withColumn(c, zero(c))
    t = t.withColumn(
        "share",
        F.when(F.col("stories_total") == 0, F.lit(0.0)).otherwise(F.col("stories") / F.col("stories_total")),
    ).withColumn(
        "negated_share",
        F.when(F.col("mentions") == 0, F.lit(0.0)).otherwise(F.col("negated") / F.col("mentions")),
    )
    w = Window.partitionBy("topic").orderBy("period")
    t = t.withColumn("share_change", F.col("share") - F.lag("share").over(w)).withColumn(
        "negated_share_change", F.col("negated_share") - F.lag("negated_share").over(w)
    )
    return t.select("period", "topic", *counts[:-1], "stories_total", "share", "negated_share",
                    "share_change", "negated_share_change").orderBy("topic", "period")


_TIMELINE_DDL = (
    "period date, topic string, stories long, articles long, outlets long, mentions long, "
    "negated long, hedged long, stated long, stories_stated long, stories_hedged long, "
    "stories_negated long, stories_total long, share double, negated_share double, "
    "share_change double, negated_share_change double"
)


def _dated(articles, period: str):
    """Dated articles with their period and whether each is its story's first copy, and
    the grid of every period from the first to the last (``None`` without dated ones)."""
    from pyspark.sql import functions as F

    if period not in ("day", "week", "month"):
        raise ValueError(f"period is day, week or month, not {period!r}")
    spark = articles.sparkSession
    a = articles.where(F.col("published").isNotNull()).select(
        "article_id",
        "source",
        (F.col("story_id") == F.col("article_id")).alias("first"),
        F.to_date(F.date_trunc(period, F.col("published"))).alias("period"),
    )
    bounds = a.agg(F.min("period").alias("lo"), F.max("period").alias("hi")).collect()[0]
    if bounds["lo"] is None:
        return a, None
    step = {"day": "interval 1 day", "week": "interval 1 week", "month": "interval 1 month"}[period]
    grid = spark.sql(
        f"SELECT explode(sequence(DATE'{bounds['lo']}', DATE'{bounds['hi']}', {step})) AS period"
    )
    return a, grid


def actor_timelines(articles, stance, *, period: str = "week"):
    """The ``actor_timeline`` table (period × role × actor × topic) with the definitions of
    ``docs/tables.md``: the stories' first copies, each mention once for every actor it
    names (role ``named``) and once for its holder (role ``holder``); every (role, actor,
    topic) seen in every period; rows by period, then named before holder, actor, topic."""
    from pyspark.sql import functions as F

    spark = articles.sparkSession
    a, grid = _dated(articles, period)
    if grid is None:
        return spark.createDataFrame([], _ACTOR_DDL)
    m = stance.select("article_id", "topic", "negated", "hedged", "actors", "holder").join(
        a.where("first").select("article_id", "period"), "article_id"
    )
    named = m.select("*", F.lit("named").alias("role"), F.explode("actors").alias("actor"))
    held = m.where(F.col("holder").isNotNull()).select(
        "*", F.lit("holder").alias("role"), F.col("holder").alias("actor")
    )
    u = named.drop("actors", "holder").unionByName(held.drop("actors", "holder"))
    cells = u.groupBy("period", "role", "actor", "topic").agg(
        F.countDistinct("article_id").alias("articles"),
        F.count(F.lit(1)).alias("mentions"),
        F.sum(F.col("negated").cast("long")).alias("negated"),
        F.sum(F.col("hedged").cast("long")).alias("hedged"),
        F.sum((~F.col("negated") & ~F.col("hedged")).cast("long")).alias("stated"),
    )
    triples = cells.select("role", "actor", "topic").distinct()
    t = grid.crossJoin(triples).join(cells, ["period", "role", "actor", "topic"], "left")
    counts = ["articles", "mentions", "negated", "hedged", "stated"]
    for c in counts:
        t = t.withColumn(c, F.coalesce(F.col(c), F.lit(0)).cast("long"))
    order = F.when(F.col("role") == "named", 0).otherwise(1)
    return t.orderBy("period", order, "actor", "topic").select(
        "period", "role", "actor", "topic", *counts
    )


_ACTOR_DDL = (
    "period date, role string, actor string, topic string, articles long, mentions long, "
    "negated long, hedged long, stated long"
)
