package io.ticketping.shared.pg;

import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class SchemaMigrationsTest {

  private static final List<String> FILES = List.of("V1__things.sql", "V2__things_unique.sql");

  @Test
  @DisplayName("ten instances migrating at once apply each migration exactly once")
  void concurrentStarts(Vertx vertx, VertxTestContext ctx) {
    Pool pool = PgPools.create(vertx, TestServers.get().config());
    List<Future<Void>> starts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      starts.add(SchemaMigrations.apply(vertx, pool, "sample", FILES));
    }
    Future.all(starts)
      .compose(v -> pool.query("SELECT (SELECT count(*) FROM things), "
        + "(SELECT count(*) FROM schema_migrations WHERE module = 'sample')").execute())
      .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
        assertThat(rows.iterator().next().getLong(0)).isEqualTo(1);
        assertThat(rows.iterator().next().getLong(1)).isEqualTo(2);
        ctx.completeNow();
      })));
  }
}
