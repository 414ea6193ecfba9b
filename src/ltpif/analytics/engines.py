"""Connections to the engines Ibis expressions run on.

DuckDB is the embedded default. Spark runs locally in tests (`local[2]`, loopback only, no
UI) and on a cluster in production, where `spark_backend` is given the cluster's session.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from typing import Any

import ibis


def duckdb_backend(path: str = ":memory:") -> Any:
    return ibis.duckdb.connect(path)


@lru_cache(maxsize=1)
def local_spark_session() -> Any:
    """One local Spark session per process: it takes seconds to start."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    warehouse = tempfile.mkdtemp(prefix="ltpif-spark-")  # not the working directory
    return (
        SparkSession.builder.master("local[2]")
        .appName("ltpif")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", warehouse)
        .getOrCreate()
    )


def spark_backend(session: Any | None = None) -> Any:
    return ibis.pyspark.connect(session or local_spark_session())
