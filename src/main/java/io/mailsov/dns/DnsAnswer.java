package io.mailsov.dns;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The outcome of one DNS question: an rcode with its answer section, or a failure to get any usable
 * reply.
 *
 * @param name the question name
 * @param type the question type ({@link Type})
 * @param outcome whether a reply was usable
 * @param rcode the reply's rcode, or -1 when there was no usable reply
 * @param answers the answer section, in the order received
 * @param detail why the reply was unusable, or empty
 * @param attempts how many times the question was sent (0 for a cache hit)
 * @param overTcp whether the reply came over TCP after a truncated UDP reply
 * @param server the resolver that gave the final answer ({@code host:port}), or empty when no
 *     server was asked (a question that could not be sent)
 */
public record DnsAnswer(
    Name name,
    int type,
    Outcome outcome,
    int rcode,
    List<org.xbill.DNS.Record> answers,
    String detail,
    int attempts,
    boolean overTcp,
    String server) {

  /** Whether a reply arrived and could be read. */
  public enum Outcome {
    REPLY,
    TIMEOUT,
    INVALID
  }

  public DnsAnswer {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(outcome, "outcome is null");
    Objects.requireNonNull(detail, "detail is null");
    Objects.requireNonNull(server, "server is null");
    answers = List.copyOf(answers);
  }

  static DnsAnswer reply(
      Name name, int type, int rcode, List<org.xbill.DNS.Record> answers, int n, boolean tcp) {
    return new DnsAnswer(name, type, Outcome.REPLY, rcode, answers, "", n, tcp, "");
  }

  static DnsAnswer failure(Name name, int type, Outcome outcome, String detail, int attempts) {
    return new DnsAnswer(name, type, outcome, -1, List.of(), detail, attempts, false, "");
  }

  public boolean isNoError() {
    return outcome == Outcome.REPLY && rcode == Rcode.NOERROR;
  }

  /** A copy that says it was served from the cache (no packet sent for this asker). */
  DnsAnswer asCacheHit() {
    return new DnsAnswer(name, type, outcome, rcode, answers, detail, 0, false, server);
  }

  /** The same answer, saying which server gave it. */
  DnsAnswer from(String server) {
    return new DnsAnswer(name, type, outcome, rcode, answers, detail, attempts, overTcp, server);
  }

  @Override
  public String toString() {
    String what =
        outcome == Outcome.REPLY
            ? Rcode.string(rcode)
            : outcome.name().toLowerCase() + " " + detail;
    return name + "/" + Type.string(type) + ": " + what + " (" + answers.size() + " records)";
  }
}
