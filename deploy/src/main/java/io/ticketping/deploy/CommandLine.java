package io.ticketping.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The runnable jar's arguments: the help text, and what is wrong with a command line before anything starts (a
 * mistyped option would otherwise be ignored and the system started with its production settings).
 */
final class CommandLine {

  static final String USAGE = """
    Usage: java -jar ticketping.jar [options]

    Starts TicketPing: every role in this JVM, or the roles named, on the clustered event bus. Settings come from
    conf/application.json, each overridable by a TICKETPING_* environment variable (see the README's table).

    Options:
      --dev                        start Redis, PostgreSQL and Kafka for this run too (data under dataDir), create
                                   the topics and the demo show, and stop the servers on exit
      --servers-only               with --dev: start only the servers (for role JVMs started apart)
      --role all|<roles>           the roles this JVM runs: all (the default), or a comma-separated subset of
                                   gateway, queue, booking, payment (a subset joins the clustered event bus)
      --demo-data                  add the demo show once the booking role answers (always with --dev)
      --replay-dead-letters [topic...]
                                   start nothing: republish the dead-lettered events of the topics (default: every
                                   event topic), then exit
      -h, --help                   print this help and exit

    Stop with Ctrl-C (SIGTERM): the verticles stop, and with --dev the servers too.
    """;

  private static final Set<String> FLAGS = Set.of("--dev", "--servers-only", "--demo-data");
  private static final String ROLE = "--role";

  private CommandLine() {
  }

  static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }

  /** What is wrong with {@code args}, one sentence each; empty when they can be run. */
  static List<String> problems(List<String> args) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(DeadLetterReplayCommand.FLAG)) {
        break; // the topics follow
      }
      if (arg.equals(ROLE)) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
          problems.add(ROLE + " needs a value: all, or a comma-separated subset of gateway, queue, booking, payment");
        } else {
          i++;
        }
      } else if (!FLAGS.contains(arg) && !arg.startsWith(ROLE + "=")) {
        problems.add("unknown " + (arg.startsWith("-") ? "option " : "argument ") + "'" + arg + "'");
      }
    }
    return problems;
  }
}
