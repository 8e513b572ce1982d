package io.mailsov.scan;

import io.mailsov.classify.Catalogue;
import io.mailsov.observe.ObservationRows;
import io.mailsov.observe.Replayer;
import io.mailsov.probe.DnsObservation;
import io.mailsov.probe.ProbePlan;
import io.mailsov.probe.Probed;
import io.mailsov.probe.QueryCounts;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The executor side of {@code reclassify}: runs each domain's probe again over the answers its scan
 * recorded (no packet is sent) and classifies the result, through the same probe logic, classifier
 * and {@link ResultRows} as the scan (see {@link Replayer}).
 *
 * <p>Input rows carry the domain's input columns and {@code observations} (an array of {@link
 * io.mailsov.store.Tables#OBSERVATION}, or null when the scan asked nothing for it); output rows
 * follow {@link io.mailsov.store.Tables#DOMAIN_RESULT}.
 */
final class ReplayPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /**
   * What a classification needs besides the answers.
   *
   * @param country the scan's country
   * @param catalogueYaml the catalogue's text
   * @param catalogueSource where it was read from, for messages
   * @param asnDatabase an ip2asn file readable by the executors, or {@code null}
   * @param plan the questions the scan asked per domain
   */
  record Settings(
      String country,
      String catalogueYaml,
      String catalogueSource,
      String asnDatabase,
      ProbePlan plan)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    Settings {
      Objects.requireNonNull(country, "country is null");
      Objects.requireNonNull(catalogueYaml, "catalogueYaml is null");
      Objects.requireNonNull(catalogueSource, "catalogueSource is null");
      Objects.requireNonNull(plan, "plan is null");
    }
  }

  /** Built once per JVM and settings, like the scan's {@link ExecutorRuntime}. */
  private static final Map<Settings, Replayer> REPLAYERS = new ConcurrentHashMap<>();

  private static Replayer replayer(Settings s) {
    return REPLAYERS.computeIfAbsent(
        s,
        k ->
            new Replayer(
                Catalogue.fromYaml(k.catalogueYaml(), k.catalogueSource()),
                k.country(),
                ExecutorRuntime.loadAsn(k.asnDatabase()),
                k.plan()));
  }

  private final Settings settings;
  private final ResultRows rows;
  private final Instant startedAt;

  /**
   * @param rows how to stamp the rows (scan, classification number, catalogue)
   * @param startedAt the start of the scan: the {@code resolved_at} of a domain with no answers, as
   *     the scan wrote it
   */
  ReplayPartition(Settings settings, ResultRows rows, Instant startedAt) {
    this.settings = settings;
    this.rows = rows;
    this.startedAt = startedAt;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    Replayer replayer = replayer(settings);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Row next() {
        return classify(input.next(), replayer);
      }
    };
  }

  private Row classify(Row in, Replayer replayer) {
    String domain = in.getString(in.fieldIndex("domain"));
    int index = in.fieldIndex("observations");
    List<DnsObservation> observed = new ArrayList<>();
    if (!in.isNullAt(index)) {
      for (Row o : in.<Row>getList(index)) {
        observed.add(ObservationRows.fromRow(o));
      }
    }
    Replayer.Replayed r = replayer.replay(domain, observed);
    Instant resolvedAt =
        new Probed(r.observation(), QueryCounts.ZERO, observed).lastAnswerAt(startedAt);
    return rows.result(in, r.observation(), r.verdict(), resolvedAt);
  }
}
