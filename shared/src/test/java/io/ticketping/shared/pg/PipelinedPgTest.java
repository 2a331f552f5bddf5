package io.ticketping.shared.pg;

import io.ticketping.shared.testing.TestServers;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PipelinedPgTest {

  private static final String WHO = "SELECT pg_backend_pid(), $1::int";

  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    pool = PgPools.create(vertx, TestServers.get().config());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  @DisplayName("the owner loop's 500 concurrent statements all run on its one held connection, in order; calls from "
    + "another thread use the pool")
  void oneConnectionForTheOwnerLoop(Vertx vertx, VertxTestContext ctx) {
    onOwnLoop(vertx, pg -> heldBackend(vertx, pg)
        .compose(heldPid -> {
          List<Future<RowSet<Row>>> sent = new ArrayList<>();
          for (int i = 1; i <= 500; i++) {
            sent.add(pg.execute(WHO, Tuple.of(i)));
          }
          Future<RowSet<Row>> offLoop = vertx.executeBlocking(() -> pg.execute(WHO, Tuple.of(-1)))
            .compose(f -> f);
          return Future.all(sent).compose(all -> offLoop).onComplete(ctx.succeeding(worker -> ctx.verify(() -> {
            List<Integer> pids = sent.stream().map(f -> pid(f.result())).distinct().toList();
            assertThat(pids).as("backends that ran the burst").containsExactly(heldPid);
            assertThat(sent.stream().map(f -> f.result().iterator().next().getInteger(1)).toList())
              .containsExactlyElementsOf(IntStream.rangeClosed(1, 500).boxed().toList());
            assertThat(pid(worker)).as("a worker thread's statement ran on a pooled connection").isNotEqualTo(heldPid);
            pg.close();
            ctx.completeNow();
          })));
        })
        .onFailure(ctx::failNow));
  }

  @Test
  @DisplayName("a held connection that PostgreSQL drops is replaced: later statements run on a new one")
  void brokenConnectionIsReplaced(Vertx vertx, VertxTestContext ctx) {
    onOwnLoop(vertx, pg -> heldBackend(vertx, pg)
        .compose(killed -> pool.preparedQuery("SELECT pg_terminate_backend($1)").execute(Tuple.of(killed))
          // Until the loss is noticed a statement may fail; then one opens the next connection.
          .compose(x -> Waits.eventually(vertx, "a statement on a new held connection", 10_000,
            () -> pg.execute(WHO, Tuple.of(1)).map(rows -> pg.held() != null && pg.held().succeeded()
                && pid(rows) != killed && pid(rows) == pidOf(pg))
              .otherwise(false)))
          .map(x -> killed))
        .onComplete(ctx.succeeding(killed -> ctx.verify(() -> {
          assertThat(pidOf(pg)).isNotEqualTo(killed);
          pg.close();
          ctx.completeNow();
        }))));
  }

  /** A PipelinedPg created on an event loop of its own, as a verticle's start would, handed to {@code test} there. */
  private void onOwnLoop(Vertx vertx, Consumer<PipelinedPg> test) {
    vertx.getOrCreateContext().runOnContext(v -> test.accept(new PipelinedPg(vertx, TestServers.get().config(), pool)));
  }

  /** Opens the held connection with a first statement (the pool answers it meanwhile); its backend's pid. */
  private static Future<Integer> heldBackend(Vertx vertx, PipelinedPg pg) {
    return pg.execute(WHO, Tuple.of(0))
      .compose(first -> openConnection(vertx, pg))
      .compose(held -> held.query("SELECT pg_backend_pid()").execute().map(PipelinedPgTest::pid));
  }

  private static Future<PgConnection> openConnection(Vertx vertx, PipelinedPg pg) {
    return Waits.eventually(vertx, "the held connection to open", 10_000,
        () -> Future.succeededFuture(pg.held() != null && pg.held().succeeded()))
      .map(v -> pg.held().result());
  }

  private static int pidOf(PipelinedPg pg) {
    return pg.held().result().processId();
  }

  private static int pid(RowSet<Row> rows) {
    return rows.iterator().next().getInteger(0);
  }
}
