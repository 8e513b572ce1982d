package io.mailsov.dns.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Misbehaviour an {@link AuthoritativeServer} shows on purpose, for tests of the client side.
 *
 * <p>Rules are matched by question name, exactly or as a suffix (case-insensitively, as DNS names
 * compare), and optionally by type; the first matching rule in the order they were added decides. A
 * global loss rate drops a share of UDP queries before any rule is looked at.
 *
 * <p>Instances are immutable; per-name state (the attempts {@link Action#dropFirst} counts) lives
 * in each server, so one {@code Faults} can configure several servers.
 */
public final class Faults {

  private static final Faults NONE = new Faults(List.of(), 0, 0);

  /** What a matching rule does to a query. */
  public enum Kind {
    /** Never answer, so the client times out. */
    DROP,
    /** Answer SERVFAIL. */
    SERVFAIL,
    /** Answer REFUSED. */
    REFUSED,
    /** Answer FORMERR. */
    FORMERR,
    /** Answer NOTIMP. */
    NOTIMP,
    /** Answer correctly after a delay, without holding up other queries. */
    DELAY,
    /** Send one reply whose ID differs from the query's, and nothing else. */
    WRONG_ID,
    /** Send a reply with a wrong ID, then the correct reply. */
    WRONG_ID_THEN_RIGHT,
    /** Answer with another question name (RFC 5452 section 9.1 says to discard it). */
    WRONG_NAME,
    /** Send bytes that carry the query's ID but cannot be parsed as a message. */
    GARBAGE,
    /** Send the correct reply cut short inside its last record. */
    TRUNCATED_PACKET,
    /** Over UDP, an empty reply with TC=1; over TCP, the full answer (RFC 7766 section 5). */
    ALWAYS_TC,
    /** Drop the first n queries for each name, then answer. */
    DROP_FIRST
  }

  /**
   * A fault with its parameter: {@code delay} for {@link Kind#DELAY}, {@code count} for {@link
   * Kind#DROP_FIRST}, zero otherwise.
   */
  public record Action(Kind kind, Duration delay, int count) {

    public static final Action DROP = of(Kind.DROP);
    public static final Action SERVFAIL = of(Kind.SERVFAIL);
    public static final Action REFUSED = of(Kind.REFUSED);
    public static final Action FORMERR = of(Kind.FORMERR);
    public static final Action NOTIMP = of(Kind.NOTIMP);
    public static final Action WRONG_ID = of(Kind.WRONG_ID);
    public static final Action WRONG_ID_THEN_RIGHT = of(Kind.WRONG_ID_THEN_RIGHT);
    public static final Action WRONG_NAME = of(Kind.WRONG_NAME);
    public static final Action GARBAGE = of(Kind.GARBAGE);
    public static final Action TRUNCATED_PACKET = of(Kind.TRUNCATED_PACKET);
    public static final Action ALWAYS_TC = of(Kind.ALWAYS_TC);

    public Action {
      Objects.requireNonNull(kind, "kind is null");
      Objects.requireNonNull(delay, "delay is null");
      if (kind == Kind.DELAY ? delay.isNegative() || delay.isZero() : !delay.isZero()) {
        throw new IllegalArgumentException(
            "Invalid delay " + delay + " for " + kind + ": only DELAY takes one, and it is > 0");
      }
      if (kind == Kind.DROP_FIRST ? count < 1 : count != 0) {
        throw new IllegalArgumentException(
            "Invalid count "
                + count
                + " for "
                + kind
                + ": only DROP_FIRST takes one, and it is"
                + " >= 1");
      }
    }

    private static Action of(Kind kind) {
      return new Action(kind, Duration.ZERO, 0);
    }

    /** Answers correctly once {@code delay} has passed. */
    public static Action delay(Duration delay) {
      return new Action(Kind.DELAY, delay, 0);
    }

    /** Drops the first {@code n} queries for each matching name, then answers them all. */
    public static Action dropFirst(int n) {
      return new Action(Kind.DROP_FIRST, Duration.ZERO, n);
    }
  }

  /** One rule; {@code type} is {@link #ANY_TYPE} when the rule matches every type. */
  record Rule(Name name, boolean suffix, int type, Action action) {

    static final int ANY_TYPE = -1;

    Rule {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(action, "action is null");
      if (!name.isAbsolute()) {
        throw new IllegalArgumentException("Invalid fault name " + name + ": must be absolute");
      }
      if (type != ANY_TYPE) {
        Type.check(type);
      }
    }

    /** {@link Name#equals} and {@link Name#subdomain} compare labels case-insensitively. */
    boolean matches(Name qname, int qtype) {
      boolean nameMatches = suffix ? qname.subdomain(name) : qname.equals(name);
      return nameMatches && (type == ANY_TYPE || type == qtype);
    }
  }

  private final List<Rule> rules;
  private final double lossRate;
  private final long lossSeed;

  private Faults(List<Rule> rules, double lossRate, long lossSeed) {
    this.rules = List.copyOf(rules);
    this.lossRate = lossRate;
    this.lossSeed = lossSeed;
  }

  /** A server that behaves. */
  public static Faults none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Share of UDP queries dropped at random, in [0, 1]. */
  public double lossRate() {
    return lossRate;
  }

  /** Seed of the random sequence that picks the lost queries, for reproducible runs. */
  public long lossSeed() {
    return lossSeed;
  }

  List<Rule> rules() {
    return rules;
  }

  /** Index of the first rule matching the question, or -1. */
  int match(Name qname, int qtype) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).matches(qname, qtype)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "Faults[rules=" + rules + ", lossRate=" + lossRate + ", lossSeed=" + lossSeed + "]";
  }

  /** Collects rules in match order. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private double lossRate;
    private long lossSeed;

    private Builder() {}

    /** Applies {@code action} to every query for exactly {@code name}. */
    public Builder exact(Name name, Action action) {
      return add(new Rule(name, false, Rule.ANY_TYPE, action));
    }

    /** Applies {@code action} to queries for exactly {@code name} and type {@code type}. */
    public Builder exact(Name name, int type, Action action) {
      return add(new Rule(name, false, type, action));
    }

    /** Applies {@code action} to every query for {@code suffix} and the names below it. */
    public Builder suffix(Name suffix, Action action) {
      return add(new Rule(suffix, true, Rule.ANY_TYPE, action));
    }

    /** Applies {@code action} to queries of type {@code type} at or below {@code suffix}. */
    public Builder suffix(Name suffix, int type, Action action) {
      return add(new Rule(suffix, true, type, action));
    }

    /**
     * Drops {@code rate} of all UDP queries, picked by a random sequence seeded with {@code seed};
     * TCP is never affected. Default: 0.
     */
    public Builder lossRate(double rate, long seed) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("Invalid loss rate " + rate + ": must be in [0, 1]");
      }
      this.lossRate = rate;
      this.lossSeed = seed;
      return this;
    }

    public Faults build() {
      return new Faults(rules, lossRate, lossSeed);
    }

    private Builder add(Rule rule) {
      rules.add(rule);
      return this;
    }
  }
}
