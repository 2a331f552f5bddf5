package io.ticketping.perf;

import io.ticketping.perf.PerfUsers.PerfUser;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulation prepares before its users start: accounts with tokens, an admin client, a database handle for
 * checks. Built in the simulation's constructor (Gatling needs the feeder before the run) and closed in {@code after()}.
 */
public final class LoadSetup implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Pool pool = PerfDatabase.pool(vertx);
  private final AccessTokenMint mint = AccessTokenMint.forSystemUnderTest(vertx);
  private final String adminToken = mint.admin(PerfUsers.adminId(pool));
  private final AdminApi admin = new AdminApi(PerfProps.baseUrl(), adminToken);

  public AdminApi admin() {
    return admin;
  }

  /** The admin's access token, for admin calls a scenario makes during the run. */
  public String adminToken() {
    return adminToken;
  }

  public Pool pool() {
    return pool;
  }

  /** {@code count} fresh accounts as Gatling feeder records: {@code userId}, {@code email}, {@code token}. */
  public List<Map<String, Object>> users(String what, int count) {
    List<PerfUser> users = PerfUsers.create(pool, mint, PerfUsers.freshPrefix(what), count);
    return users.stream().map(user -> {
      Map<String, Object> record = new HashMap<>();
      record.put("userId", user.id());
      record.put("email", user.email());
      record.put("token", user.token());
      return record;
    }).toList();
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
  }
}
