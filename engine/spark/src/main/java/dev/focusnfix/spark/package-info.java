/**
 * The Apache Spark execution engine: evaluation work items partitioned over a Spark cluster through Spark's Java
 * API, each executor opening a variant's parts once ({@link dev.focusnfix.spark.ExecutorEvaluations}), the driver
 * writing every result.
 */
package dev.focusnfix.spark;
