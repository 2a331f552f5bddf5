package io.ticketping.perf;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
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
 */
public final class OutcomeCheck {

  /** What the script saw happen, counted as it ran (thread-safe: Gatling's users count at once). */
  public static final class Tally {
    /** Buyers who got a queue pass, and leavers already admitted when they left. */
    public final AtomicLong admitted = new AtomicLong();
    /** Leavers that were waiting at their last look before leaving. */
    public final AtomicLong leftWaiting = new AtomicLong();
    public final AtomicLong held = new AtomicLong();
    public final AtomicLong paid = new AtomicLong();

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
    long waits = figures.getJsonObject("waitSeconds").getLong("count");
    if (waits != admitted) {
      problems.add(waits + " waits counted for " + admitted + " admissions");
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
    return problems;
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
        System.out.println("Outcomes of show " + showId + " agree with the script (" + tally + ")");
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
}
