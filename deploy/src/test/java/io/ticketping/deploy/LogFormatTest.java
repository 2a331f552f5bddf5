package io.ticketping.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import io.ticketping.shared.observability.RequestIdMdc;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployed logback configuration ({@code deploy/src/main/resources/logback.xml}) in its two formats. */
class LogFormatTest {

  @Test
  @DisplayName("TICKETPING_LOG_FORMAT=json writes each event as one JSON line with level, logger, the formatted "
    + "message and the request id from the MDC")
  void jsonLines() throws JoranException {
    LoggerContext context = configure("json");
    ConsoleAppender<ILoggingEvent> json = appender(context, "json");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("io.ticketping.booking"),
      Level.WARN, "seat {} taken", null, new Object[] {7});
    event.setMDCPropertyMap(Map.of(RequestIdMdc.REQUEST_ID, "req-1"));
    String encoded = new String(json.getEncoder().encode(event), StandardCharsets.UTF_8);

    assertThat(encoded).endsWith("\n").doesNotContain("\n\n");
    assertThat(encoded.strip()).doesNotContain("\n");
    JsonObject line = new JsonObject(encoded);
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("loggerName")).isEqualTo("io.ticketping.booking");
    assertThat(line.getString("formattedMessage")).isEqualTo("seat 7 taken");
    assertThat(line.getJsonObject("mdc").getString(RequestIdMdc.REQUEST_ID)).isEqualTo("req-1");
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("text")).isNull();
    context.stop();
  }

  @Test
  @DisplayName("by default the lines are text for people, with the request id when there is one")
  void textByDefault() throws JoranException {
    LoggerContext context = configure(null);
    ConsoleAppender<ILoggingEvent> text = appender(context, "text");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("io.ticketping.booking"),
      Level.INFO, "held", null, null);
    event.setMDCPropertyMap(Map.of(RequestIdMdc.REQUEST_ID, "req-2"));
    assertThat(new String(text.getEncoder().encode(event), StandardCharsets.UTF_8))
      .contains("INFO", "rid=req-2 - held");
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("json")).isNull();
    context.stop();
  }

  /** A fresh logback context configured from the deployed file, as with {@code TICKETPING_LOG_FORMAT=format}. */
  private static LoggerContext configure(String format) throws JoranException {
    LoggerContext context = new LoggerContext();
    if (format != null) {
      // Looked up before the environment, so this stands in for the variable.
      context.putProperty("TICKETPING_LOG_FORMAT", format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));
    assertThat(context.getTurboFilterList()).hasAtLeastOneElementOfType(RequestIdMdc.class);
    return context;
  }

  @SuppressWarnings("unchecked")
  private static ConsoleAppender<ILoggingEvent> appender(LoggerContext context, String name) {
    Object appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(name);
    assertThat(appender).as("root appender %s", name).isInstanceOf(ConsoleAppender.class);
    return (ConsoleAppender<ILoggingEvent>) appender;
  }
}
