package io.mailsov.cli;

import io.mailsov.dns.ResolverSettings.Server;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.xbill.DNS.ResolverConfig;

/**
 * Parses {@code --resolvers}: a comma-separated list of {@code IPv4[:port]}, {@code [IPv6]:port},
 * bare IPv6 literals, or host names with an optional port. Anything else is refused at start-up, so
 * that a typo cannot send queries somewhere unexpected.
 */
final class ResolverList {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private ResolverList() {}

  static List<Server> parse(String text) {
    List<Server> servers = new ArrayList<>();
    for (String raw : text.split(",")) {
      String item = raw.strip();
      if (item.isEmpty()) {
        continue;
      }
      servers.add(parseOne(item));
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("--resolvers lists no resolver");
    }
    return servers;
  }

  /** The system's resolvers (resolv.conf on Unix), as dnsjava reads them. */
  static List<Server> system() {
    List<Server> servers = new ArrayList<>();
    for (InetSocketAddress a : ResolverConfig.getCurrentConfig().servers()) {
      servers.add(new Server(a.getAddress().getHostAddress(), a.getPort()));
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException(
          "No resolver in the system configuration; pass --resolvers HOST[:PORT],…");
    }
    return servers;
  }

  private static Server parseOne(String item) {
    String host;
    String port = null;
    if (item.startsWith("[")) {
      int end = item.indexOf(']');
      if (end < 0) {
        throw invalid(item, "unclosed '['");
      }
      host = item.substring(1, end);
      String rest = item.substring(end + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw invalid(item, "expected ':port' after ']'");
        }
        port = rest.substring(1);
      }
      if (!host.contains(":")) {
        throw invalid(item, "brackets are for IPv6 addresses");
      }
    } else if (item.chars().filter(c -> c == ':').count() > 1) {
      host = item;
    } else {
      int colon = item.indexOf(':');
      host = colon < 0 ? item : item.substring(0, colon);
      port = colon < 0 ? null : item.substring(colon + 1);
      if (!IPV4.matcher(host).matches() && !HOST.matcher(host).matches()) {
        throw invalid(item, "not an IP address or host name");
      }
      if (IPV4.matcher(host).matches()) {
        for (String octet : host.split("\\.")) {
          if (Integer.parseInt(octet) > 255) {
            throw invalid(item, "octet " + octet + " is over 255");
          }
        }
      }
    }
    if (host.contains(":") && !host.matches("[0-9a-fA-F:.]+")) {
      throw invalid(item, "not an IPv6 address");
    }
    int p = 53;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw invalid(item, "port '" + port + "' is not a number");
      }
      if (p < 1 || p > 65535) {
        throw invalid(item, "port " + p + " is outside 1-65535");
      }
    }
    return new Server(host, p);
  }

  private static IllegalArgumentException invalid(String item, String why) {
    return new IllegalArgumentException("Invalid resolver '" + item + "' in --resolvers: " + why);
  }
}
