package io.ticketping.perf.bench;

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

/**
 * {@code SseHold <baseUrls> <showId> <tokensFile> <first> <count> <sourceAddresses> <redisHost:port> <lineKey>
 * <goFile> <observeSeconds> <lagFile> <http1|h2>}: one load process of the harness's stream phase. Opens one queue stream for each
 * of {@code count} users from line {@code first} (0-based) of the tokens file, spread over the gateways
 * (comma-separated base URLs): over HTTP/1.1, a connection each from the comma-separated loopback source addresses
 * ({@link RawStreamOpener}); over HTTP/2, many to a connection ({@link H2StreamOpener}); prints how many opened and {@code
 * SSE_HOLDING}. It then waits until {@code goFile} exists (the harness reads the gateways' heaps and starts
 * admission meanwhile, so that every place moves each tick) and for {@code observeSeconds} records when position
 * events arrive and when the line moves: a tick is when the line's length ({@code ZCARD lineKey}, asked of Redis every
 * 5 ms) reaches a new low, i.e. when the admission tick committed. Prints this process's figures, and writes its lag
 * histogram to {@code lagFile} (lines {@code <lag ms> <events>}) for the harness to add up over processes. Over
 * HTTP/1.1 each process holds at most the open-files limit of streams, so the harness runs several.
 */
public final class SseHold {

  private static final int OPENING_AT_ONCE = 500;
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

    boolean h2 = args.length > 11 && "h2".equals(args[11]);

    Vertx vertx = Vertx.vertx();
    ArrivalLog arrivals = new ArrivalLog();
    String path = "/api/v1/queue/" + showId + "/stream";
    StreamOpener opening;
    if (h2) {
      opening = new H2StreamOpener(vertx, gateways, path, tokens, arrivals);
    } else {
      List<NetClient> clients = new ArrayList<>();
      for (String source : sources) {
        clients.add(vertx.createNetClient(new NetClientOptions().setLocalAddress(source).setIdleTimeout(0)));
      }
      opening = new RawStreamOpener(vertx, clients, gateways, path, tokens, arrivals);
    }
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
}
