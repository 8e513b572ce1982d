package io.mailsov.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailsov.probe.QueryCounts;
import org.apache.spark.util.AccumulatorV2;
import org.junit.jupiter.api.Test;

class QueryCountsAccumulatorTest {

  /**
   * The state Java deserialisation leaves between the superclass's {@code readObject} (where Spark
   * registers the accumulator with its task) and the reading of this class's fields: constructed
   * without running this class's field initialisers. The executor's heartbeat once failed here with
   * a NullPointerException.
   */
  @Test
  void halfDeserialisedAccumulatorReadsAsZero() throws Exception {
    var factory = sun.reflect.ReflectionFactory.getReflectionFactory();
    var constructor =
        factory.newConstructorForSerialization(
            QueryCountsAccumulator.class, AccumulatorV2.class.getDeclaredConstructor());
    QueryCountsAccumulator half = (QueryCountsAccumulator) constructor.newInstance();

    assertTrue(half.isZero());
    assertEquals(QueryCounts.ZERO, half.value());
    assertTrue(half.copy().isZero());
    QueryCountsAccumulator other = new QueryCountsAccumulator();
    other.add(SOME);
    half.merge(other);
    assertEquals(SOME, half.value());
  }

  private static final QueryCounts SOME = new QueryCounts(5, 2, 1, 0, 1, 3, 1, 0, 0, 0);

  @Test
  void sumsWhatIsAddedAndMerged() {
    QueryCountsAccumulator a = new QueryCountsAccumulator();
    a.add(SOME);
    a.add(SOME);
    QueryCountsAccumulator b = a.copy();
    b.merge(a);
    assertEquals(SOME.plus(SOME), a.value());
    assertEquals(SOME.plus(SOME).plus(SOME).plus(SOME), b.value());
    assertFalse(a.isZero());
    a.reset();
    assertTrue(a.isZero());
  }
}
