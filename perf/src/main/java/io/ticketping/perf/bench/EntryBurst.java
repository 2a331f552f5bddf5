package io.ticketping.perf.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code EntryBurst <baseUrl> <showId> <tokensFile> <connections>}: every user of the file enters the show's waiting
 * room as fast as {@code connections} keep-alive connections allow; prints the burst time and the failures by kind.
 */
public final class EntryBurst {

  private EntryBurst() {
  }

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    String path = "/api/v1/queue/" + args[1];
    List<String> tokens = Files.readAllLines(Path.of(args[2]));
    int connections = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
      .setDefaultPort(base.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections)
      .setMaxWaitQueueSize(-1));
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    long started = System.nanoTime();
    // One chain per connection: each sends its next user as soon as the previous answer is in.
    for (int c = 0; c < connections; c++) {
      vertx.runOnContext(v -> enterNext(client, path, tokens, next, done, failures, finished));
    }
    finished.future().await();
    double seconds = (System.nanoTime() - started) / 1e9;
    int failed = failures.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.printf("entry_users=%d%nentry_seconds=%.2f%nentry_failures=%d%nentry_failure_kinds=%s%n",
      tokens.size(), seconds, failed, failures);
    client.close().await();
    vertx.close().await();
  }

  private static void enterNext(HttpClient client, String path, List<String> tokens, AtomicInteger next,
                                AtomicInteger done, Map<String, AtomicInteger> failures, Promise<Void> finished) {
    int index = next.getAndIncrement();
    if (index >= tokens.size()) {
      return;
    }
    client.request(HttpMethod.POST, path)
      .compose(request -> request.putHeader("Authorization", "Bearer " + tokens.get(index)).send())
      .compose(response -> response.body().map(body -> response.statusCode()))
      .onComplete(result -> {
        if (result.failed()) {
          failures.computeIfAbsent(result.cause().getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
        } else if (result.result() != 200) {
          failures.computeIfAbsent("HTTP " + result.result(), k -> new AtomicInteger()).incrementAndGet();
        }
        if (done.incrementAndGet() == tokens.size()) {
          finished.tryComplete();
        } else {
          enterNext(client, path, tokens, next, done, failures, finished);
        }
      });
  }
}
