package io.mailsov.probe;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What resolving cost, for one domain or summed over a scan: questions sent (first attempts and
 * retries), cache hits, retries, questions that stayed unanswered, TCP fallbacks, and the final
 * rcodes of the questions that got a reply.
 */
public record QueryCounts(
    long sent,
    long cacheHits,
    long retries,
    long timeouts,
    long tcpFallbacks,
    long noError,
    long nxdomain,
    long servfail,
    long refused,
    long otherRcode)
    implements Serializable {

  public static final QueryCounts ZERO = new QueryCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public QueryCounts plus(QueryCounts o) {
    return new QueryCounts(
        sent + o.sent,
        cacheHits + o.cacheHits,
        retries + o.retries,
        timeouts + o.timeouts,
        tcpFallbacks + o.tcpFallbacks,
        noError + o.noError,
        nxdomain + o.nxdomain,
        servfail + o.servfail,
        refused + o.refused,
        otherRcode + o.otherRcode);
  }

  /** Replies by rcode, as recorded in {@code scans.answers_by_rcode}. */
  public Map<String, Long> byRcode() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("NOERROR", noError);
    m.put("NXDOMAIN", nxdomain);
    m.put("SERVFAIL", servfail);
    m.put("REFUSED", refused);
    m.put("other", otherRcode);
    return m;
  }
}
