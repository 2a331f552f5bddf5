package io.ticketping.perf.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code SseHold <baseUrls> <showId> <tokensFile> <first> <count> <sourceAddresses> <redisHost:port> <lineKey>
 * <goFile> <observeSeconds> <lagFile>}: one load process of the harness's stream phase. Opens one queue stream for each
 * of {@code count} users from line {@code first} (0-based) of the tokens file, spread over the gateways
 * (comma-separated base URLs) and over the comma-separated loopback source addresses (one address has only ~28k
 * ephemeral ports), each a plain socket read by {@link RawEventStream}; prints how many opened and {@code
 * SSE_HOLDING}. It then waits until {@code goFile} exists (the harness reads the gateways' heaps and starts
 * admission meanwhile, so that every place moves each tick) and for {@code observeSeconds} records when position
 * events arrive and when the line moves: a tick is when the line's length ({@code ZCARD lineKey}, asked of Redis every
 * 5 ms) reaches a new low, i.e. when the admission tick committed. Prints this process's figures, and writes its lag
 * histogram to {@code lagFile} (lines {@code <lag ms> <events>}) for the harness to add up over processes. Each
 * process holds at most the open-files limit of streams, so the harness runs several.
 */
public final class SseHold {

  private static final int OPENING_AT_ONCE = 500;
  /** A stream without its first event by then counts as failed (e.g. the server is out of file descriptors). */
  private static final long FIRST_EVENT_TIMEOUT_MS = 15_000;
  private static final long LINE_READ_MS = 5;

  private SseHold() {
  }

  public static void main(String[] args) throws Exception {
    List<URI> gateways = Arrays.stream(args[0].split(",")).map(URI::create).toList();
    String showId = args[1];
    List<String> tokens = slice(Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    int count = tokens.size();
    String[] sources = args[5].split(",");
    URI redis = URI.create("redis://" + args[6]);
    String lineKey = args[7];
    Path go = Path.of(args[8]);
    int observeSeconds = Integer.parseInt(args[9]);
    Path lagFile = Path.of(args[10]);

    Vertx vertx = Vertx.vertx();
    // Streams are read off plain sockets (RawEventStream): an HTTP client's parsing per event would be the
    // generator's largest cost, on the cores the server needs.
    List<NetClient> clients = new ArrayList<>();
    for (String source : sources) {
      clients.add(vertx.createNetClient(new NetClientOptions().setLocalAddress(source).setIdleTimeout(0)));
    }
    ArrivalLog arrivals = new ArrivalLog();
    Opening opening = new Opening(vertx, clients, gateways, "/api/v1/queue/" + showId + "/stream", tokens, arrivals);
    long started = System.nanoTime();
    for (int i = 0; i < OPENING_AT_ONCE; i++) {
      vertx.runOnContext(v -> opening.next());
    }
    opening.allTried.future().await();
    System.out.printf("sse_opened=%d%nsse_failed=%d%nsse_open_seconds=%.1f%n", opening.opened.get(),
      opening.failed.get(), (System.nanoTime() - started) / 1e9);
    System.out.println("SSE_HOLDING");
    System.out.flush();
    while (!Files.exists(go)) {
      Thread.sleep(20);
    }

    arrivals.start();
    long observeFrom = System.currentTimeMillis();
    NetSocket lineReader = vertx.createNetClient().connect(redis.getPort(), redis.getHost()).await();
    readLineLength(vertx, lineReader, lineKey, arrivals);
    Thread.sleep(observeSeconds * 1000L);
    arrivals.stop();
    // On stderr, to cut profiles and CPU samples of the run to the observed seconds.
    System.err.printf("SSE observation: %d to %d (epoch ms)%n", observeFrom, System.currentTimeMillis());
    long[] histogram = arrivals.lagHistogram();
    List<String> lines = new ArrayList<>();
    for (int ms = 0; ms < histogram.length; ms++) {
      if (histogram[ms] > 0) {
        lines.add(ms + " " + histogram[ms]);
      }
    }
    Files.write(lagFile, lines);
    int open = opening.opened.get();
    System.out.printf("sse_position_events=%d%nsse_ticks_seen=%d%nsse_lag_after_tick_p50_ms=%d%n"
        + "sse_lag_after_tick_p99_ms=%d%nsse_lag_after_tick_max_ms=%d%nsse_streams_ended_during_run=%d%n"
        + "sse_position_events_per_stream_per_tick=%.2f%n",
      arrivals.total(), arrivals.ticks(), ArrivalLog.percentile(histogram, 50), ArrivalLog.percentile(histogram, 99),
      ArrivalLog.percentile(histogram, 100), arrivals.ended(),
      arrivals.total() / Math.max(1.0, (double) arrivals.ticks() * (open - arrivals.ended() / 2.0)));
    vertx.close().await();
  }

  /** Lines {@code first} to {@code first + count - 1} of the file: only this process's users are kept in memory. */
  static List<String> slice(Path file, int first, int count) throws IOException {
    List<String> lines = new ArrayList<>(count);
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      String line;
      for (int i = 0; (line = reader.readLine()) != null && lines.size() < count; i++) {
        if (i >= first) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** Asks Redis for the line's length every few ms (one question at a time, inline protocol) and logs each answer. */
  private static void readLineLength(Vertx vertx, NetSocket redis, String lineKey, ArrivalLog arrivals) {
    boolean[] asking = {false};
    redis.handler(RecordParser.newDelimited("\r\n", reply -> {
      asking[0] = false;
      if (reply.length() > 1 && reply.getByte(0) == ':') {
        arrivals.lineLength(Long.parseLong(reply.getString(1, reply.length())));
      }
    }));
    String question = "ZCARD " + lineKey + "\r\n";
    vertx.setPeriodic(LINE_READ_MS, id -> {
      if (!asking[0]) {
        asking[0] = true;
        redis.write(question);
      }
    });
  }

  /** Opens the streams, {@link #OPENING_AT_ONCE} at a time; each one opened or failed starts the next. */
  private static final class Opening {

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final Promise<Void> allTried = Promise.promise();
    private final AtomicInteger next = new AtomicInteger();
    private final Vertx vertx;
    private final List<NetClient> clients;
    private final List<URI> gateways;
    private final String path;
    private final List<String> tokens;
    private final ArrivalLog arrivals;

    Opening(Vertx vertx, List<NetClient> clients, List<URI> gateways, String path, List<String> tokens,
            ArrivalLog arrivals) {
      this.vertx = vertx;
      this.clients = clients;
      this.gateways = gateways;
      this.path = path;
      this.tokens = tokens;
      this.arrivals = arrivals;
      if (tokens.isEmpty()) {
        allTried.complete();
      }
    }

    void next() {
      int index = next.getAndIncrement();
      if (index >= tokens.size()) {
        if (opened.get() + failed.get() >= tokens.size()) {
          allTried.tryComplete();
        }
        return;
      }
      // Consecutive streams go to the gateways in turn, and each gateway's streams to the source addresses in turn.
      URI gateway = gateways.get(index % gateways.size());
      NetClient client = clients.get(index / gateways.size() % clients.size());
      boolean[] first = {true};
      boolean[] streaming = {false};
      Runnable failedFirst = () -> {
        if (first[0]) {
          first[0] = false;
          failed.incrementAndGet();
          next();
        }
      };
      client.connect(gateway.getPort(), gateway.getHost()).onComplete(connected -> {
        if (connected.failed()) {
          failedFirst.run();
          return;
        }
        NetSocket socket = connected.result();
        vertx.setTimer(FIRST_EVENT_TIMEOUT_MS, id -> {
          if (first[0]) {
            failedFirst.run();
            socket.close();
          }
        });
        RawEventStream stream = new RawEventStream();
        socket.handler(piece -> {
          int events = stream.accept(piece);
          if (events < 0) {
            failedFirst.run();
            socket.close();
            return;
          }
          if (first[0] && events > 0) {
            first[0] = false;
            streaming[0] = true;
            opened.incrementAndGet();
            next();
            events--;
          }
          arrivals.record(events);
          if (stream.ended()) {
            socket.close(); // the server ended the response (admitted, or dropped) and keeps the connection
          }
        });
        socket.closeHandler(v -> {
          if (streaming[0]) {
            arrivals.ended.incrementAndGet();
          }
          failedFirst.run();
        });
        socket.write("GET " + path + " HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
          + "\r\nAuthorization: Bearer " + tokens.get(index) + "\r\nAccept: text/event-stream\r\n\r\n");
      });
    }
  }
}
