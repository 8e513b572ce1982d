package io.mailsov.scan;

import io.mailsov.probe.QueryCounts;
import org.apache.spark.util.AccumulatorV2;

/** Sums {@link QueryCounts} over a scan's tasks. */
final class QueryCountsAccumulator extends AccumulatorV2<QueryCounts, QueryCounts> {
  private static final long serialVersionUID = 1L;
  private QueryCounts sum = QueryCounts.ZERO;

  @Override
  public boolean isZero() {
    return sum.equals(QueryCounts.ZERO);
  }

  @Override
  public QueryCountsAccumulator copy() {
    QueryCountsAccumulator c = new QueryCountsAccumulator();
    c.sum = sum;
    return c;
  }

  @Override
  public void reset() {
    sum = QueryCounts.ZERO;
  }

  @Override
  public synchronized void add(QueryCounts v) {
    sum = sum.plus(v);
  }

  @Override
  public synchronized void merge(AccumulatorV2<QueryCounts, QueryCounts> other) {
    sum = sum.plus(other.value());
  }

  @Override
  public QueryCounts value() {
    return sum;
  }
}
