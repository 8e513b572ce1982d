/**
 * An embedded authoritative DNS server on 127.0.0.1 for the offline demo and for tests: {@link
 * io.mailsov.dns.server.ZoneData} holds the records, {@link io.mailsov.dns.server.Faults} the
 * misbehaviour to show on purpose, and {@link io.mailsov.dns.server.AuthoritativeServer} answers
 * over UDP and TCP.
 */
package io.mailsov.dns.server;
