package io.ticketping.gateway.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request came from, as the rate limits see it. Behind a load balancer every socket peer is the
 * balancer, so when the peer is one of the configured trusted proxies ({@code http.trustedProxies}, CIDRs) the
 * {@code X-Forwarded-For} chain is read from its right end, skipping trusted hops: the first untrusted address is the
 * client. Entries to its left were written by the client itself and could be anything, so they are never used. A peer
 * that is not trusted is the client, whatever it claims in the header.
 */
public final class ClientAddress {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Cidr> trusted;

  private ClientAddress(List<Cidr> trusted) {
    this.trusted = trusted;
  }

  /** From a comma-separated list of CIDRs or single addresses, e.g. {@code 10.0.0.0/8, 192.168.1.7, fd00::/8}. */
  public static ClientAddress trusting(String cidrs) {
    List<Cidr> trusted = new ArrayList<>();
    for (String cidr : cidrs.split(",")) {
      if (!cidr.isBlank()) {
        trusted.add(Cidr.parse(cidr.strip()));
      }
    }
    return new ClientAddress(List.copyOf(trusted));
  }

  /** The client's address in canonical text form, or {@code "-"} when the connection has none. */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    InetAddress socket = peer == null ? null : literal(peer.hostAddress());
    if (socket == null) {
      return peer == null || peer.hostAddress() == null ? "-" : peer.hostAddress();
    }
    InetAddress client = socket;
    if (isTrusted(socket)) {
      List<String> hops = forwardedFor(request);
      for (int i = hops.size() - 1; i >= 0; i--) {
        InetAddress hop = literal(hops.get(i));
        if (hop == null) {
          // Not an address: the chain is broken here, so the last hop a trusted proxy vouched for is the client.
          break;
        }
        client = hop;
        if (!isTrusted(hop)) {
          break;
        }
      }
    }
    return client.getHostAddress();
  }

  private boolean isTrusted(InetAddress address) {
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Every {@code X-Forwarded-For} entry, left to right, across repeated headers. */
  private static List<String> forwardedFor(HttpServerRequest request) {
    List<String> hops = new ArrayList<>();
    for (String header : request.headers().getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    return hops;
  }

  /**
   * An IP literal (an IPv4 or IPv6 address, optionally bracketed or with a port), or null. Never a name look-up: IPv4 is
   * parsed here, and IPv6 reaches {@link InetAddress#getByName} in brackets, which the JDK parses or refuses.
   */
  static InetAddress literal(String text) {
    if (text == null) {
      return null;
    }
    String host = text.strip();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end < 0 ? "" : host.substring(1, end);
    } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      host = host.substring(0, host.indexOf(':'));
    }
    try {
      if (IPV4.matcher(host).matches()) {
        byte[] bytes = new byte[4];
        String[] parts = host.split("\\.");
        for (int i = 0; i < 4; i++) {
          int part = Integer.parseInt(parts[i]);
          if (part > 255) {
            return null;
          }
          bytes[i] = (byte) part;
        }
        return InetAddress.getByAddress(bytes);
      }
      return IPV6.matcher(host).matches() ? InetAddress.getByName("[" + host + "]") : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An address block: {@code bits} leading bits of {@code network}. */
  private record Cidr(byte[] network, int bits) {

    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("http.trustedProxies: '" + text + "' is not an address or CIDR block");
      }
      int max = address.getAddress().length * 8;
      int bits;
      try {
        bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("http.trustedProxies: '" + text + "' has a bad prefix length", e);
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("http.trustedProxies: '" + text + "' has a prefix length outside 0-" + max);
      }
      return new Cidr(address.getAddress(), bits);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (candidate[whole] & mask) == (network[whole] & mask);
    }
  }
}
