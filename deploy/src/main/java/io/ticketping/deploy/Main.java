package io.ticketping.deploy;

import io.ticketping.gateway.users.AdminAccount;
import io.ticketping.shared.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts TicketPing: every verticle in this JVM. With {@code --dev} it first starts the servers the system needs
 * (Redis, PostgreSQL and Kafka, data kept under {@code dataDir}), creates the Kafka topics, stops the servers again on
 * exit, and adds the demo queue.
 *
 * <pre>java -jar ticketping.jar [--dev]</pre>
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    JsonObject config = AppConfig.load();
    Path dataDir = Path.of(config.getString("dataDir"));
    boolean dev = options.contains("--dev");
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
    if (dev) {
      devServers.start(config, dataDir);
    }
    GeneratedKeys.ensure(config, dataDir);

    Vertx vertx = Vertx.vertx();
    running.set(vertx);

    try {
      devServers.createTopics(vertx).await();
      AllInOne.deploy(vertx, config).await();
      System.out.println(AdminAccount.ensure(vertx, config).await());
      if (dev) {
        System.out.println(DemoData.ensure(vertx).await());
      }
      System.out.println("TicketPing is up: http://localhost:" + config.getJsonObject("http").getInteger("port")
        + "  (Ctrl-C stops it)");
    } catch (Exception e) {
      LOG.error("TicketPing failed to start", e);
      System.exit(1);
    }
  }
}
