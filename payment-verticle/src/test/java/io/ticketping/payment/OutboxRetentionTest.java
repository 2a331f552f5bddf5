package io.ticketping.payment;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The payment service, which writes payment events to the outbox, also deletes them once sent and past retention. */
@ExtendWith(VertxExtension.class)
class OutboxRetentionTest {

  @Test
  @DisplayName("the deployed payment service purges outbox rows sent before the retention and keeps recent ones")
  void purgesSentRows(Vertx vertx) {
    TestServers.get().kafka();
    TestServers.get().reset();
    JsonObject config = TestServers.get().config();
    config.getJsonObject("kafka").put("outboxRetentionSeconds", 60).put("outboxPurgeMillis", 200);
    Pool pool = PgPools.create(vertx, config);
    vertx.deployVerticle(PaymentVerticle.class, new DeploymentOptions().setConfig(config)).await();
    pool.query("INSERT INTO outbox (topic, key, event, created_at, sent_at) SELECT 'payment.events', 'p-' || n, "
      + "'{}', now() - interval '1 hour', CASE WHEN n <= 3 THEN now() - interval '1 hour' ELSE now() END "
      + "FROM generate_series(1, 5) n").execute().await();

    long deadline = System.currentTimeMillis() + 15_000;
    Row left;
    do {
      vertx.timer(100).await();
      left = pool.query("SELECT count(*) FILTER (WHERE sent_at < now() - interval '1 minute'), count(*) FROM outbox")
        .execute().await().iterator().next();
    } while (left.getLong(0) > 0 && System.currentTimeMillis() < deadline);
    assertThat(left.getLong(0)).as("rows sent an hour ago").isZero();
    assertThat(left.getLong(1)).as("rows sent just now stay for the retention").isEqualTo(2);
    pool.close().await();
  }
}
