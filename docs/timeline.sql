-- covtrack's `timeline` table (docs/tables.md) from a run's `articles` and `terms` tables and
-- its stance rows partitioned by period (`covtrack run --partition-by-period`), in DuckDB.
-- Set the run's folder first, and the period (day, week or month) it was run with:
--   SET VARIABLE out = 'output'; SET VARIABLE period = 'week';
-- The partitioned stance of many shards can be read together the same way (a glob over their
-- folders), as long as their article ids are distinct.
WITH a AS (
    SELECT article_id, source, story_id = article_id AS first,
           date_trunc(getvariable('period'), published)::DATE AS period
    FROM read_parquet(getvariable('out') || '/articles.parquet')
    WHERE published IS NOT NULL
),
s AS (
    SELECT article_id, topic, negated, hedged
    FROM read_parquet(getvariable('out') || '/partitioned/stance/*/*.parquet', hive_partitioning = true)
),
grid AS (
    SELECT unnest(generate_series(min(period), max(period),
        CASE getvariable('period') WHEN 'day' THEN INTERVAL 1 DAY
             WHEN 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END))::DATE AS period
    FROM a
),
topics AS (
    SELECT DISTINCT topic FROM read_parquet(getvariable('out') || '/terms.parquet')
    UNION SELECT DISTINCT topic FROM s JOIN a USING (article_id)
),
per_article AS (
    SELECT s.article_id, topic, period, first, source,
           count(*) AS n, sum(negated::INT) AS neg, sum(hedged::INT) AS hed,
           sum((NOT negated AND NOT hedged)::INT) AS sta
    FROM s JOIN a USING (article_id)
    GROUP BY ALL
),
cells AS (
    SELECT period, topic, count(*) AS articles, count(DISTINCT source) AS outlets,
           sum(first::INT) AS stories
    FROM per_article GROUP BY ALL
),
counted AS (
    SELECT period, topic, sum(n) AS mentions, sum(neg) AS negated, sum(hed) AS hedged,
           sum(sta) AS stated,
           count(*) FILTER (WHERE neg = 0 AND hed = 0) AS stories_stated,
           count(*) FILTER (WHERE neg = 0 AND hed > 0) AS stories_hedged,
           count(*) FILTER (WHERE neg > 0) AS stories_negated
    FROM per_article WHERE first GROUP BY ALL
),
totals AS (
    SELECT period, count(*) AS stories_total FROM a WHERE first GROUP BY ALL
),
t AS (
    SELECT g.period, tp.topic,
           coalesce(c.stories, 0) AS stories, coalesce(c.articles, 0) AS articles,
           coalesce(c.outlets, 0) AS outlets, coalesce(k.mentions, 0) AS mentions,
           coalesce(k.negated, 0) AS negated, coalesce(k.hedged, 0) AS hedged,
           coalesce(k.stated, 0) AS stated, coalesce(k.stories_stated, 0) AS stories_stated,
           coalesce(k.stories_hedged, 0) AS stories_hedged,
           coalesce(k.stories_negated, 0) AS stories_negated,
           coalesce(x.stories_total, 0) AS stories_total
    FROM grid g CROSS JOIN topics tp
    LEFT JOIN cells c ON c.period = g.period AND c.topic = tp.topic
    LEFT JOIN counted k ON k.period = g.period AND k.topic = tp.topic
    LEFT JOIN totals x ON x.period = g.period
),
shares AS (
    SELECT *,
           CASE WHEN stories_total = 0 THEN 0.0 ELSE stories / stories_total END AS share,
           CASE WHEN mentions = 0 THEN 0.0 ELSE negated / mentions END AS negated_share
    FROM t
)
SELECT period, topic, stories, articles, outlets, mentions, negated, hedged, stated,
       stories_stated, stories_hedged, stories_negated, stories_total, share, negated_share,
       share - lag(share) OVER (PARTITION BY topic ORDER BY period) AS share_change,
       negated_share - lag(negated_share) OVER (PARTITION BY topic ORDER BY period)
           AS negated_share_change
FROM shares
ORDER BY topic, period;
