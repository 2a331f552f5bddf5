package io.ticketping.shared.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

import java.util.Objects;

/**
 * Puts {@code requestId} (see {@link RequestIds}) and, when tracing is on, {@code traceId} into the MDC of every log
 * event. The MDC is per thread, and an event loop runs many requests at once, so the values are refreshed from the
 * current Vert.x context on each logging call (a turbo filter runs in the logging thread before the event is built)
 * rather than set once per request. Declared in the logback configuration; never filters anything out.
 */
public final class RequestIdMdc extends TurboFilter {

  public static final String REQUEST_ID = "requestId";
  public static final String TRACE_ID = "traceId";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    sync(REQUEST_ID, RequestIds.current());
    SpanContext span = Span.current().getSpanContext();
    sync(TRACE_ID, span.isValid() ? span.getTraceId() : null);
    return FilterReply.NEUTRAL;
  }

  private static void sync(String key, String value) {
    if (!Objects.equals(MDC.get(key), value)) {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    }
  }
}
