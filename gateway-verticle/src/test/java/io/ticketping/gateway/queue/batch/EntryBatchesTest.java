package io.ticketping.gateway.queue.batch;

import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The batching and the reply matching of {@link EntryBatches}, against a queue endpoint that answers as told. */
@ExtendWith(VertxExtension.class)
class EntryBatchesTest {

  @Test
  @DisplayName("each entry of a batch gets its own outcome: a status, or the problem refusing that user alone")
  void outcomesPerUser(Vertx vertx, VertxTestContext ctx) {
    List<JsonArray> batches = new ArrayList<>();
    enterThree(vertx, 1000, batches, userIds -> {
      JsonArray users = new JsonArray();
      userIds.forEach(id -> users.add((Long) id == 2
        ? new JsonObject().put("problem", Problem.conflict("closed").toJson())
        : new JsonObject().put("status", "WAITING").put("position", id)));
      return users;
    }).onComplete(ctx.succeeding(entries -> ctx.verify(() -> {
      assertThat(batches).as("three entries of one turn, one message").hasSize(1);
      assertThat(entries.get(0).result().getLong("position")).isEqualTo(1);
      assertThat(((ProblemException) entries.get(1).cause()).problem().status()).isEqualTo(409);
      assertThat(entries.get(2).result().getLong("position")).isEqualTo(3);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a reply that cannot be matched to its entries fails all of them rather than leaving them waiting")
  void mismatchedReply(Vertx vertx, VertxTestContext ctx) {
    enterThree(vertx, 1000, new ArrayList<>(),
      userIds -> new JsonArray().add(new JsonObject().put("status", "WAITING")))
      .onComplete(ctx.succeeding(entries -> ctx.verify(() -> {
        assertThat(entries).allSatisfy(entry -> assertThat(entry.cause()).isInstanceOf(IllegalStateException.class));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a batch goes as soon as it holds queue.maxBatchUsers entries; the rest of the turn's go in the next")
  void batchesCappedByConfig(Vertx vertx, VertxTestContext ctx) {
    List<JsonArray> batches = new ArrayList<>();
    enterThree(vertx, 2, batches, userIds -> {
      JsonArray users = new JsonArray();
      userIds.forEach(id -> users.add(new JsonObject().put("status", "WAITING").put("position", id)));
      return users;
    }).onComplete(ctx.succeeding(entries -> ctx.verify(() -> {
      assertThat(batches).extracting(JsonArray::size).containsExactly(2, 1);
      assertThat(entries).allSatisfy(entry -> assertThat(entry.succeeded()).isTrue());
      assertThat(entries.get(2).result().getLong("position")).isEqualTo(3);
      ctx.completeNow();
    })));
  }

  /**
   * Users 1, 2, 3 enter show "s" in one event-loop turn, at most {@code maxUsers} per call, against an endpoint
   * answering {@code answer(userIds)}.
   */
  private static Future<List<Future<JsonObject>>> enterThree(Vertx vertx, int maxUsers, List<JsonArray> batches,
                                                             Function<JsonArray, JsonArray> answer) {
    vertx.eventBus().<JsonObject>consumer(QueueAddresses.ENTER_MANY, message -> {
      JsonArray userIds = message.body().getJsonArray("userIds");
      batches.add(userIds);
      message.reply(new JsonObject().put("users", answer.apply(userIds)));
    });
    Promise<List<Future<JsonObject>>> settled = Promise.promise();
    // On an event loop, as in a gateway instance: the three entries are made in one turn of it.
    vertx.runOnContext(v -> {
      List<Future<JsonObject>> entries = new ArrayList<>();
      EntryBatches batching = new EntryBatches(vertx, new ServiceCalls(vertx.eventBus(), 5_000),
        new QueueBatches(maxUsers));
      for (long user = 1; user <= 3; user++) {
        entries.add(batching.enter("s", user));
      }
      Future.join(entries).onComplete(done -> settled.complete(entries));
    });
    return settled.future();
  }
}
