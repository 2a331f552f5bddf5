package io.ticketping.shared.events;

import com.fasterxml.jackson.core.JacksonException;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.CharConversionException;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a transient failure of a consumer's own infrastructure (Redis, PostgreSQL or Kafka unreachable, slow,
 * restarting or asking to try again) from a poison event. A transient failure says nothing about the event: it is
 * retried for as long as it takes. Anything else is taken to be the event's fault and ends on the dead-letter topic
 * after {@code kafka.consumerMaxAttempts}, because retrying it for ever would stall its partition.
 */
public final class Failures {

  /**
   * SQLSTATEs worth waiting out: classes 08 (connection), 53 (insufficient resources) and 57 (operator intervention:
   * admin shutdown, server starting up, statement cancelled or timed out), serialization failure, deadlock, and
   * lock not available. Other PostgreSQL errors (constraint, syntax, data) repeat on every attempt.
   */
  private static final List<String> SQL_STATE_CLASSES = List.of("08", "53", "57");
  private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03");
  /**
   * Redis error replies that mean "not now": loading its data set, running a long script, no reachable master, a
   * slot migrating or the cluster down. {@code CONNECTION_CLOSED} is the error the Vert.x client fails pending commands
   * with when the connection drops (observed when the server stops).
   */
  private static final Set<String> REDIS_CODES = Set.of("LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN",
    "CONNECTION_CLOSED");
  /**
   * Plain exceptions that clients raise with only a message when a connection is gone: the PostgreSQL client on a
   * pooled connection that the server dropped ("Connection is not active now, current status: CLOSED"), the Redis
   * client on a closed connection, an HTTP connection closed under a request, and a Redis connection whose queue of
   * pending commands is full (a server too slow to keep up).
   */
  private static final List<String> CLOSED_MESSAGES = List.of("Connection is not active now", "Connection is closed",
    "Connection was closed", "Connection closed", "Redis waiting queue is full");

  private Failures() {
  }

  /** Whether {@code error} or any of its causes is a transient infrastructure failure (or a {@link TransientFailure}). */
  public static boolean isTransient(Throwable error) {
    // A cause chain can loop; visit each throwable once.
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (transientItself(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientItself(Throwable t) {
    // An open circuit breaker: what it guards failed just now and is given time to come back.
    if (t instanceof TransientFailure || t instanceof ClosedConnectionException || t instanceof TimeoutException
      || t instanceof io.netty.handler.timeout.TimeoutException || t instanceof RetriableException
      || t instanceof OpenCircuitException) {
      return true;
    }
    if (t instanceof IOException) {
      // A parse error of the event's own text is an IOException too, and never gets better.
      return !(t instanceof JacksonException || t instanceof CharConversionException);
    }
    if (t instanceof DatabaseException database) {
      return transientSqlState(database.getSqlState());
    }
    if (t instanceof ReplyException reply) {
      // Nobody answered in time, or nobody listens yet (a service restarting); a recipient's failure is its answer.
      return reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS;
    }
    if (t instanceof Response reply && reply.type() == ResponseType.ERROR) {
      return REDIS_CODES.contains(firstWord(t.getMessage()));
    }
    String message = t.getMessage();
    return message != null && CLOSED_MESSAGES.stream().anyMatch(message::startsWith);
  }

  static boolean transientSqlState(String sqlState) {
    return sqlState != null && (SQL_STATES.contains(sqlState)
      || (sqlState.length() == 5 && SQL_STATE_CLASSES.contains(sqlState.substring(0, 2))));
  }

  private static String firstWord(String message) {
    if (message == null) {
      return "";
    }
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }
}
