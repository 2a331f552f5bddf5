package io.ticketping.deploy;

import io.ticketping.shared.events.DeadLetterReplay;
import io.ticketping.shared.events.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code --replay-dead-letters [topic...]}: republishes the dead-lettered events of the named event topics (every
 * event topic when none is named) to those topics, then exits. Runs on its own Vert.x, with no verticle: the
 * consumers that apply the events may run anywhere, or start later.
 */
final class DeadLetterReplayCommand {

  static final String FLAG = "--replay-dead-letters";

  private DeadLetterReplayCommand() {
  }

  /** Runs the replay; the process's exit code (0 when every topic was replayed). */
  static int run(JsonObject config, List<String> args, PrintStream out, PrintStream err) {
    List<String> topics = topics(args);
    Vertx vertx = Vertx.vertx();
    try {
      // Blocking here is fine: this is the main thread of a command, never an event loop.
      List<DeadLetterReplay.Result> results = new DeadLetterReplay(vertx, config).replay(topics).await();
      results.forEach(r -> out.println(r.topic() + ": " + r.replayed() + " replayed from " + Topics.dlq(r.topic())
        + (r.skipped() > 0 ? " (" + r.skipped() + " unreadable, left out)" : "")));
      return 0;
    } catch (Exception e) {
      err.println("Replay of dead letters failed: " + e);
      return 1;
    } finally {
      vertx.close().await();
    }
  }

  /**
   * The topics named after the flag (up to the next option), each as its event topic even when given as its
   * {@code .dlq}; every event topic when none is named.
   */
  static List<String> topics(List<String> args) {
    int at = args.indexOf(FLAG);
    List<String> named = args.subList(at + 1, args.size()).stream()
      .takeWhile(arg -> !arg.startsWith("--"))
      .map(topic -> topic.endsWith(Topics.DLQ_SUFFIX)
        ? topic.substring(0, topic.length() - Topics.DLQ_SUFFIX.length()) : topic)
      .distinct()
      .toList();
    return named.isEmpty() ? DeadLetterReplay.eventTopics() : named;
  }
}
