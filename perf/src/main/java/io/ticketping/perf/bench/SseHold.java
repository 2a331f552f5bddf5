package io.ticketping.perf.bench;

import io.ticketping.perf.AdminApi;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code SseHold <baseUrl> <showId> <tokensFile> <count> <sourceAddresses> <adminTokenFile> <holdSeconds> <observeSeconds>}:
 * opens one queue stream per user (spread over the comma-separated loopback source addresses, since one address has
 * only ~28k ephemeral ports; each a plain socket read by {@link RawEventStream}), reports how many opened, holds
 * them {@code holdSeconds} (the harness reads the server's heap meanwhile), then lets admission run so every place
 * moves each tick, and reports how late position events arrive after their tick. A tick's time is when a canary (a
 * waiting user without a stream, polling every 20 ms) sees its place move, so the lag is measured from slightly after
 * the tick: a lower bound, by at most one poll. Also the position events per open stream per tick seen (about 1 when
 * every tick reaches every stream).
 */
public final class SseHold {

  private static final int OPENING_AT_ONCE = 500;
  /** 500 admitted per tick: every place moves each tick, while most streams stay open for the whole observation. */
  private static final int ADMIT_PER_MINUTE = 30_000;
  /** A stream without its first event by then counts as failed (e.g. the server is out of file descriptors). */
  private static final long FIRST_EVENT_TIMEOUT_MS = 15_000;

  private SseHold() {
  }

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    String showId = args[1];
    List<String> tokens = Files.readAllLines(Path.of(args[2]));
    int count = Math.min(Integer.parseInt(args[3]), tokens.size());
    String[] sources = args[4].split(",");
    String adminToken = Files.readString(Path.of(args[5])).trim();
    int holdSeconds = Integer.parseInt(args[6]);
    int observeSeconds = Integer.parseInt(args[7]);

    Vertx vertx = Vertx.vertx();
    // Streams are read off plain sockets (RawEventStream): an HTTP client's parsing per event would be the
    // generator's largest cost, on the cores the server needs.
    List<NetClient> clients = new ArrayList<>();
    for (String source : sources) {
      clients.add(vertx.createNetClient(new NetClientOptions().setLocalAddress(source).setIdleTimeout(0)));
    }
    HttpClient canaryClient = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
      .setDefaultPort(base.getPort()));
    ArrivalLog arrivals = new ArrivalLog();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    Promise<Void> allTried = Promise.promise();
    long started = System.nanoTime();
    String path = "/api/v1/queue/" + showId + "/stream";
    for (int i = 0; i < OPENING_AT_ONCE; i++) {
      vertx.runOnContext(v -> openNext(vertx, clients, base, path, tokens, count, next, opened, failed, arrivals,
        allTried));
    }
    allTried.future().await();
    System.out.printf("sse_opened=%d%nsse_failed=%d%nsse_open_seconds=%.1f%n", opened.get(), failed.get(),
      (System.nanoTime() - started) / 1e9);
    System.out.println("SSE_HOLDING");
    System.out.flush();
    Thread.sleep(holdSeconds * 1000L);

    // Admission moves every place each tick: each stream then gets one position event per tick.
    arrivals.start();
    long observeFrom = System.currentTimeMillis();
    // The canary is a waiting user without a stream (the first user after the streamed ones), so it stays in line.
    String canary = tokens.get(Math.min(count, tokens.size() - 1));
    long canaryTimer = vertx.setPeriodic(20, id -> pollCanary(canaryClient, "/api/v1/queue/" + showId, canary, arrivals));
    new AdminApi(args[0], adminToken).configureQueue(Long.parseLong(showId), new JsonObject()
      .put("capacity", 1_000_000).put("admitPerMinute", ADMIT_PER_MINUTE));
    Thread.sleep(observeSeconds * 1000L);
    arrivals.stop();
    vertx.cancelTimer(canaryTimer);
    // On stderr, to cut profiles and CPU samples of the run to the observed seconds.
    System.err.printf("SSE observation: %d to %d (epoch ms)%n", observeFrom, System.currentTimeMillis());
    System.out.printf("sse_position_events=%d%nsse_ticks_seen=%d%nsse_lag_after_tick_p50_ms=%d%n"
        + "sse_lag_after_tick_p99_ms=%d%nsse_lag_after_tick_max_ms=%d%nsse_streams_ended_during_run=%d%n"
        + "sse_position_events_per_stream_per_tick=%.2f%n",
      arrivals.total(), arrivals.ticks(), arrivals.lagPercentile(50), arrivals.lagPercentile(99),
      arrivals.lagPercentile(100), arrivals.ended(),
      arrivals.total() / Math.max(1.0, (double) arrivals.ticks() * (opened.get() - arrivals.ended() / 2.0)));
    vertx.close().await();
  }

  private static void openNext(Vertx vertx, List<NetClient> clients, URI base, String path, List<String> tokens,
                               int count, AtomicInteger next, AtomicInteger opened, AtomicInteger failed,
                               ArrivalLog arrivals, Promise<Void> allTried) {
    int index = next.getAndIncrement();
    if (index >= count) {
      if (opened.get() + failed.get() >= count) {
        allTried.tryComplete();
      }
      return;
    }
    Runnable another = () -> openNext(vertx, clients, base, path, tokens, count, next, opened, failed, arrivals,
      allTried);
    boolean[] first = {true};
    boolean[] streaming = {false};
    Runnable failedFirst = () -> {
      if (first[0]) {
        first[0] = false;
        failed.incrementAndGet();
        another.run();
      }
    };
    clients.get(index % clients.size()).connect(base.getPort(), base.getHost()).onComplete(connected -> {
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
          another.run();
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
      socket.write("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
        + "\r\nAuthorization: Bearer " + tokens.get(index) + "\r\nAccept: text/event-stream\r\n\r\n");
    });
  }

  /** One status poll of the canary; a changed place means a tick just ran. */
  private static void pollCanary(HttpClient client, String path, String token, ArrivalLog arrivals) {
    client.request(HttpMethod.GET, path)
      .compose(request -> request.putHeader("Authorization", "Bearer " + token).send())
      .compose(response -> response.body())
      .onSuccess(body -> arrivals.canary(new JsonObject(body).getLong("position", -1L)));
  }
}
