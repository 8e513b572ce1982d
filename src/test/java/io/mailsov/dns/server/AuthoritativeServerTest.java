package io.mailsov.dns.server;

import static io.mailsov.dns.server.TestRecords.a;
import static io.mailsov.dns.server.TestRecords.cname;
import static io.mailsov.dns.server.TestRecords.mx;
import static io.mailsov.dns.server.TestRecords.name;
import static io.mailsov.dns.server.TestRecords.query;
import static io.mailsov.dns.server.TestRecords.rdata;
import static io.mailsov.dns.server.TestRecords.txt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailsov.dns.server.Faults.Action;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthoritativeServerTest {

  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
  private static final Duration WINDOW = Duration.ofMillis(300);
  private static final int HOSTS = 100;
  private static final int BIG_MX = 300;

  private static ZoneData data;
  private static AuthoritativeServer server;

  @BeforeAll
  static void startServer() throws IOException {
    List<org.xbill.DNS.Record> records = new ArrayList<>();
    records.add(a("www.example.", "192.0.2.1"));
    records.add(mx("example.", 10, "mx1.example."));
    records.add(mx("example.", 20, "mx2.example."));
    records.add(txt("example.", "v=spf1 -all"));
    records.add(a("mx1.example.", "192.0.2.10"));
    records.add(a("deep.sub.example.", "192.0.2.2"));
    records.add(cname("alias.example.", "mid.example."));
    records.add(cname("mid.example.", "www.example."));
    records.add(cname("loop1.example.", "loop2.example."));
    records.add(cname("loop2.example.", "loop1.example."));
    for (int i = 0; i < BIG_MX; i++) {
      records.add(mx("big.example.", i, "mx-" + i + ".big.example."));
    }
    for (int i = 0; i < HOSTS; i++) {
      records.add(a("host-" + i + ".example.", "10.0.0." + i));
    }
    for (String fault :
        List.of(
            "drop",
            "servfail",
            "refused",
            "formerr",
            "notimp",
            "slow",
            "wrongid",
            "wrongid-then-right",
            "wrongname",
            "garbage",
            "cut",
            "tc",
            "flaky",
            "flaky-tcp")) {
      records.add(a(fault + ".faults.example.", "192.0.2.99"));
    }
    data = ZoneData.of(records, Set.of(name("example.")));

    Faults faults =
        Faults.builder()
            .exact(name("drop.faults.example."), Action.DROP)
            .exact(name("servfail.faults.example."), Action.SERVFAIL)
            .exact(name("refused.faults.example."), Action.REFUSED)
            .exact(name("formerr.faults.example."), Action.FORMERR)
            .exact(name("notimp.faults.example."), Action.NOTIMP)
            .exact(name("slow.faults.example."), Action.delay(Duration.ofMillis(400)))
            .exact(name("wrongid.faults.example."), Action.WRONG_ID)
            .exact(name("wrongid-then-right.faults.example."), Action.WRONG_ID_THEN_RIGHT)
            .exact(name("wrongname.faults.example."), Action.WRONG_NAME)
            .exact(name("garbage.faults.example."), Action.GARBAGE)
            .exact(name("cut.faults.example."), Action.TRUNCATED_PACKET)
            .exact(name("tc.faults.example."), Action.ALWAYS_TC)
            .suffix(name("flaky.faults.example."), Action.dropFirst(2))
            .suffix(name("flaky-tcp.faults.example."), Action.dropFirst(1))
            .build();
    server = AuthoritativeServer.start(data, faults);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static SimpleResolver resolver(Duration timeout) {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTimeout(timeout);
    return resolver;
  }

  private static Message ask(String name, int type) throws IOException {
    return resolver(Duration.ofSeconds(2)).send(query(name, type));
  }

  private static Message parse(byte[] wire) throws IOException {
    return new Message(wire);
  }

  /** A query without EDNS unless {@code payload} > 0. */
  private static byte[] wire(String name, int type, int payload) {
    Message query = query(name, type);
    if (payload > 0) {
      query.addRecord(new OPTRecord(payload, 0, 0), Section.ADDITIONAL);
    }
    return query.toWire();
  }

  // --- answers -------------------------------------------------------------------------------

  @Test
  void answersAWithTheAuthoritativeFlag() throws IOException {
    Message reply = ask("www.example.", Type.A);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(rdata(reply, Section.ANSWER)).containsExactly("192.0.2.1");
  }

  @Test
  void answersMxAndTxt() throws IOException {
    assertThat(rdata(ask("example.", Type.MX), Section.ANSWER))
        .containsExactlyInAnyOrder("10 mx1.example.", "20 mx2.example.");
    assertThat(rdata(ask("example.", Type.TXT), Section.ANSWER)).containsExactly("\"v=spf1 -all\"");
  }

  @Test
  void followsACnameChainInsideTheData() throws IOException {
    Message reply = ask("alias.example.", Type.A);

    assertThat(reply.getSection(Section.ANSWER))
        .extracting(r -> r.getName().toString() + " " + Type.string(r.getType()))
        .containsExactly("alias.example. CNAME", "mid.example. CNAME", "www.example. A");
  }

  @Test
  void cnameLoopEndsAfterEachCnameOnce() throws IOException {
    Message reply = ask("loop1.example.", Type.A);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(rdata(reply, Section.ANSWER)).containsExactly("loop2.example.", "loop1.example.");
  }

  @Test
  void existingNameWithoutTheTypeIsNoDataWithSoa() throws IOException {
    Message reply = ask("www.example.", Type.AAAA);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY))
        .singleElement()
        .satisfies(
            soa -> {
              assertThat(soa.getType()).isEqualTo(Type.SOA);
              assertThat(soa.getName()).isEqualTo(name("example."));
              assertThat(soa.getTTL()).isEqualTo(300);
            });
  }

  @Test
  void emptyNonTerminalIsNoDataNotNxdomain() throws IOException {
    assertThat(ask("sub.example.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void missingNameIsNxdomainWithSoa() throws IOException {
    Message reply = ask("missing.example.", Type.A);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getSection(Section.AUTHORITY))
        .extracting(r -> r.getType())
        .containsExactly(Type.SOA);
  }

  @Test
  void nameOutsideEveryOriginIsRefused() throws IOException {
    Message reply = ask("www.example.org.", Type.A);

    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void zoneTransfersAndOtherClassesAreRefused() throws IOException {
    Message chaos =
        Message.newQuery(org.xbill.DNS.Record.newRecord(name("www.example."), Type.A, DClass.CH));

    assertThat(parse(RawClient.udpFirst(server.address(), chaos.toWire())).getRcode())
        .isEqualTo(Rcode.REFUSED);
    try (RawClient.Tcp tcp = new RawClient.Tcp(server.address(), Duration.ofSeconds(2))) {
      tcp.send(query("example.", Type.AXFR).toWire());
      assertThat(parse(tcp.receive()).getRcode()).isEqualTo(Rcode.REFUSED);
    }
  }

  // --- EDNS and truncation -------------------------------------------------------------------

  @Test
  void echoesOptWithOurPayloadSizeAndTheDoBit() throws IOException {
    Message query = query("www.example.", Type.A);
    query.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);

    Message reply = parse(RawClient.udpFirst(server.address(), query.toWire()));

    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(1232);
    assertThat(reply.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
  }

  @Test
  void answersWithoutOptWhenTheQueryHadNone() throws IOException {
    byte[] reply = RawClient.udpFirst(server.address(), wire("www.example.", Type.A, 0));

    assertThat(parse(reply).getOPT()).isNull();
  }

  @Test
  void answersBadVersToEdnsVersionOne() throws IOException {
    Message query = query("www.example.", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

    Message reply = parse(RawClient.udpFirst(server.address(), query.toWire()));

    assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void truncatesALargeRrsetToTheClientsUdpSize() throws IOException {
    byte[] classic = RawClient.udpFirst(server.address(), wire("big.example.", Type.MX, 0));
    byte[] edns = RawClient.udpFirst(server.address(), wire("big.example.", Type.MX, 1280));

    assertThat(classic.length).isLessThanOrEqualTo(512);
    assertThat(parse(classic).getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(edns.length).isLessThanOrEqualTo(1280);
    assertThat(parse(edns).getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(parse(edns).getOPT()).as("the OPT record survives truncation").isNotNull();
  }

  @Test
  void largeRrsetArrivesWholeAfterTheResolverFallsBackToTcp() throws IOException {
    Message reply = ask("big.example.", Type.MX);

    assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(reply.getSection(Section.ANSWER)).hasSize(BIG_MX);
  }

  @Test
  void largeUdpPayloadHoldsTheWholeRrset() throws IOException {
    byte[] reply = RawClient.udpFirst(server.address(), wire("big.example.", Type.MX, 65000));

    assertThat(parse(reply).getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(parse(reply).getSection(Section.ANSWER)).hasSize(BIG_MX);
  }

  // --- malformed queries ---------------------------------------------------------------------

  @Test
  void dropsADatagramShorterThanAHeader() throws IOException {
    assertThat(RawClient.udp(server.address(), new byte[] {1, 2, 3, 4, 5}, WINDOW)).isEmpty();
  }

  @Test
  void answersFormerrWhenOnlyTheHeaderParses() throws IOException {
    byte[] full = wire("www.example.", Type.A, 0);
    byte[] cut = Arrays.copyOf(full, 16);

    List<byte[]> replies = RawClient.udp(server.address(), cut, WINDOW);

    assertThat(replies).hasSize(1);
    Message reply = parse(replies.get(0));
    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getHeader().getID()).isEqualTo(RawClient.id(full));
  }

  @Test
  void answersFormerrToTwoQuestions() throws IOException {
    Message query = query("www.example.", Type.A);
    query.addRecord(org.xbill.DNS.Record.newRecord(name("example."), Type.MX, 1), Section.QUESTION);

    assertThat(parse(RawClient.udpFirst(server.address(), query.toWire())).getRcode())
        .isEqualTo(Rcode.FORMERR);
  }

  @Test
  void neverAnswersAResponse() throws IOException {
    Message response = query("www.example.", Type.A);
    response.getHeader().setFlag(Flags.QR);

    assertThat(RawClient.udp(server.address(), response.toWire(), WINDOW)).isEmpty();
  }

  @Test
  void answersNotimpToOtherOpcodes() throws IOException {
    Message notify = query("example.", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);

    Message reply = parse(RawClient.udpFirst(server.address(), notify.toWire()));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(reply.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
  }

  // --- faults --------------------------------------------------------------------------------

  @Test
  void dropLetsTheResolverTimeOut() {
    SimpleResolver resolver = resolver(SHORT_TIMEOUT);

    assertThatThrownBy(() -> resolver.send(query("drop.faults.example.", Type.A)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Timed out");
  }

  @Test
  void rcodeFaultsReachTheResolverAsRcodes() throws IOException {
    assertThat(ask("servfail.faults.example.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(ask("refused.faults.example.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(ask("formerr.faults.example.", Type.A).getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(ask("notimp.faults.example.", Type.A).getRcode()).isEqualTo(Rcode.NOTIMP);
  }

  @Test
  void delayedAnswerDoesNotHoldUpOtherQueries() throws Exception {
    SimpleResolver resolver = resolver(Duration.ofSeconds(3));
    long start = System.nanoTime();

    CompletableFuture<Message> slow =
        resolver.sendAsync(query("slow.faults.example.", Type.A)).toCompletableFuture();
    Message fast = resolver.send(query("www.example.", Type.A));
    long fastMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    Message delayed = slow.get(3, TimeUnit.SECONDS);
    long slowMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertThat(rdata(fast, Section.ANSWER)).containsExactly("192.0.2.1");
    assertThat(fastMillis).as("a fast query behind a delayed one").isLessThan(350);
    assertThat(rdata(delayed, Section.ANSWER)).containsExactly("192.0.2.99");
    assertThat(slowMillis).isGreaterThanOrEqualTo(400);
  }

  @Test
  void wrongIdIsAllTheClientGets() throws IOException {
    byte[] query = wire("wrongid.faults.example.", Type.A, 0);

    List<byte[]> replies = RawClient.udp(server.address(), query, WINDOW);

    assertThat(replies).hasSize(1);
    assertThat(RawClient.id(replies.get(0))).isNotEqualTo(RawClient.id(query));
    assertThatThrownBy(() -> resolver(SHORT_TIMEOUT).send(query("wrongid.faults.example.", 1)))
        .isInstanceOf(WireParseException.class)
        .hasMessageContaining("invalid message id");
  }

  @Test
  void wrongIdThenRightSendsAStrayReplyBeforeTheCorrectOne() throws IOException {
    byte[] query = wire("wrongid-then-right.faults.example.", Type.A, 0);

    List<byte[]> replies = RawClient.udp(server.address(), query, WINDOW);

    assertThat(replies).hasSize(2);
    assertThat(RawClient.id(replies.get(0))).isNotEqualTo(RawClient.id(query));
    assertThat(RawClient.id(replies.get(1))).isEqualTo(RawClient.id(query));
    assertThat(rdata(parse(replies.get(1)), Section.ANSWER)).containsExactly("192.0.2.99");
  }

  @Test
  void wrongNameIsRejectedByTheResolver() throws IOException {
    byte[] reply =
        RawClient.udpFirst(server.address(), wire("wrongname.faults.example.", Type.A, 0));

    assertThat(parse(reply).getQuestion().getName()).isEqualTo(QueryHandler.WRONG_NAME);
    assertThatThrownBy(() -> resolver(SHORT_TIMEOUT).send(query("wrongname.faults.example.", 1)))
        .isInstanceOf(WireParseException.class)
        .hasMessageContaining("invalid name");
  }

  @Test
  void garbageCarriesTheQueryIdButNeverParses() throws IOException {
    byte[] query = wire("garbage.faults.example.", Type.A, 0);

    for (int attempt = 0; attempt < 50; attempt++) {
      byte[] reply = RawClient.udpFirst(server.address(), query);

      assertThat(RawClient.id(reply)).isEqualTo(RawClient.id(query));
      assertThatThrownBy(() -> parse(reply))
          .as("random bytes %s", HexFormat.of().formatHex(reply))
          .isInstanceOf(WireParseException.class);
    }
    assertThatThrownBy(() -> resolver(SHORT_TIMEOUT).send(query("garbage.faults.example.", 1)))
        .isInstanceOf(WireParseException.class);
  }

  @Test
  void truncatedPacketIsCutInsideARecord() throws IOException {
    byte[] whole = RawClient.udpFirst(server.address(), wire("www.example.", Type.A, 0));
    byte[] cut = RawClient.udpFirst(server.address(), wire("cut.faults.example.", Type.A, 0));

    assertThat(parse(whole).getSection(Section.ANSWER)).hasSize(1);
    assertThatThrownBy(() -> parse(cut)).isInstanceOf(WireParseException.class);
    assertThatThrownBy(() -> resolver(SHORT_TIMEOUT).send(query("cut.faults.example.", 1)))
        .isInstanceOf(WireParseException.class);
  }

  @Test
  void truncatedPacketOfATruncatedAnswerStillFailsToParse() throws IOException {
    Faults cutBig = Faults.builder().exact(name("big.example."), Action.TRUNCATED_PACKET).build();
    try (AuthoritativeServer own = AuthoritativeServer.start(data, cutBig)) {
      byte[] cut = RawClient.udpFirst(own.address(), wire("big.example.", Type.MX, 0));

      assertThatThrownBy(() -> parse(cut)).isInstanceOf(WireParseException.class);
    }
  }

  @Test
  void alwaysTcSendsAnEmptyTruncatedUdpReplyAndTheFullAnswerOverTcp() throws IOException {
    Message udp =
        parse(RawClient.udpFirst(server.address(), wire("tc.faults.example.", Type.A, 0)));

    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(udp.getSection(Section.ANSWER)).isEmpty();
    assertThat(rdata(ask("tc.faults.example.", Type.A), Section.ANSWER))
        .as("SimpleResolver retries over TCP by itself")
        .containsExactly("192.0.2.99");
  }

  @Test
  void dropFirstAnswersOnTheThirdAttemptPerName() throws IOException {
    SimpleResolver resolver = resolver(SHORT_TIMEOUT);
    Message query = query("one.flaky.faults.example.", Type.A);

    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThatThrownBy(() -> resolver.send(query))
          .as("attempt %d", attempt)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("Timed out");
    }
    assertThat(resolver.send(query).getRcode())
        .as("an NXDOMAIN answer is an answer")
        .isEqualTo(Rcode.NXDOMAIN);
    assertThatThrownBy(() -> resolver.send(query("flaky.faults.example.", Type.A)))
        .as("another name under the same rule counts its own attempts")
        .isInstanceOf(IOException.class);
  }

  @Test
  void dropFirstCountsTcpAttemptsToo() throws IOException {
    try (RawClient.Tcp tcp = new RawClient.Tcp(server.address(), WINDOW)) {
      byte[] query = wire("flaky-tcp.faults.example.", Type.A, 0);

      tcp.send(query);
      assertThat(tcp.receive()).as("first attempt").isNull();
      tcp.send(query);
      assertThat(rdata(parse(tcp.receive()), Section.ANSWER)).containsExactly("192.0.2.99");
    }
  }

  @Test
  void lossRateDropsASeededShareOfUdpQueriesOnly() throws Exception {
    Faults lossy = Faults.builder().lossRate(0.3, 42).build();
    int queries = 300;

    Set<Integer> first = answeredIds(lossy, queries);
    Set<Integer> second = answeredIds(lossy, queries);

    assertThat(first.size()).isBetween(170, 250);
    assertThat(second).as("the same seed loses the same queries").isEqualTo(first);
    try (AuthoritativeServer lossyServer = AuthoritativeServer.start(data, lossy)) {
      SimpleResolver tcp = new SimpleResolver(lossyServer.address());
      tcp.setTCP(true);
      tcp.setTimeout(Duration.ofSeconds(2));
      for (int i = 0; i < 20; i++) {
        assertThat(tcp.send(query("www.example.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
      }
    }
  }

  /** IDs of the queries a fresh lossy server answers, from one burst sent in order. */
  private static Set<Integer> answeredIds(Faults faults, int queries) throws IOException {
    try (AuthoritativeServer lossy = AuthoritativeServer.start(data, faults);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      for (int id = 0; id < queries; id++) {
        Message query = query("www.example.", Type.A);
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        socket.send(new DatagramPacket(wire, wire.length, lossy.address()));
      }
      Set<Integer> ids = new HashSet<>();
      for (byte[] reply : RawClient.receiveAll(socket, Duration.ofMillis(500))) {
        ids.add(RawClient.id(reply));
      }
      assertThat(lossy.queriesReceived()).isEqualTo(queries);
      assertThat(lossy.queriesAnswered()).isEqualTo(ids.size());
      return ids;
    }
  }

  // --- TCP, concurrency, lifecycle -----------------------------------------------------------

  @Test
  void tcpAnswersPipelinedQueriesAndADelayedOneComesLast() throws IOException {
    byte[] slow = query("slow.faults.example.", Type.A).toWire();
    byte[] first = query("host-1.example.", Type.A).toWire();
    byte[] second = query("host-2.example.", Type.A).toWire();

    List<Integer> order = new ArrayList<>();
    try (RawClient.Tcp tcp = new RawClient.Tcp(server.address(), Duration.ofSeconds(2))) {
      tcp.send(slow);
      tcp.send(first);
      tcp.send(second);
      for (int i = 0; i < 3; i++) {
        order.add(RawClient.id(tcp.receive()));
      }
    }

    assertThat(order).hasSize(3).last().isEqualTo(RawClient.id(slow));
    assertThat(order)
        .containsExactlyInAnyOrder(RawClient.id(slow), RawClient.id(first), RawClient.id(second));
  }

  @Test
  void concurrentClientsEachGetTheirOwnAnswers() throws Exception {
    int clients = 8;
    int perClient = 100;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        boolean tcp = c % 4 == 0;
        results.add(
            pool.submit(
                () -> {
                  SimpleResolver resolver = resolver(Duration.ofSeconds(2));
                  resolver.setTCP(tcp);
                  int correct = 0;
                  for (int i = 0; i < perClient; i++) {
                    int host = i % HOSTS;
                    Message reply = resolver.send(query("host-" + host + ".example.", Type.A));
                    ARecord answer = (ARecord) reply.getSection(Section.ANSWER).get(0);
                    if (answer.getAddress().getHostAddress().equals("10.0.0." + host)) {
                      correct++;
                    }
                  }
                  return correct;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(perClient);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeFreesThePortAndCanBeCalledTwice() throws IOException {
    AuthoritativeServer own = AuthoritativeServer.start(data, Faults.none());
    InetSocketAddress address = own.address();
    assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(own.port()).isPositive();

    own.close();
    own.close();

    try (DatagramChannel udp = DatagramChannel.open();
        ServerSocketChannel tcp = ServerSocketChannel.open()) {
      udp.bind(address);
      tcp.bind(address);
      assertThat(((InetSocketAddress) tcp.getLocalAddress()).getPort())
          .isEqualTo(address.getPort());
    }
  }

  @Test
  void startOnATakenPortFails() {
    assertThatThrownBy(() -> AuthoritativeServer.start(data, Faults.none(), server.port()))
        .isInstanceOf(BindException.class);
  }

  @Test
  void countsQueriesReceivedAndAnswered() throws IOException {
    try (AuthoritativeServer own =
        AuthoritativeServer.start(
            data, Faults.builder().exact(name("drop.faults.example."), Action.DROP).build())) {
      RawClient.udp(own.address(), wire("www.example.", Type.A, 0), Duration.ofMillis(100));
      RawClient.udp(own.address(), wire("drop.faults.example.", Type.A, 0), Duration.ofMillis(100));

      assertThat(own.queriesReceived()).isEqualTo(2);
      assertThat(own.queriesAnswered()).isEqualTo(1);
    }
  }

  /**
   * Measures loopback throughput with a window of queries in flight; prints the rate and asserts
   * only that every query was answered, since timing depends on the machine.
   */
  @Test
  void answersABurstOfUdpQueriesWithAWindowInFlight() throws IOException {
    int total = 50_000;
    int window = 256;
    byte[][] queries = new byte[HOSTS][];
    for (int i = 0; i < HOSTS; i++) {
      queries[i] = wire("host-" + i + ".example.", Type.A, 1232);
    }

    int answered = 0;
    long start = System.nanoTime();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.setReceiveBufferSize(4 << 20);
      socket.setSoTimeout(1000);
      DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
      int sent = 0;
      for (; sent < window; sent++) {
        send(socket, queries[sent % HOSTS], sent);
      }
      while (answered < total) {
        try {
          socket.receive(in);
        } catch (SocketTimeoutException e) {
          break;
        }
        answered++;
        if (sent < total) {
          send(socket, queries[sent % HOSTS], sent);
          sent++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        "UDP burst: %d of %d answered in %.2f s, %.0f queries/s%n",
        answered, total, seconds, answered / seconds);
    assertThat(answered).isEqualTo(total);
  }

  private void send(DatagramSocket socket, byte[] query, int id) throws IOException {
    query[0] = (byte) (id >>> 8);
    query[1] = (byte) id;
    socket.send(new DatagramPacket(query, query.length, server.address()));
  }
}
