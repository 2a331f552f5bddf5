package io.ticketping.shared.queue;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;

/**
 * One reply of {@code lua/queue/line/changes.lua}: the queue's figures, and what changed in the line since the
 * reader's cursor: tickets that departed (logged), the head (every ticket below it is gone), and the arrivals
 * ({@code arrivals} holds user, ticket, user, ticket, ... in ticket order). Numbers come as comma-separated text, one
 * string each, and are read here digit by digit: a client parses one bulk reply, not 100,000.
 */
record LineChanges(LineFigures figures, boolean restarted, String cursor, boolean logComplete, long[] departed,
                   long head, long[] arrivals, boolean arrivalsComplete, long lastSeq) {

  /** Bytes of the reply's lists of departures and arrivals, so a reader can tell a big reply before parsing it. */
  static int listBytes(Response reply) {
    return reply.get(11).toBuffer().length() + reply.get(13).toBuffer().length();
  }

  static LineChanges of(Response reply, long takenAt) {
    LineFigures figures = new LineFigures(takenAt, reply.get(0).toString(), reply.get(1).toLong(),
      reply.get(2).toLong(), reply.get(3).toLong(), reply.get(4).toLong(), reply.get(5).toLong(),
      reply.get(6).toString(), reply.get(7).toLong());
    return new LineChanges(figures, reply.get(8).toLong() == 1, reply.get(9).toString(), reply.get(10).toLong() == 1,
      numbers(reply.get(11).toBuffer()), reply.get(12).toLong(), numbers(reply.get(13).toBuffer()),
      reply.get(14).toLong() == 1, reply.get(15).toLong());
  }

  /** Departures and arrivals in this reply. */
  int size() {
    return departed.length + arrivals.length / 2;
  }

  /** The non-negative integers of comma-separated text; a fraction (a score Redis wrote as one) is cut off at its point. */
  static long[] numbers(Buffer text) {
    int n = text.length();
    if (n == 0) {
      return new long[0];
    }
    int count = 1;
    for (int i = 0; i < n; i++) {
      if (text.getByte(i) == ',') {
        count++;
      }
    }
    long[] values = new long[count];
    int k = 0;
    long value = 0;
    boolean fraction = false;
    for (int i = 0; i <= n; i++) {
      byte c = i < n ? text.getByte(i) : (byte) ',';
      if (c == ',') {
        values[k++] = value;
        value = 0;
        fraction = false;
      } else if (c == '.') {
        fraction = true;
      } else if (!fraction) {
        value = value * 10 + (c - '0');
      }
    }
    return values;
  }
}
