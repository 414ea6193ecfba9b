"""Connections to the engines Ibis expressions run on.

DuckDB is the embedded default. Spark runs locally (`local[2]`: tests, one machine) or on a
cluster: `spark_session(master)` takes any Spark master URL — `spark://host:7077` (a
standalone cluster), `yarn`, `k8s://…`, `local[N]` — or a Spark Connect URL `sc://host:15002`
(Databricks Connect and Spark Connect servers), and `spark_backend` wraps the session (or one
given by a host such as a Databricks notebook) for Ibis. See docs/reference/scale.md.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from typing import Any

import ibis

LOCAL_MASTER = "local[2]"


def duckdb_backend(path: str = ":memory:") -> Any:
    return ibis.duckdb.connect(path)


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


@lru_cache(maxsize=4)
def spark_session(master: str = LOCAL_MASTER) -> Any:
    """One Spark session per master per process: it takes seconds to start.

    A local master binds to loopback only and has no UI; a cluster master leaves the driver's
    address to Spark (its executors must reach it) and takes further settings from
    `spark-defaults.conf`, `SPARK_CONF_DIR` or `spark-submit --conf`, as Spark always does.
    """
    from pyspark.sql import SparkSession

    if master.startswith("sc://"):  # Spark Connect (Databricks Connect): the server's session
        return SparkSession.builder.remote(master).getOrCreate()
    builder = SparkSession.builder.master(master).appName("ltpif")
    builder = builder.config("spark.sql.session.timeZone", "UTC").config(
        "spark.ui.showConsoleProgress",
        "false",  # the command shows its own progress
    )
    if is_local(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        warehouse = tempfile.mkdtemp(prefix="ltpif-spark-")  # not the working directory
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.warehouse.dir", warehouse)
        )
    return builder.getOrCreate()


def local_spark_session() -> Any:
    """The local `local[2]` session (tests, one machine)."""
    return spark_session(LOCAL_MASTER)


def spark_backend(session: Any | None = None, master: str = LOCAL_MASTER) -> Any:
    """Ibis on Spark: the session given, or one for `master`."""
    return ibis.pyspark.connect(session or spark_session(master))
