package io.ticketping.perf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeCheckTest {

  /** The start of the minute every leave of these tests falls in. */
  private static final long MINUTE = Instant.parse("2026-12-06T12:00:00Z").toEpochMilli();

  @Test
  @DisplayName("figures that count what the script did pass; a leaver admitted just before leaving may count as "
    + "admitted instead of left, with a wait no longer than it stayed")
  void agreeingFigures() {
    OutcomeCheck.Tally tally = tally(5, 2, 4, 3);
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 5, 4, 3), tally)).isEmpty();
    JsonObject leaverAdmitted = figures(6, 1, 0, 6, 4, 3);
    leaverAdmitted.getJsonObject("waitSeconds").put("max", 9.0).put("mean", 3.0);
    assertThat(OutcomeCheck.judge(leaverAdmitted, tally)).isEmpty();
  }

  @Test
  @DisplayName("each disagreement is named: a leaver lost or counted twice, a ghost, waits, holds or payments off")
  void disagreeingFigures() {
    OutcomeCheck.Tally tally = tally(5, 2, 4, 3);
    assertThat(OutcomeCheck.judge(figures(5, 1, 0, 5, 4, 3), tally)).singleElement().asString().contains("left 1");
    assertThat(OutcomeCheck.judge(figures(4, 3, 0, 4, 4, 3), tally)).anyMatch(p -> p.contains("and left 3"));
    assertThat(OutcomeCheck.judge(figures(5, 2, 1, 5, 4, 3), tally)).singleElement().asString()
      .contains("timed out");
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 4, 4, 3), tally)).singleElement().asString()
      .contains("4 waits");
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 5, 3, 3), tally)).singleElement().asString().contains("held");
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 5, 4, 2), tally)).anyMatch(p -> p.contains("paid"));
  }

  @Test
  @DisplayName("waits outside what the script saw, minutes that do not add up or hold more leaves than the script "
    + "made, and a sell-out time that does not match the seats sold are each named")
  void disagreeingDetails() {
    OutcomeCheck.Tally tally = tally(5, 2, 4, 3);
    JsonObject slow = figures(5, 2, 0, 5, 4, 3);
    slow.getJsonObject("waitSeconds").put("p50", 4.0);
    assertThat(OutcomeCheck.judge(slow, tally)).singleElement().asString().contains("wait p50 4.0");
    JsonObject quick = figures(5, 2, 0, 5, 4, 3);
    quick.getJsonObject("waitSeconds").put("max", 1.5);
    assertThat(OutcomeCheck.judge(quick, tally)).singleElement().asString().contains("wait max 1.5");
    JsonObject bucketed = figures(5, 2, 0, 5, 4, 3);
    JsonArray buckets = bucketed.getJsonObject("waitSeconds").getJsonArray("buckets");
    buckets.getJsonObject(0).put("count", 2);
    buckets.getJsonObject(1).put("count", 0);
    buckets.getJsonObject(2).put("count", 3);
    assertThat(OutcomeCheck.judge(bucketed, tally)).anyMatch(p -> p.contains("waits under 5 s"));
    JsonObject elsewhere = figures(5, 2, 0, 5, 4, 3);
    elsewhere.getJsonArray("byMinute").getJsonObject(0).put("minute", Instant.ofEpochMilli(MINUTE + 120_000)
      .toString());
    assertThat(OutcomeCheck.judge(elsewhere, tally)).singleElement().asString().contains("2 left in the minute");
    JsonObject uncounted = figures(5, 2, 0, 5, 4, 3);
    uncounted.getJsonArray("byMinute").getJsonObject(0).put("left", 1);
    assertThat(OutcomeCheck.judge(uncounted, tally)).singleElement().asString().contains("add up");
    JsonObject soldOut = figures(5, 2, 0, 5, 4, 3);
    soldOut.getJsonObject("sellOut").put("seconds", 12.5);
    assertThat(OutcomeCheck.judge(soldOut, tally)).singleElement().asString().contains("sell-out time 12.5");
  }

  /**
   * Five admissions seen with waits of [0, 0], [1, 2], [1, 2], [2, 3] and [6, 8] s; two leavers seen waiting, who
   * stayed up to 9 s, both leaving within {@link #MINUTE}.
   */
  private static OutcomeCheck.Tally tally(long admitted, long leftWaiting, long held, long paid) {
    OutcomeCheck.Tally tally = new OutcomeCheck.Tally();
    tally.admitted.set(admitted);
    long[][] waits = {{0, 0}, {1000, 2000}, {1000, 2000}, {2000, 3000}, {6000, 8000}};
    for (int i = 0; i < admitted; i++) {
      tally.waited(waits[i][0], waits[i][1]);
    }
    for (int i = 0; i < leftWaiting; i++) {
      tally.leftLine(MINUTE + 1000, MINUTE + 1100, 9000);
    }
    tally.held.set(held);
    tally.paid.set(paid);
    return tally;
  }

  /**
   * Figures with the given counts, all in {@link #MINUTE}, and waits within the tally's: p50 1.5 s, p90, p99 and max
   * 7 s, 1, 3 and the rest in the buckets under 1 s, 1-5 s and 5-10 s.
   */
  private static JsonObject figures(long admitted, long left, long timedOut, long waits, long held, long paid) {
    JsonArray buckets = new JsonArray();
    long[] counts = {1, 3, Math.max(0, waits - 4)};
    long[] bounds = {0, 1, 5, 10};
    for (int i = 0; i < counts.length; i++) {
      buckets.add(new JsonObject().put("fromSeconds", bounds[i]).put("toSeconds", bounds[i + 1])
        .put("count", counts[i]));
    }
    buckets.add(new JsonObject().put("fromSeconds", 10).put("toSeconds", null).put("count", 0));
    return new JsonObject().put("admitted", admitted).put("left", left).put("timedOut", timedOut)
      .put("waitSeconds", new JsonObject().put("count", waits).put("p50", 1.5).put("p90", 7.0).put("p99", 7.0)
        .put("max", 7.0).put("mean", 2.5).put("buckets", buckets))
      .put("byMinute", new JsonArray().add(new JsonObject().put("minute", Instant.ofEpochMilli(MINUTE).toString())
        .put("admitted", admitted).put("left", left).put("timedOut", timedOut)))
      .put("conversion", new JsonObject().put("admitted", admitted).put("held", held).put("paid", paid))
      .put("sellOut", new JsonObject().put("seats", 10).put("sold", paid).put("seconds", null));
  }
}
