package io.ticketping.perf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Do a show's outcome figures ({@code GET /api/v1/admin/shows/{id}/outcomes}) agree with what a scripted sale did?
 * The script counts as it goes ({@link Tally}) and calls {@link #require} after its run; {@link #judge} is pure, so
 * that its own test can feed it each disagreement.
 *
 * <p>One count is known only up to where a leaver stood: a leaver seen waiting just before leaving may be admitted by
 * a tick in the instant before its leave arrives, and then leaves the working set instead of the line. So the figures
 * must have every such leaver either as left or as admitted, never both or neither; every other count must match.
 *
 * <p>Times are known to the script only between a request's sending and its answer, so the waits are judged by
 * bounds: each admission's wait lies between what the script saw at least and at most, hence each percentile of the
 * figures between the same percentile of those bounds, and each bucket's running count between theirs. The server
 * counts a wait from the start of the arrival clock's slot, up to {@link #SLOT_MS} before the entry.
 */
public final class OutcomeCheck {

  /** The arrival clock's slot: a server's wait may exceed the true one by up to this much. */
  static final long SLOT_MS = 100;

  /** What the script saw happen, counted as it ran (thread-safe: Gatling's users count at once). */
  public static final class Tally {
    /** Buyers who got a queue pass, and leavers already admitted when they left. */
    public final AtomicLong admitted = new AtomicLong();
    /** Leavers that were waiting at their last look before leaving. */
    public final AtomicLong leftWaiting = new AtomicLong();
    public final AtomicLong held = new AtomicLong();
    public final AtomicLong paid = new AtomicLong();
    private final List<long[]> waits = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> leaves = Collections.synchronizedList(new ArrayList<>());

    /** An admission the script saw: the wait was at least {@code atLeastMs} and at most {@code atMostMs}. */
    public void waited(long atLeastMs, long atMostMs) {
      waits.add(new long[] {Math.max(0, atLeastMs), atMostMs});
    }

    /**
     * A leaver seen waiting: its leave was sent at {@code sentAt} and answered at {@code answeredAt} (epoch ms),
     * {@code sinceEntryMs} after its entry was sent (how long it could have waited had it been admitted instead).
     */
    public void leftLine(long sentAt, long answeredAt, long sinceEntryMs) {
      leftWaiting.incrementAndGet();
      leaves.add(new long[] {sentAt, answeredAt, sinceEntryMs});
    }

    @Override
    public String toString() {
      return "admitted " + admitted + ", left while waiting " + leftWaiting + ", held " + held + ", paid " + paid;
    }
  }

  private OutcomeCheck() {
  }

  /** Each way the figures disagree with the tally; empty when they agree. */
  public static List<String> judge(JsonObject figures, Tally tally) {
    List<String> problems = new ArrayList<>();
    long admitted = figures.getLong("admitted");
    long left = figures.getLong("left");
    long unsure = tally.leftWaiting.get();
    if (left > unsure || admitted + left != tally.admitted.get() + unsure) {
      problems.add("admitted " + admitted + " and left " + left + ", but the script had " + tally.admitted
        + " admitted and " + unsure + " leaving from the line");
    }
    if (figures.getLong("timedOut") != 0) {
      problems.add(figures.getLong("timedOut") + " timed out, but every waiter of the script polled");
    }
    JsonObject waits = figures.getJsonObject("waitSeconds");
    if (waits.getLong("count") != admitted) {
      problems.add(waits.getLong("count") + " waits counted for " + admitted + " admissions");
    }
    JsonObject conversion = figures.getJsonObject("conversion");
    if (conversion.getLong("admitted") != admitted) {
      problems.add(conversion.getLong("admitted") + " buyers admitted for " + admitted + " admissions");
    }
    if (conversion.getLong("held") != tally.held.get()) {
      problems.add(conversion.getLong("held") + " buyers held seats, the script " + tally.held);
    }
    if (conversion.getLong("paid") != tally.paid.get()) {
      problems.add(conversion.getLong("paid") + " buyers paid, the script " + tally.paid);
    }
    minutes(figures, tally, problems);
    if (admitted >= tally.admitted.get() && waits.getLong("count") == admitted) {
      waits(waits, tally, admitted - tally.admitted.get(), problems);
    }
    sellOut(figures.getJsonObject("sellOut"), tally, problems);
    return problems;
  }

  /** Each minute's counts add up to the totals, and no minute has more leaves than the script's leaves touching it. */
  private static void minutes(JsonObject figures, Tally tally, List<String> problems) {
    long admitted = 0;
    long left = 0;
    long timedOut = 0;
    for (Object item : figures.getJsonArray("byMinute")) {
      JsonObject minute = (JsonObject) item;
      admitted += minute.getLong("admitted");
      left += minute.getLong("left");
      timedOut += minute.getLong("timedOut");
      long from = Instant.parse(minute.getString("minute")).toEpochMilli();
      long touching;
      synchronized (tally.leaves) {
        touching = tally.leaves.stream().filter(l -> l[0] < from + 60_000 && l[1] >= from).count();
      }
      if (minute.getLong("left") > touching) {
        problems.add(minute.getLong("left") + " left in the minute of " + minute.getString("minute")
          + ", but the script left " + touching + " times around it");
      }
    }
    if (admitted != figures.getLong("admitted") || left != figures.getLong("left")
      || timedOut != figures.getLong("timedOut")) {
      problems.add("the minutes add up to " + admitted + " admitted, " + left + " left and " + timedOut
        + " timed out, not to the totals");
    }
  }

  /**
   * The wait figures against the script's bounds; {@code extra} admissions were leavers the script saw waiting
   * (admitted before their leave arrived), whose waits lie between 0 and the longest any such leaver stayed.
   */
  private static void waits(JsonObject waits, Tally tally, long extra, List<String> problems) {
    List<long[]> seen;
    synchronized (tally.waits) {
      seen = new ArrayList<>(tally.waits);
    }
    if (seen.size() != tally.admitted.get()) {
      problems.add("the script timed " + seen.size() + " of its " + tally.admitted + " admissions");
      return;
    }
    long longestLeaver;
    synchronized (tally.leaves) {
      longestLeaver = tally.leaves.stream().mapToLong(l -> l[2]).max().orElse(0);
    }
    int n = seen.size() + (int) extra;
    if (n == 0) {
      return;
    }
    long[] low = new long[n];
    long[] high = new long[n];
    for (int i = 0; i < seen.size(); i++) {
      low[i] = seen.get(i)[0];
      high[i] = seen.get(i)[1] + SLOT_MS;
    }
    for (int i = seen.size(); i < n; i++) {
      high[i] = longestLeaver + SLOT_MS;
    }
    Arrays.sort(low);
    Arrays.sort(high);
    for (String name : List.of("p50", "p90", "p99", "max")) {
      double fraction = name.equals("max") ? 1.0 : Integer.parseInt(name.substring(1)) / 100.0;
      int k = (int) Math.ceil(fraction * n) - 1;
      within(name, waits.getDouble(name), low[k], high[k], problems);
    }
    within("mean", waits.getDouble("mean"), (long) Arrays.stream(low).average().orElse(0),
      (long) Math.ceil(Arrays.stream(high).average().orElse(0)), problems);
    long below = 0;
    for (Object item : waits.getJsonArray("buckets")) {
      JsonObject bucket = (JsonObject) item;
      below += bucket.getLong("count");
      if (bucket.getValue("toSeconds") == null) {
        continue;
      }
      long bound = bucket.getLong("toSeconds") * 1000;
      long atLeast = Arrays.stream(high).filter(w -> w < bound).count();
      long atMost = Arrays.stream(low).filter(w -> w < bound).count();
      if (below < atLeast || below > atMost) {
        problems.add(below + " waits under " + bucket.getLong("toSeconds") + " s, but the script saw between "
          + atLeast + " and " + atMost);
      }
    }
  }

  private static void within(String name, Double seconds, long lowMs, long highMs, List<String> problems) {
    if (seconds == null || seconds * 1000 < lowMs - 1 || seconds * 1000 > highMs + 1) {
      problems.add("wait " + name + " " + seconds + " s, but the script saw between " + lowMs / 1000.0 + " and "
        + highMs / 1000.0 + " s");
    }
  }

  /** The seats sold are the script's payments; a sell-out time exactly when every seat is sold. */
  private static void sellOut(JsonObject sellOut, Tally tally, List<String> problems) {
    if (sellOut == null) {
      problems.add("no sell-out figures");
      return;
    }
    long sold = sellOut.getLong("sold");
    if (sold != tally.paid.get()) {
      problems.add(sold + " seats sold, but the script paid for " + tally.paid);
    }
    boolean soldOut = sold >= sellOut.getLong("seats");
    if (soldOut == (sellOut.getValue("seconds") == null)) {
      problems.add("sell-out time " + sellOut.getValue("seconds") + " with " + sold + " of " + sellOut.getLong("seats")
        + " seats sold");
    }
  }

  /**
   * Asks for the show's figures until they agree with the tally (outcomes are written about once a second, payments
   * reach booking through Kafka) or {@code seconds} pass; throws with the disagreements then.
   */
  public static void require(AdminApi admin, long showId, Tally tally, int seconds) {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      JsonObject figures = admin.outcomes(showId);
      List<String> problems = judge(figures, tally);
      if (problems.isEmpty()) {
        System.out.println("Outcomes of show " + showId + " agree with the script (" + tally + "): " + summary(figures));
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Outcomes of show " + showId + " disagree with the script: " + problems);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static String summary(JsonObject figures) {
    JsonObject waits = figures.getJsonObject("waitSeconds");
    JsonArray minutes = figures.getJsonArray("byMinute");
    return "waits p50 " + waits.getValue("p50") + " s, max " + waits.getValue("max") + " s over " + minutes.size()
      + " minute(s)";
  }
}
