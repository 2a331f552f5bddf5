package io.ticketping.deploy;

import io.ticketping.gateway.users.AdminAccount;
import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.devservices.KafkaServer;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.observability.TracingSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts TicketPing. With {@code --role all} (the default) every verticle runs in this JVM without a cluster; with a
 * subset such as {@code --role gateway} this JVM joins the clustered event bus ({@code cluster.*}) and deploys only
 * those roles' verticles. With {@code --dev} it first starts the servers the system needs (Redis, PostgreSQL and
 * Kafka, data kept under {@code dataDir}), creates the Kafka topics, stops the servers again on exit, and adds the demo
 * queue. {@code --servers-only} (with {@code --dev}) starts just the servers, for the role JVMs of a split run;
 * {@code --demo-data} adds the demo show once the booking role answers. {@code --replay-dead-letters [topic...]}
 * starts nothing: it republishes the dead-lettered events of the topics (default: every event topic) and exits.
 * Secrets the configuration leaves empty are generated under {@code dataDir} where that is safe
 * ({@link GeneratedKeys}, {@link ClusterCredentials}).
 *
 * <pre>java -jar ticketping.jar [--dev] [--servers-only] [--demo-data] [--role all|gateway,queue,booking,payment]
 * java -jar ticketping.jar --replay-dead-letters [topic...]
 * java -jar ticketping.jar --help</pre>
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    if (CommandLine.wantsHelp(options)) {
      System.out.print(CommandLine.USAGE);
      return;
    }
    List<String> problems = CommandLine.problems(options);
    if (!problems.isEmpty()) {
      problems.forEach(problem -> System.err.println("ticketping: " + problem));
      System.err.println("Try --help.");
      System.exit(2);
    }
    JsonObject config = AppConfig.load();
    // Besides the configuration's keys: the dev broker's jars, logback's format, and scripts/run's port base.
    Set<String> readElsewhere = Set.of(KafkaServer.LIB_ENV, "TICKETPING_LOG_FORMAT", "TICKETPING_SPLIT_BASE_PORT");
    for (String unknown : AppConfig.unknownVariables(config, System.getenv(), readElsewhere)) {
      LOG.warn("Ignored environment variable {}: it names no configuration key", unknown);
    }
    if (options.contains(DeadLetterReplayCommand.FLAG)) {
      System.exit(DeadLetterReplayCommand.run(config, options, System.out, System.err));
    }
    Path dataDir = Path.of(config.getString("dataDir"));
    boolean dev = options.contains("--dev");
    boolean serversOnly = options.contains("--servers-only");
    Set<Role> roles = Role.parse(option(options, "--role"));
    DevServers devServers = new DevServers();
    AtomicReference<Vertx> running = new AtomicReference<>();
    // Registered before anything starts, so that Ctrl-C at any moment stops the servers this process started.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping TicketPing");
      Vertx vertx = running.get();
      if (vertx != null) {
        try {
          vertx.close().await();
        } catch (Exception e) {
          LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
      }
      devServers.stop();
    }, "ticketping-shutdown"));
    try {
      if (dev) {
        devServers.start(config, dataDir);
      }
      fillInSecrets(config, dataDir, roles, serversOnly);
      if (serversOnly) {
        runServersOnly(dev, config, devServers, running);
        return;
      }
      boolean all = Role.isAll(roles);
      Vertx vertx = all
        ? TracingSetup.withTracing(Vertx.builder().with(MetricsSetup.withMetrics(new VertxOptions(), config)), config)
          .build()
        : ClusterSetup.start(config).await();
      running.set(vertx);
      if (!roles.equals(EnumSet.of(Role.GATEWAY))) {
        // Every role that writes or reads events makes sure the topics exist (idempotent; the brokers do not
        // auto-create), so a split deployment needs no separate set-up step whichever role starts first.
        Topics.createAll(vertx, config).await();
      }
      RoleDeployment.deploy(vertx, config, roles).await();
      if (roles.contains(Role.GATEWAY)) {
        System.out.println(AdminAccount.ensure(vertx, config).await());
      }
      if (all && dev) {
        System.out.println(DemoData.ensure(vertx).await());
      } else if (dev || options.contains("--demo-data")) {
        // In a split run the booking role may join after this JVM: keep asking until it answers.
        demoData(vertx, 60).onSuccess(System.out::println)
          .onFailure(e -> LOG.warn("No demo data added: {}", e.toString()));
      }
      if (roles.contains(Role.GATEWAY)) {
        System.out.println("TicketPing " + (all ? "" : "(" + roles + ") ") + "is up: http://localhost:"
          + config.getJsonObject("http").getInteger("port") + "  (Ctrl-C stops it)");
      } else {
        System.out.println("TicketPing " + roles + " joined the cluster  (Ctrl-C stops it)");
      }
    } catch (Exception e) {
      LOG.error("TicketPing failed to start", e);
      System.exit(1);
    }
  }

  /**
   * Fills in the secrets the configuration leaves empty that this JVM uses, and no others: the signing keys where a
   * gateway runs, the cluster secret and certificate where a JVM joins the cluster. The servers-only JVM of a split run
   * on one host starts first and makes both, so that the role JVMs that follow find them ready.
   */
  static void fillInSecrets(JsonObject config, Path dataDir, Set<Role> roles, boolean serversOnly) {
    if (roles.contains(Role.GATEWAY)) {
      GeneratedKeys.ensure(config, dataDir);
    }
    if (serversOnly ? ClusterCredentials.onOneHost(config.getJsonObject("cluster")) : !Role.isAll(roles)) {
      ClusterCredentials.ensure(config, dataDir);
    }
  }

  /** The servers of a split run: the role JVMs join later and connect to them. Waits until the JVM is stopped. */
  private static void runServersOnly(boolean dev, JsonObject config, DevServers devServers,
                                     AtomicReference<Vertx> running) throws InterruptedException {
    if (!dev) {
      throw new IllegalArgumentException("--servers-only starts the dev servers: give --dev too");
    }
    Vertx vertx = Vertx.vertx();
    running.set(vertx);
    devServers.createTopics(vertx).await();
    System.out.println(AdminAccount.ensure(vertx, config).await());
    System.out.println("TicketPing servers are up (Redis, PostgreSQL, Kafka)  (Ctrl-C stops them)");
    new CountDownLatch(1).await();
  }

  private static Future<String> demoData(Vertx vertx, int attemptsLeft) {
    return DemoData.ensure(vertx).recover(e -> {
      if (attemptsLeft <= 1) {
        return Future.failedFuture(e);
      }
      return vertx.timer(1000).compose(v -> demoData(vertx, attemptsLeft - 1));
    });
  }

  /** The value after {@code name} ({@code --role gateway}) or after {@code name=}; null when absent. */
  static String option(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(name) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
      if (args.get(i).startsWith(name + "=")) {
        return args.get(i).substring(name.length() + 1);
      }
    }
    return null;
  }
}
