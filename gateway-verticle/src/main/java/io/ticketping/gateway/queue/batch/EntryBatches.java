package io.ticketping.gateway.queue.batch;

import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of this gateway instance, sent to the queue service in batches ({@link QueueAddresses#ENTER_MANY}):
 * the entries of a show that arrive in one turn of the event loop go together, in one event-bus message and one
 * script call, instead of one each. In a rush a turn reads many requests, so the hops are paid once per batch; a
 * lone entry goes alone, one task later. Each user's outcome in the reply settles that user's entry, so one refused
 * entry fails no other. Confined to the event loop of the instance that created it.
 */
public final class EntryBatches {

  private record Pending(long userId, Promise<JsonObject> entered) {
  }

  private final Context context;
  private final ServiceCalls calls;
  private final int maxUsers;
  private final Map<String, List<Pending>> pending = new HashMap<>();

  /** {@code batches}: how many entries one call may carry at most. */
  public EntryBatches(Vertx vertx, ServiceCalls calls, QueueBatches batches) {
    this.context = vertx.getOrCreateContext();
    this.calls = calls;
    this.maxUsers = batches.maxUsers();
  }

  /** The user's queue status once entered, as {@link QueueAddresses#ENTER} answers it; fails as it would. */
  public Future<JsonObject> enter(String showId, long userId) {
    List<Pending> batch = pending.get(showId);
    if (batch == null) {
      batch = new ArrayList<>();
      pending.put(showId, batch);
      context.runOnContext(v -> send(showId));
    }
    Promise<JsonObject> entered = Promise.promise();
    batch.add(new Pending(userId, entered));
    if (batch.size() >= maxUsers) {
      send(showId);
    }
    return entered.future();
  }

  private void send(String showId) {
    List<Pending> batch = pending.remove(showId);
    if (batch == null) {
      return; // sent when it filled up
    }
    List<Object> userIds = new ArrayList<>(batch.size());
    batch.forEach(entry -> userIds.add(entry.userId()));
    calls.request(QueueAddresses.ENTER_MANY, new JsonObject().put("showId", showId)
        .put("userIds", new JsonArray(userIds)))
      .onFailure(failure -> batch.forEach(entry -> entry.entered().fail(failure)))
      .onSuccess(reply -> {
        JsonArray outcomes = reply.getJsonArray("users");
        if (outcomes == null || outcomes.size() != batch.size()) {
          // Never leave a request waiting on an answer that cannot be matched to it.
          IllegalStateException mismatch = new IllegalStateException(QueueAddresses.ENTER_MANY + " answered "
            + (outcomes == null ? "no users" : outcomes.size() + " outcomes") + " for " + batch.size() + " entries");
          batch.forEach(entry -> entry.entered().fail(mismatch));
          return;
        }
        for (int i = 0; i < batch.size(); i++) {
          JsonObject outcome = outcomes.getJsonObject(i);
          JsonObject problem = outcome.getJsonObject("problem");
          if (problem != null) {
            batch.get(i).entered().fail(Problem.fromJson(problem).toException());
          } else {
            batch.get(i).entered().complete(outcome);
          }
        }
      });
  }
}
