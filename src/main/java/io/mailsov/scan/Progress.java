package io.mailsov.scan;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints "domains done of total, rate, time left" while the resolution stage runs. Running tasks
 * report their accumulator values with executor heartbeats; finished tasks with their end event, so
 * the figure moves during long partitions too.
 */
final class Progress extends SparkListener implements AutoCloseable {
  private final long total;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong finished =
      new java.util.concurrent.atomic.AtomicLong();
  private final ScheduledExecutorService ticker;

  Progress(long total, PrintStream out, long intervalMillis) {
    this.total = total;
    this.out = out;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mailsov-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::print, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  long done() {
    long sum = finished.get();
    for (long v : running.values()) {
      sum += v;
    }
    return Math.min(sum, total);
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t :
        CollectionConverters.asJava(update.accumUpdates())) {
      long taskId = (Long) t._1();
      for (AccumulableInfo info : CollectionConverters.asJava(t._4())) {
        if (isDomains(info) && info.update().isDefined()) {
          running.put(taskId, ((Number) info.update().get()).longValue());
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Long partial = running.remove(end.taskInfo().taskId());
    if (!end.taskInfo().successful()) {
      return;
    }
    for (AccumulableInfo info : CollectionConverters.asJava(end.taskInfo().accumulables())) {
      if (isDomains(info) && info.update().isDefined()) {
        finished.addAndGet(((Number) info.update().get()).longValue());
        return;
      }
    }
    if (partial != null) {
      finished.addAndGet(partial);
    }
  }

  private static boolean isDomains(AccumulableInfo info) {
    return info.name().isDefined() && ScanCounters.DOMAINS.equals(info.name().get());
  }

  private void print() {
    long done = done();
    double seconds = (System.nanoTime() - started) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String left = rate > 0 ? formatSeconds((total - done) / rate) : "?";
    out.printf(
        "  resolving: %,d of %,d domains (%.0f%%), %,.0f domains/s, ~%s left%n",
        done, total, total == 0 ? 100.0 : 100.0 * done / total, rate, left);
    out.flush();
  }

  static String formatSeconds(double s) {
    long secs = Math.round(s);
    return secs >= 3600
        ? String.format("%dh%02dm", secs / 3600, secs / 60 % 60)
        : secs >= 60 ? String.format("%dm%02ds", secs / 60, secs % 60) : secs + " s";
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
