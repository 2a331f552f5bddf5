package io.ticketping.queue;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The one reply every queue script gives for a show that has no queue: {@code {'NOQUEUE'}}, a one-element array, told
 * apart from any other reply (no other reply of a script is an array of that one element).
 */
final class NoQueueReply {

  private static final String CODE = "NOQUEUE";

  private NoQueueReply() {
  }

  /** Whether {@code reply} says the show has no queue. */
  static boolean is(Response reply) {
    return reply != null && reply.type() == ResponseType.MULTI && reply.size() == 1
      && CODE.equals(reply.get(0).toString());
  }

  /** {@code reply} itself; fails with the 404 problem of {@link WaitingRoom#noQueue} when it says there is no queue. */
  static Response require(String showId, Response reply) {
    if (is(reply)) {
      throw WaitingRoom.noQueue(showId).toException();
    }
    return reply;
  }
}
