package io.ticketping.perf.bench;

import io.ticketping.perf.AccessTokenMint;
import io.ticketping.perf.PerfDatabase;
import io.ticketping.perf.PerfUsers;
import io.ticketping.perf.PerfUsers.PerfUser;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code BenchAccounts <count> <tokensFile> <adminTokenFile> [<secondTokensFile>]}: bulk accounts for the harness (see
 * {@link PerfUsers}), one access token per line, plus an admin token; optionally a second, different token of each
 * user, line by line (for a warm-up whose tokens the measured run does not share). Settings as for the simulations ({@code -Dpg.port}, {@code -Djwt.secret}).
 */
public final class BenchAccounts {

  private BenchAccounts() {
  }

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    Pool pool = PerfDatabase.pool(vertx);
    try {
      AccessTokenMint mint = AccessTokenMint.forSystemUnderTest(vertx);
      long started = System.nanoTime();
      List<PerfUser> users = PerfUsers.create(pool, mint, PerfUsers.freshPrefix("bench"), count);
      Files.write(Path.of(args[1]), users.stream().map(PerfUser::token).toList());
      Files.writeString(Path.of(args[2]), mint.admin(PerfUsers.adminId(pool)));
      if (args.length > 3) {
        AccessTokenMint second = mint.secondLogin(vertx);
        Files.write(Path.of(args[3]), users.stream().map(user -> second.user(user.id())).toList());
      }
      System.out.printf("created %d accounts with tokens in %.1f s%n", users.size(), (System.nanoTime() - started) / 1e9);
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
