package io.ticketping.deploy;

import io.ticketping.gateway.GatewayVerticle;
import io.ticketping.gateway.users.AdminAccount;
import io.ticketping.shared.config.AppConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts TicketPing: every verticle in this JVM. With {@code --dev} it first starts the servers the system needs
 * (Redis and PostgreSQL, data kept under {@code dataDir}), and stops them again on exit.
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
    DevServers devServers = options.contains("--dev") ? DevServers.start(config, dataDir) : DevServers.none();
    GeneratedKeys.ensure(config, dataDir);

    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping TicketPing");
      try {
        vertx.close().await();
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly: {}", e.toString());
      }
      devServers.stop();
    }, "ticketping-shutdown"));

    try {
      vertx.deployVerticle(GatewayVerticle.class, new DeploymentOptions()
          .setConfig(config)
          .setInstances(instances(config)))
        .await();
      System.out.println(AdminAccount.ensure(vertx, config).await());
      System.out.println("TicketPing is up: http://localhost:" + config.getJsonObject("http").getInteger("port")
        + "  (Ctrl-C stops it)");
    } catch (Exception e) {
      LOG.error("TicketPing failed to start", e);
      System.exit(1);
    }
  }

  /** {@code http.instances}, or one gateway per core when it is 0. */
  private static int instances(JsonObject config) {
    int configured = config.getJsonObject("http").getInteger("instances");
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }
}
