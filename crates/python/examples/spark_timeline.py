"""Weekly timeline of a JSONL corpus on Spark: spark-submit spark_timeline.py IN.jsonl OUT"""
import sys

from pyspark.sql import SparkSession

import covtrack.spark

spark = SparkSession.builder.appName("covtrack").getOrCreate()
articles = spark.read.json(sys.argv[1])  # fields text, title, date, source, url
tables = covtrack.spark.extract(articles, published="date", path=None)
timeline = covtrack.spark.timelines(tables["articles"], tables["stance"], period="week")
timeline.write.mode("overwrite").parquet(sys.argv[2] + "/timeline")
tables["stance"].write.mode("overwrite").parquet(sys.argv[2] + "/stance")
spark.stop()
