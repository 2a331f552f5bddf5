package io.ticketping.shared.observability;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request id that ties together the log lines of one HTTP request, in the gateway and in the service that
 * answers it. It lives in the local data of the request's duplicated Vert.x context (every HTTP request and every
 * event-bus message gets its own), so it follows the request through futures and callbacks on that context and
 * never leaks into another request the way a thread-local would on an event loop. It crosses the event bus as the
 * {@value #HEADER} delivery header.
 *
 * <p>This class is also a {@link VertxServiceProvider} (listed in {@code META-INF/services}) only so that its context
 * local is registered before the first Vert.x instance captures the known locals.
 */
public final class RequestIds implements VertxServiceProvider {

  /** The HTTP header and the event-bus header that carry the id. */
  public static final String HEADER = "X-Request-Id";

  private static final ContextLocal<String> CURRENT = ContextLocal.registerLocal(String.class);
  // A client's own id is kept when it is short and harmless in a log line; anything else gets replaced.
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** For the service loader only. */
  public RequestIds() {
  }

  @Override
  public void init(VertxBootstrap builder) {
    // Nothing to set up: loading the class registered the context local.
  }

  /** The id of the request being handled on this thread, or {@code null} outside one. */
  public static String current() {
    ContextInternal context = ContextInternal.current();
    return context == null || !context.isDuplicate() ? null : context.getLocal(CURRENT);
  }

  /**
   * Binds {@code id} to the current request's context. Does nothing outside a duplicated context: bound to an event
   * loop's own context it would stick to every later request of that loop.
   */
  public static void bind(String id) {
    Context context = Vertx.currentContext();
    if (id != null && context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.putLocal(CURRENT, id);
    }
  }

  /** The client's id when it is safe to log as is, else a new one. */
  public static String acceptOrCreate(String fromClient) {
    return fromClient != null && SAFE.matcher(fromClient).matches() ? fromClient : create();
  }

  /**
   * A new random id: 32 hex digits, like a trace id. Not a secret, so the thread's own random source will do (a
   * {@code UUID.randomUUID()} per request would make every event loop queue on one shared SecureRandom).
   */
  public static String create() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex16(random.nextLong()) + hex16(random.nextLong());
  }

  private static String hex16(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
