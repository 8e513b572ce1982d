"""Monthly mailsov scan on a Spark cluster, then retention (docs/cluster.md).

Put this file in Airflow's dags/ folder (apache-airflow-providers-apache-spark installed) and
set the Airflow Variables below. The scan id is the run's logical date (``{{ ds_nodash }}``,
e.g. 20261201): rerunning or backfilling a date replaces that date's scan in one Delta commit,
so a retried or cleared task never adds rows twice. The vacuum task runs after the scan and
never while it writes.

Airflow Variables (Admin > Variables), with examples:
    mailsov_jar         hdfs:///apps/mailsov/mailsov-0.1.0-SNAPSHOT-spark.jar
    mailsov_domains     hdfs:///data/mailsov/institutions.csv
    mailsov_warehouse   hdfs:///data/mailsov/warehouse
    mailsov_resolvers   127.0.0.1:53          (each executor asks its own machine's resolver)
    mailsov_home        /opt/mailsov          (an unpacked clone: its conf/ files are shipped)
    mailsov_conf        national-scan.properties  (cluster deploy mode: the file shipped with
                        files= lands in the driver's working folder; client mode: a full path)
Connection ``spark_default``: the cluster (host yarn, spark://..., or k8s://...).
"""

from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# Delta Lake is not inside the application jar: the cluster resolves it like any package.
DELTA_PACKAGE = "io.delta:delta-spark_2.13:4.4.0"

# Sized as conf/spark-defaults.conf: 8 executors x 4 cores, one resolver and cache per executor.
SPARK_CONF = {
    "spark.executor.instances": "8",
    "spark.executor.cores": "4",
    "spark.executor.memory": "4g",
    "spark.executor.memoryOverhead": "1g",
    "spark.cores.max": "32",
    "spark.dynamicAllocation.enabled": "false",
    "spark.speculation": "false",
    "spark.sql.shuffle.partitions": "64",
    "spark.databricks.delta.snapshotPartitions": "8",
    "spark.executor.heartbeatInterval": "2s",
    "spark.driver.extraJavaOptions": "-Dlog4j2.configurationFile=log4j2.properties",
    "spark.executor.extraJavaOptions": "-Dlog4j2.configurationFile=log4j2.properties",
}


def mailsov(task_id: str, *arguments: str) -> SparkSubmitOperator:
    """One mailsov command submitted as a Spark application."""
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id="spark_default",
        application="{{ var.value.mailsov_jar }}",
        java_class="io.mailsov.cli.Main",
        packages=DELTA_PACKAGE,
        # The log configuration and scan settings travel with the job; mailsov finds them in
        # the working folder of the driver (cluster mode) by the names given.
        files=(
            "{{ var.value.mailsov_home }}/conf/log4j2.properties,"
            "{{ var.value.mailsov_home }}/conf/examples/national-scan.properties"
        ),
        conf=SPARK_CONF,
        application_args=list(arguments),
        name=f"mailsov {task_id} {{{{ ds_nodash }}}}",
        verbose=False,
    )


with DAG(
    dag_id="mailsov_monthly_scan",
    description="Who runs the e-mail of the country's organisations: monthly scan and retention",
    schedule="0 2 1 * *",  # 02:00 UTC on the first of each month
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # two scans must not write the same warehouse at once
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=30)},
    tags=["mailsov"],
) as dag:
    scan = mailsov(
        "scan",
        "scan",
        "--domains",
        "{{ var.value.mailsov_domains }}",
        "--warehouse",
        "{{ var.value.mailsov_warehouse }}",
        "--scan-id",
        "{{ ds_nodash }}",
        "--resolvers",
        "{{ var.value.mailsov_resolvers }}",
        "--conf",
        "{{ var.value.mailsov_conf }}",
    )

    # Domains that timed out or got SERVFAIL are asked again once, merged into the same scan id.
    retry_failed = mailsov(
        "retry_failed",
        "scan",
        "--retry-failed",
        "{{ ds_nodash }}",
        "--warehouse",
        "{{ var.value.mailsov_warehouse }}",
        "--resolvers",
        "{{ var.value.mailsov_resolvers }}",
        "--conf",
        "{{ var.value.mailsov_conf }}",
    )

    # Keeps 30 days of table versions for time travel; keeps every scan (no --drop-scans-...).
    vacuum = mailsov(
        "vacuum",
        "vacuum",
        "--warehouse",
        "{{ var.value.mailsov_warehouse }}",
        "--keep-days",
        "30",
    )

    scan >> retry_failed >> vacuum
