package io.mailsov.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowedIteratorTest {

  @Test
  void yieldsEveryInputOnceEvenWhenSomeFail() {
    List<Integer> input = IntStream.range(0, 1000).boxed().toList();
    WindowedIterator<Integer, String> it =
        new WindowedIterator<>(
            input.iterator(),
            16,
            i ->
                i % 7 == 0
                    ? CompletableFuture.failedFuture(new IllegalStateException("boom " + i))
                    : CompletableFuture.completedFuture("ok " + i),
            (i, e) -> "failed " + i);

    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);

    assertThat(out).hasSize(1000).doesNotHaveDuplicates();
    assertThat(out).filteredOn(s -> s.startsWith("failed")).hasSize(143);
  }

  @Test
  void neverHasMoreThanTheWindowOutstanding() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger outstanding = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    try {
      WindowedIterator<Integer, Integer> it =
          new WindowedIterator<>(
              IntStream.range(0, 200).iterator(),
              8,
              i -> {
                peak.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                CompletableFuture<Integer> f = new CompletableFuture<>();
                timer.schedule(
                    () -> {
                      outstanding.decrementAndGet();
                      f.complete(i);
                    },
                    (i * 7) % 3,
                    TimeUnit.MILLISECONDS);
                return f;
              },
              (i, e) -> -1);
      int count = 0;
      while (it.hasNext()) {
        it.next();
        count++;
      }
      assertThat(count).isEqualTo(200);
      assertThat(peak.get()).as("peak outstanding").isLessThanOrEqualTo(8);
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void emptyInputYieldsNothing() {
    WindowedIterator<Integer, Integer> it =
        new WindowedIterator<>(
            List.<Integer>of().iterator(), 4, CompletableFuture::completedFuture, (i, e) -> i);
    assertThat(it.hasNext()).isFalse();
  }
}
