package io.ticketping.perf.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code EntryBurst <baseUrls> <connections> <showId> <tokensFile> [<warmShowId> <warmTokensFile> <goFile>]}: every user
 * of the file enters the show's waiting room as fast as {@code connections} keep-alive connections allow, the
 * connections spread evenly over the gateways (comma-separated base URLs, as a load balancer would); prints the burst
 * time, the failures by kind and this generator's own CPU per user, then the burst second by second: a line
 * {@code ENTRY_SECOND <second> <answered> <failed>} for each second from the start (the last one is partial).
 *
 * <p>With the warm-up arguments, the same JVM first runs a burst into the warm-up show, prints {@code WARMED} and
 * waits for {@code goFile} to exist before the measured burst: a generator started cold for the measured burst spends
 * its first seconds compiling, on the cores the system under test needs (the harness measures the system only between
 * the two).
 */
public final class EntryBurst {

  /** Seconds a burst's second-by-second counts can span; later answers count in the last one. */
  private static final int MAX_SECONDS = 36_000;

  private record Outcome(double seconds, long cpuNanos, Map<String, AtomicInteger> failures,
                         AtomicLongArray answeredBySecond, AtomicLongArray failedBySecond) {
    int failed() {
      return failures.values().stream().mapToInt(AtomicInteger::get).sum();
    }
  }

  /** Where each answer of a burst is counted: in the second since the burst's start it came in. */
  private record Counts(long started, AtomicLongArray answered, AtomicLongArray failed) {
    void count(boolean ok) {
      int second = (int) Math.min(MAX_SECONDS - 1, (System.nanoTime() - started) / 1_000_000_000L);
      (ok ? answered : failed).incrementAndGet(second);
    }
  }

  private EntryBurst() {
  }

  public static void main(String[] args) throws Exception {
    String[] bases = args[0].split(",");
    int connections = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    List<HttpClient> clients = new ArrayList<>();
    for (String base : bases) {
      URI uri = URI.create(base);
      int share = Math.max(1, connections / bases.length);
      clients.add(vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(share)
        .setMaxWaitQueueSize(-1)));
    }
    if (args.length >= 7) {
      Outcome warm = burst(vertx, clients, connections, args[4], Files.readAllLines(Path.of(args[5])));
      System.out.printf("entry_warmup_seconds=%.2f%nentry_warmup_failures=%d%nWARMED%n", warm.seconds(), warm.failed());
      System.out.flush();
      Path go = Path.of(args[6]);
      while (!Files.exists(go)) {
        Thread.sleep(20);
      }
    }
    List<String> tokens = Files.readAllLines(Path.of(args[3]));
    Outcome outcome = burst(vertx, clients, connections, args[2], tokens);
    System.out.printf("entry_users=%d%nentry_seconds=%.2f%nentry_failures=%d%nentry_failure_kinds=%s%n"
        + "entry_generator_cpu_us_per_user=%d%n", tokens.size(), outcome.seconds(), outcome.failed(),
      outcome.failures(), outcome.cpuNanos() / 1000 / tokens.size());
    int seconds = (int) Math.min(MAX_SECONDS, Math.ceil(outcome.seconds()));
    for (int second = 0; second < seconds; second++) {
      System.out.printf("ENTRY_SECOND %d %d %d%n", second, outcome.answeredBySecond().get(second),
        outcome.failedBySecond().get(second));
    }
    for (HttpClient client : clients) {
      client.close().await();
    }
    vertx.close().await();
  }

  private static Outcome burst(Vertx vertx, List<HttpClient> clients, int connections, String showId,
                               List<String> tokens) {
    String path = "/api/v1/queue/" + showId;
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    long cpu0 = processCpuNanos();
    long started = System.nanoTime();
    Counts counts = new Counts(started, new AtomicLongArray(MAX_SECONDS), new AtomicLongArray(MAX_SECONDS));
    // One chain per connection: each sends its next user as soon as the previous answer is in.
    for (int c = 0; c < connections; c++) {
      HttpClient client = clients.get(c % clients.size());
      vertx.runOnContext(v -> enterNext(client, path, tokens, next, done, failures, counts, finished));
    }
    Future<Void> all = tokens.isEmpty() ? Future.succeededFuture() : finished.future();
    all.await();
    return new Outcome((System.nanoTime() - started) / 1e9, processCpuNanos() - cpu0, failures, counts.answered(),
      counts.failed());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
      .getProcessCpuTime();
  }

  private static void enterNext(HttpClient client, String path, List<String> tokens, AtomicInteger next,
                                AtomicInteger done, Map<String, AtomicInteger> failures, Counts counts,
                                Promise<Void> finished) {
    int index = next.getAndIncrement();
    if (index >= tokens.size()) {
      return;
    }
    client.request(HttpMethod.POST, path)
      .compose(request -> request.putHeader("Authorization", "Bearer " + tokens.get(index)).send())
      .compose(response -> response.body().map(body -> response.statusCode()))
      .onComplete(result -> {
        counts.count(result.succeeded() && result.result() == 200);
        if (result.failed()) {
          failures.computeIfAbsent(result.cause().getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
        } else if (result.result() != 200) {
          failures.computeIfAbsent("HTTP " + result.result(), k -> new AtomicInteger()).incrementAndGet();
        }
        if (done.incrementAndGet() == tokens.size()) {
          finished.tryComplete();
        } else {
          enterNext(client, path, tokens, next, done, failures, counts, finished);
        }
      });
  }
}
