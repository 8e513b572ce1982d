package io.mailsov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailsov.dns.ResolverSettings.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResolverListTest {

  @Test
  void parsesAddressesPortsAndHostNames() {
    assertThat(
            ResolverList.parse("127.0.0.1:5300, 192.0.2.1,[2001:db8::1]:53,::1,ns.example.nl:54"))
        .containsExactly(
            new Server("127.0.0.1", 5300),
            new Server("192.0.2.1", 53),
            new Server("2001:db8::1", 53),
            new Server("::1", 53),
            new Server("ns.example.nl", 54));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1",
        "127.0.0.1:0",
        "127.0.0.1:70000",
        "127.0.0.1:x",
        "300.1.1.1",
        "a b",
        "[127.0.0.1]:53",
        "ns_1.example:53",
        "x;rm -rf"
      })
  void refusesAnythingButAddressesAndHostNames(String bad) {
    assertThatThrownBy(() -> ResolverList.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid resolver");
  }

  @Test
  void refusesAnEmptyList() {
    assertThatThrownBy(() -> ResolverList.parse(" , ")).hasMessageContaining("no resolver");
  }
}
