package io.ticketping.shared.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OutageLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(OutageLogTest.class.getName() + ".outage");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
    logger.setLevel(null);
  }

  @Test
  @DisplayName("an outage warns once however many failures it has, the repeats go to DEBUG, and the recovery is one "
    + "INFO")
  void warnsOnceAndRecoversOnce() {
    OutageLog log = OutageLog.warnOnce(logger);

    log.recovered("up again");
    log.failed("cannot read: {}", "refused 1");
    log.failed("cannot read: {}", "refused 2");
    log.failed("cannot read: {}", "refused 3");
    log.recovered("up again");
    log.recovered("up again");

    assertThat(logged()).containsExactly("WARN cannot read: refused 1", "DEBUG cannot read: refused 2",
      "DEBUG cannot read: refused 3", "INFO up again");
  }

  @Test
  @DisplayName("the next outage warns again, and one ended by forget() warns at once without an INFO")
  void eachOutageWarns() {
    OutageLog log = OutageLog.warnOnce(logger);

    log.failed("down {}", 1);
    log.recovered("up {}", 1);
    log.failed("down {}", 2);
    log.forget();
    log.recovered("up {}", 2);
    log.failed("down {}", 3);

    assertThat(logged()).containsExactly("WARN down 1", "INFO up 1", "WARN down 2", "WARN down 3");
  }

  @Test
  @DisplayName("with a re-warn interval a long outage warns again once the interval since its last WARN is over")
  void warnsAgainAfterTheInterval() {
    AtomicLong nanos = new AtomicLong(123);
    OutageLog log = new OutageLog(logger, Duration.ofSeconds(10).toNanos(), nanos::get);

    log.failed("waiting {}", "0 s");
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(9));
    log.failed("waiting {}", "9 s");
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    log.failed("waiting {}", "10 s");
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
    log.failed("waiting {}", "15 s");

    assertThat(logged()).containsExactly("WARN waiting 0 s", "DEBUG waiting 9 s", "WARN waiting 10 s",
      "DEBUG waiting 15 s");
  }

  private List<String> logged() {
    return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }
}
