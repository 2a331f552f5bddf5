package io.ticketping.perf;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The waiting-room entry every simulation makes ({@code POST /api/v1/queue/{showId}} with the user's {@code token}),
 * with a proof of work when {@code -DproofBits} is above 0 (default 0: off). Then the show asks every entry for that
 * many leading zero bits: the user gets a challenge, a solver thread finds the nonce ({@link ProofSolver}) while the
 * user waits, and the entry posts both. The two requests form the group {@code entry}, whose response time is theirs
 * summed: the solving is the client's CPU, not the system's answer. It runs off Gatling's event loops, which would
 * otherwise time the other users' responses late by as long as it takes.
 */
final class QueueEntry {

  /** The shortest sleep of a user waiting for its nonce. */
  private static final long MIN_WAIT_NANOS = 2_000_000;

  private final String queue;
  private final int proofBits;
  private final int threads = Runtime.getRuntime().availableProcessors();
  private final ExecutorService solvers;
  private final AtomicLong firstStart = new AtomicLong();
  private final AtomicLong lastAnswer = new AtomicLong();
  private final LongAdder entered = new LongAdder();
  /** Solves asked for and finished, in order: the difference is the queue ahead of a new one (one pool, FIFO). */
  private final AtomicLong asked = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  /**
   * Recent solve time (ns, a moving average; solver threads may race on it, which costs a sample). It starts at
   * 10 million hashes a second, on the fast side, so that the first users look early rather than late.
   */
  private volatile double recentSolveNanos = -1;
  private final LongAdder solved = new LongAdder();
  private final LongAdder hashes = new LongAdder();
  private final LongAdder solveNanos = new LongAdder();
  /** Per entry: the solving itself, and from challenge to nonce in hand (waiting for a solver thread included). */
  private final ConcurrentLinkedQueue<Long> solveTimes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> waitTimes = new ConcurrentLinkedQueue<>();

  /** The entry of {@code showId}'s line; turns its proof of work on when {@code -DproofBits} asks for it. */
  QueueEntry(AdminApi admin, long showId) {
    this.queue = "/api/v1/queue/" + showId;
    this.proofBits = PerfProps.integer("proofBits", 0);
    if (proofBits > 0) {
      admin.proofOfWork(showId, proofBits);
      solvers = Executors.newFixedThreadPool(threads, work -> {
        Thread thread = new Thread(work, "proof-solver");
        thread.setDaemon(true);
        return thread;
      });
    } else {
      solvers = null;
    }
  }

  /** The line's path: {@code /api/v1/queue/{showId}}. */
  String queue() {
    return queue;
  }

  /** Enters the line (with a solved challenge when proof of work is on); {@code checks} apply to the entry's answer. */
  ChainBuilder enter(CheckBuilder... checks) {
    HttpRequestActionBuilder post = http("enter").post(queue).header("Authorization", "Bearer #{token}");
    if (proofBits == 0) {
      return exec(this::started).exec(post.check(checks)).exec(this::answered);
    }
    return exec(this::started).group("entry").on(
      exec(http("challenge").get(queue + "/challenge").header("Authorization", "Bearer #{token}")
        .check(status().is(200), jsonPath("$.challenge").saveAs("challenge"),
          jsonPath("$.difficulty").ofInt().saveAs("difficulty")))
        // Without a challenge the entry below fails too (and is counted), but the user goes on, as a rendezvous needs.
        .doIf(session -> session.contains("challenge")).then(
          exec(this::startSolving)
            .asLongAs(session -> !solving(session).isDone()).on(pause(this::halfTheExpectedWait))
            .exec(this::takeNonce))
        .exec(post.body(StringBody("{\"challenge\":\"#{challenge}\",\"nonce\":\"#{nonce}\"}")).check(checks)))
      .exec(this::answered);
  }

  private Session started(Session session) {
    firstStart.compareAndSet(0, System.nanoTime());
    return session;
  }

  private Session answered(Session session) {
    if (!session.isFailed()) {
      entered.increment();
      lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
    }
    return session;
  }

  private Session startSolving(Session session) {
    String challenge = session.getString("challenge");
    int difficulty = session.getInt("difficulty");
    long askedAt = System.nanoTime();
    long turn = asked.incrementAndGet();
    if (recentSolveNanos < 0) {
      recentSolveNanos = (1L << difficulty) * 100.0;
    }
    Future<String> nonce = solvers.submit(() -> {
      long start = System.nanoTime();
      try {
        ProofSolver.Solution solution = ProofSolver.solve(challenge, difficulty);
        long end = System.nanoTime();
        solved.increment();
        hashes.add(solution.hashes());
        solveNanos.add(end - start);
        solveTimes.add(end - start);
        waitTimes.add(end - askedAt);
        recentSolveNanos = 0.95 * recentSolveNanos + 0.05 * (end - start);
        return solution.nonce();
      } finally {
        done.incrementAndGet();
      }
    });
    return session.set("solving", nonce).set("turn", turn);
  }

  /**
   * Half the time the solves still queued up to this one should take, at least a few milliseconds: a user looks a
   * dozen times or so however long it waits, and wakes at most a few milliseconds after its nonce is found unless
   * solves suddenly slow down by half.
   */
  private Duration halfTheExpectedWait(Session session) {
    long ahead = Math.max(1, session.getLong("turn") - done.get());
    return Duration.ofNanos(Math.max(MIN_WAIT_NANOS, (long) (ahead * recentSolveNanos / threads / 2)));
  }

  private static Future<String> solving(Session session) {
    return session.get("solving");
  }

  private Session takeNonce(Session session) {
    try {
      return session.set("nonce", solving(session).get()).remove("solving").remove("turn");
    } catch (Exception e) {
      return session.remove("solving").markAsFailed();
    }
  }

  /**
   * Prints the entries' rate (from the first user's start to the last accepted entry) and what solving cost the load
   * generator when proof of work was on, and stops the solver threads.
   */
  void finish(String simulation) {
    long count = entered.sum();
    double entrySeconds = (lastAnswer.get() - firstStart.get()) / 1e9;
    System.out.printf(Locale.ROOT, "%s entries: %,d accepted in %.1f s from the first user's start, %,.1f/s%n",
      simulation, count, entrySeconds, count == 0 ? 0 : count / entrySeconds);
    if (solvers == null) {
      return;
    }
    solvers.shutdownNow();
    long[] solves = sortedMicros(solveTimes);
    long[] waits = sortedMicros(waitTimes);
    if (solves.length == 0) {
      System.out.println(simulation + " proof of work at " + proofBits + " bits: nothing solved");
      return;
    }
    double seconds = solveNanos.sum() / 1e9;
    System.out.printf(Locale.ROOT, "%s proof of work at %d bits: %,d entries solved on %d solver threads, %,.0f hashes "
        + "each on average, %,.0f hashes/s per thread; solve ms p50 %.1f, p99 %.1f, mean %.1f, max %.1f; challenge to "
        + "nonce in hand (queued behind other solves included) ms p50 %.1f, p99 %.1f, max %.1f%n",
      simulation, proofBits, solves.length, threads, hashes.sum() / (double) solves.length, hashes.sum() / seconds,
      percentile(solves, 50) / 1e3, percentile(solves, 99) / 1e3, seconds * 1e3 / solves.length,
      solves[solves.length - 1] / 1e3, percentile(waits, 50) / 1e3, percentile(waits, 99) / 1e3,
      waits[waits.length - 1] / 1e3);
  }

  private static long[] sortedMicros(ConcurrentLinkedQueue<Long> nanos) {
    long[] micros = nanos.stream().mapToLong(n -> n / 1_000).toArray();
    Arrays.sort(micros);
    return micros;
  }

  private static long percentile(long[] sorted, int percent) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
  }
}
