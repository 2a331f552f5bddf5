package io.ticketping.shared.devservices;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The files a single-node KRaft broker of {@link KafkaServer} starts from. */
final class KafkaBrokerFiles {

  private KafkaBrokerFiles() {
  }

  static String serverProperties(int port, int controllerPort, Path data) {
    return String.join("\n",
      "# Written by TicketPing's KafkaServer on every start; edits are lost.",
      "process.roles=broker,controller",
      "node.id=1",
      "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
      "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
      "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      "controller.listener.names=CONTROLLER",
      "inter.broker.listener.name=PLAINTEXT",
      "log.dirs=" + data,
      // One node: every internal topic gets one replica, or the broker waits forever for the others.
      "default.replication.factor=1",
      "min.insync.replicas=1",
      "offsets.topic.replication.factor=1",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      // Fewer partitions of the offsets topic: a new consumer group is ready in well under a second.
      "offsets.topic.num.partitions=5",
      // A new group starts at once instead of waiting 3 s for more members (tests and the dev mode start one).
      "group.initial.rebalance.delay.ms=0",
      // Topics are created explicitly (Topics.create): a typo must fail, not create a new topic.
      "auto.create.topics.enable=false",
      "num.partitions=1",
      "");
  }

  static String log4jProperties() {
    return String.join("\n",
      "status = warn",
      "appender.out.type = Console",
      "appender.out.name = OUT",
      "appender.out.layout.type = PatternLayout",
      "appender.out.layout.pattern = [%d] %p %m (%c)%n",
      "rootLogger.level = info",
      "rootLogger.appenderRef.out.ref = OUT",
      // These two print every config value on each client connection and at start: noise in a dev log.
      "logger.config.name = org.apache.kafka.common.config",
      "logger.config.level = warn",
      "logger.state.name = state.change.logger",
      "logger.state.level = warn",
      "");
  }

  /** A Kafka cluster id: 16 random bytes in URL-safe base64, never starting with '-' (the CLI would read a flag). */
  static String newClusterId(SecureRandom random) {
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }
}
