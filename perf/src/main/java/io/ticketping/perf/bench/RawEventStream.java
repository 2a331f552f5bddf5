package io.ticketping.perf.bench;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of one SSE response as they arrive on a plain TCP socket, in pieces of any size: whether the response
 * is a 200, how many events ({@code "event: "} lines) each piece completes, and whether the response has ended (the
 * last, empty chunk: the server ends a stream after admitting or dropping its user, and keeps the connection). No
 * HTTP client, no chunk decoding and no strings: the load generator that reads 19,000 streams shares the cores with
 * the server it measures, so it should cost as little as it can. SSE text has no {@code '\r'}, so neither pattern
 * can occur inside an event.
 */
final class RawEventStream {

  private static final byte[] OK = "HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII);

  private final Pattern headEnd = new Pattern("\r\n\r\n");
  private final Pattern events = new Pattern("event: ");
  private final Pattern lastChunk = new Pattern("\r\n0\r\n\r\n");
  /** Bytes of the status line seen so far that matched {@link #OK}. */
  private int statusMatched;
  private boolean refused;
  private boolean inBody;
  private boolean ended;

  /** A stream whose bytes start with the HTTP/1.1 status line. */
  RawEventStream() {
  }

  /** A stream whose bytes are the response body alone (an HTTP/2 client has taken the head and the framing off). */
  static RawEventStream body() {
    RawEventStream stream = new RawEventStream();
    stream.statusMatched = OK.length;
    stream.inBody = true;
    return stream;
  }

  /** The events the piece completes; -1 once the response turns out not to be a 200. */
  int accept(Buffer piece) {
    if (refused) {
      return -1;
    }
    int count = 0;
    for (int i = 0, n = piece.length(); i < n; i++) {
      byte b = piece.getByte(i);
      if (!inBody) {
        if (statusMatched < OK.length) {
          if (b != OK[statusMatched]) {
            refused = true;
            return -1;
          }
          statusMatched++;
        }
        inBody = headEnd.next(b) > 0;
        continue;
      }
      count += events.next(b);
      // A stream's last chunk always follows a data chunk, whose "\r\n" starts the pattern.
      if (lastChunk.next(b) > 0) {
        ended = true;
      }
    }
    return count;
  }

  /** Whether the response's last chunk has arrived. */
  boolean ended() {
    return ended;
  }

  /** One pattern in a byte stream (Knuth-Morris-Pratt: "eve" ends as it begins, so a mismatch need not restart). */
  private static final class Pattern {

    private final byte[] bytes;
    private final int[] fallback;
    private int matched;

    Pattern(String text) {
      bytes = text.getBytes(StandardCharsets.US_ASCII);
      fallback = new int[bytes.length];
      for (int i = 1, k = 0; i < bytes.length; i++) {
        while (k > 0 && bytes[i] != bytes[k]) {
          k = fallback[k - 1];
        }
        if (bytes[i] == bytes[k]) {
          k++;
        }
        fallback[i] = k;
      }
    }

    /** 1 when {@code b} completes the pattern, else 0. */
    int next(byte b) {
      while (matched > 0 && b != bytes[matched]) {
        matched = fallback[matched - 1];
      }
      if (b == bytes[matched]) {
        matched++;
      }
      if (matched == bytes.length) {
        matched = fallback[matched - 1];
        return 1;
      }
      return 0;
    }
  }
}
