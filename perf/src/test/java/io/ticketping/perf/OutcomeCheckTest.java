package io.ticketping.perf;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeCheckTest {

  @Test
  @DisplayName("figures that count what the script did pass; a leaver admitted just before leaving may count as "
    + "admitted instead of left")
  void agreeingFigures() {
    OutcomeCheck.Tally tally = tally(5, 2, 4, 3);
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 5, 4, 3), tally)).isEmpty();
    assertThat(OutcomeCheck.judge(figures(6, 1, 0, 6, 4, 3), tally)).isEmpty();
  }

  @Test
  @DisplayName("each disagreement is named: a leaver lost or counted twice, a ghost, waits, holds or payments off")
  void disagreeingFigures() {
    OutcomeCheck.Tally tally = tally(5, 2, 4, 3);
    assertThat(OutcomeCheck.judge(figures(5, 1, 0, 5, 4, 3), tally)).singleElement().asString().contains("left 1");
    assertThat(OutcomeCheck.judge(figures(4, 3, 0, 4, 4, 3), tally)).singleElement().asString().contains("left 3");
    assertThat(OutcomeCheck.judge(figures(5, 2, 1, 5, 4, 3), tally)).singleElement().asString()
      .contains("timed out");
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 4, 4, 3), tally)).singleElement().asString()
      .contains("4 waits");
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 5, 3, 3), tally)).singleElement().asString().contains("held");
    assertThat(OutcomeCheck.judge(figures(5, 2, 0, 5, 4, 2), tally)).singleElement().asString().contains("paid");
  }

  private static OutcomeCheck.Tally tally(long admitted, long leftWaiting, long held, long paid) {
    OutcomeCheck.Tally tally = new OutcomeCheck.Tally();
    tally.admitted.set(admitted);
    tally.leftWaiting.set(leftWaiting);
    tally.held.set(held);
    tally.paid.set(paid);
    return tally;
  }

  private static JsonObject figures(long admitted, long left, long timedOut, long waits, long held, long paid) {
    return new JsonObject().put("admitted", admitted).put("left", left).put("timedOut", timedOut)
      .put("waitSeconds", new JsonObject().put("count", waits))
      .put("conversion", new JsonObject().put("admitted", admitted).put("held", held).put("paid", paid));
  }
}
