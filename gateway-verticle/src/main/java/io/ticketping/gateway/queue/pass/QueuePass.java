package io.ticketping.gateway.queue.pass;

import io.vertx.core.shareddata.Shareable;

/** A checked queue pass (immutable, so it may sit in a map that every gateway instance reads). */
public record QueuePass(long userId, String showId, String passId, long expiresAtMillis) implements Shareable {
}
