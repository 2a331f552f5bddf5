package io.ticketping.gateway.queue.batch;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueBatchesTest {

  @Test
  @DisplayName("users are cut into bodies of at most queue.maxBatchUsers, in order; none for no users")
  void cutByTheConfiguredSize() {
    QueueBatches batches = QueueBatches.of(new JsonObject().put("queue", new JsonObject().put("maxBatchUsers", 2)));
    List<JsonObject> bodies = batches.bodies("7", List.of(1L, 2L, 3L, 4L, 5L));
    assertThat(bodies).extracting(body -> body.getJsonArray("userIds").getList())
      .containsExactly(List.of(1L, 2L), List.of(3L, 4L), List.of(5L));
    assertThat(bodies).allSatisfy(body -> assertThat(body.getString("showId")).isEqualTo("7"));
    assertThat(batches.bodies("7", List.of())).isEmpty();
  }

  @Test
  @DisplayName("a batch size below one is refused at start rather than looping forever")
  void sizeAtLeastOne() {
    assertThatThrownBy(() -> new QueueBatches(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
