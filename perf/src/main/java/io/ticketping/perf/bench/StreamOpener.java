package io.ticketping.perf.bench;

import io.vertx.core.Promise;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens one queue stream per token, a fixed number in flight at a time: each stream that gets its first event, or
 * fails to, starts the next. Consecutive streams go to the gateways in turn. A stream without its first event within
 * {@link #FIRST_EVENT_TIMEOUT_MS} counts as failed (e.g. the server is out of file descriptors).
 */
abstract class StreamOpener {

  static final long FIRST_EVENT_TIMEOUT_MS = 15_000;

  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final Promise<Void> allTried = Promise.promise();
  final List<URI> gateways;
  final String path;
  final List<String> tokens;
  final ArrivalLog arrivals;
  private final AtomicInteger next = new AtomicInteger();

  StreamOpener(List<URI> gateways, String path, List<String> tokens, ArrivalLog arrivals) {
    this.gateways = gateways;
    this.path = path;
    this.tokens = tokens;
    this.arrivals = arrivals;
    if (tokens.isEmpty()) {
      allTried.complete();
    }
  }

  /** Opens the next stream, if any is left. */
  final void next() {
    int index = next.getAndIncrement();
    if (index >= tokens.size()) {
      if (opened.get() + failed.get() >= tokens.size()) {
        allTried.tryComplete();
      }
      return;
    }
    open(index, gateways.get(index % gateways.size()), tokens.get(index), new Stream());
  }

  /** Opens stream {@code index} on {@code gateway} for the holder of {@code token}, reporting to {@code stream}. */
  abstract void open(int index, URI gateway, String token, Stream stream);

  /** One stream's outcome: opened on its first event, else failed once; ended when it closes after opening. */
  final class Stream {

    private boolean waitingForFirst = true;
    private boolean streaming;

    /** {@code events} more events arrived on the stream. */
    void events(int events) {
      if (waitingForFirst && events > 0) {
        waitingForFirst = false;
        streaming = true;
        opened.incrementAndGet();
        next();
        events--;
      }
      arrivals.record(events);
    }

    /** The stream failed or ended: a failure if it never had an event. */
    void closed() {
      if (streaming) {
        streaming = false;
        arrivals.ended.incrementAndGet();
      }
      failedFirst();
    }

    /** Whether the first event is still awaited (to cut the stream at the first-event timeout). */
    boolean waitingForFirst() {
      return waitingForFirst;
    }

    void failedFirst() {
      if (waitingForFirst) {
        waitingForFirst = false;
        failed.incrementAndGet();
        next();
      }
    }
  }
}
