package io.mailsov.scan;

import io.mailsov.probe.QueryCounts;
import org.apache.spark.util.AccumulatorV2;

/**
 * Sums {@link QueryCounts} over a scan's tasks.
 *
 * <p>{@code sum} may be read while still null: when a task is deserialised, {@link AccumulatorV2}
 * registers the copy with the task (its own {@code readObject}) before Java has read this
 * subclass's fields, and the executor's heartbeat thread can ask {@link #isZero()} in between. A
 * null sum is therefore read as zero.
 */
final class QueryCountsAccumulator extends AccumulatorV2<QueryCounts, QueryCounts> {
  private static final long serialVersionUID = 1L;
  private volatile QueryCounts sum = QueryCounts.ZERO;

  @Override
  public boolean isZero() {
    return value().equals(QueryCounts.ZERO);
  }

  @Override
  public QueryCountsAccumulator copy() {
    QueryCountsAccumulator c = new QueryCountsAccumulator();
    c.sum = value();
    return c;
  }

  @Override
  public void reset() {
    sum = QueryCounts.ZERO;
  }

  @Override
  public synchronized void add(QueryCounts v) {
    sum = value().plus(v);
  }

  @Override
  public synchronized void merge(AccumulatorV2<QueryCounts, QueryCounts> other) {
    sum = value().plus(other.value());
  }

  @Override
  public QueryCounts value() {
    QueryCounts s = sum;
    return s == null ? QueryCounts.ZERO : s;
  }
}
