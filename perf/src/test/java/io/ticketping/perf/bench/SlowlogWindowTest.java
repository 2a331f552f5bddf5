package io.ticketping.perf.bench;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SlowlogWindowTest {

  private static final String LIB = "local function twice(x) return 2 * x end";
  private static final String TICK = "return twice(1)";
  private static final String READ = "return redis.call('ZRANGE', KEYS[1], 0, -1)";

  @Test
  @DisplayName("names scripts alone and with their libraries before them, in any order")
  void namesScripts(@TempDir Path root) throws IOException {
    scripts(root);
    Map<String, String> names = SlowlogWindow.scriptNames(root);
    assertThat(names).containsEntry(SlowlogWindow.sha1(READ), "view")
      .containsEntry(SlowlogWindow.sha1(TICK), "queue/tick")
      .containsEntry(SlowlogWindow.sha1(LIB + "\n" + TICK), "queue/tick")
      .containsEntry(SlowlogWindow.sha1("-- other\n" + "\n" + LIB + "\n" + TICK), "queue/tick")
      .containsEntry(SlowlogWindow.sha1(LIB + "\n" + "-- other\n" + "\n" + TICK), "queue/tick");
    assertThat(names.values()).doesNotContain("queue/lib/twice");
  }

  @Test
  @DisplayName("names a script whose libraries sit in another root's lib folder at the same path")
  void librariesAcrossRoots(@TempDir Path dir) throws IOException {
    Path service = dir.resolve("service");
    Path shared = dir.resolve("shared");
    scripts(service);
    Files.createDirectories(shared.resolve("queue/lib"));
    Files.writeString(shared.resolve("queue/lib/log.lua"), "-- log\n");
    Map<String, String> names = SlowlogWindow.scriptNames(List.of(service, shared));
    assertThat(names).containsEntry(SlowlogWindow.sha1(LIB + "\n" + "-- log\n" + "\n" + TICK), "queue/tick")
      .containsEntry(SlowlogWindow.sha1("-- log\n" + "\n" + TICK), "queue/tick");
    assertThat(names.values()).doesNotContain("queue/lib/log");
  }

  @Test
  @DisplayName("adds up top-level time by client role, by script and by hash tag; commands run by scripts and its own apart")
  void totals(@TempDir Path root) throws IOException {
    scripts(root);
    String tick = SlowlogWindow.sha1(LIB + "\n" + TICK);
    String read = SlowlogWindow.sha1(READ);
    // As redis-cli --json prints SLOWLOG GET: id, time, µs, arguments, client address, client name.
    JsonArray slowlog = new JsonArray("""
      [[9,1,2,["SLOWLOG","GET","-1"],"127.0.0.1:50000",""],
       [8,1,700,["EVALSHA","%s","1","q:{1}:waiting"],"127.0.0.1:40001",""],
       [7,1,650,["ZRANGE","q:{1}:waiting","0","-1"],"?:0",""],
       [6,1,690,["evalsha","%s","1","q:{1}:waiting"],"127.0.0.1:40002",""],
       [5,1,40,["EVALSHA","%s","1","q:{1}:meta"],"127.0.0.1:40003",""],
       [2,1,30,["EVALSHA","%s","1","q:{2}:meta"],"127.0.0.1:40003",""],
       [4,1,3,["ZCARD","q:{1}:waiting"],"127.0.0.1:40009",""],
       [3,1,9,["EVALSHA","0123456789abcdef0123456789abcdef01234567","0"],"127.0.0.1:40003",""]]
      """.formatted(read, read, tick, tick));
    Map<String, String> clients = Map.of("127.0.0.1:40001", "gateway", "127.0.0.1:40002", "gateway",
      "127.0.0.1:40003", "core");

    Map<String, Long> figures = SlowlogWindow.totals(slowlog, clients, SlowlogWindow.scriptNames(root), "{1}")
      .figures();

    assertThat(figures).containsEntry("slowlog_entries", 8L)
      .containsEntry("commands", 6L)
      .containsEntry("commands_in_scripts", 1L)
      .containsEntry("exec_us", 700L + 690 + 40 + 30 + 3 + 9)
      .containsEntry("exec_us_from_gateway", 1390L)
      .containsEntry("commands_from_gateway", 2L)
      .containsEntry("exec_us_from_core", 79L)
      .containsEntry("exec_us_from_other", 3L)
      .containsEntry("script_view_calls", 2L)
      .containsEntry("script_view_us", 1390L)
      .containsEntry("script_view_from_gateway_us", 1390L)
      .containsEntry("script_queue/tick_calls", 2L)
      .containsEntry("script_queue/tick_us", 70L)
      .containsEntry("script_queue/tick_calls_tagged", 1L)
      .containsEntry("script_view_calls_tagged", 2L)
      .containsEntry("script_sha:01234567_calls", 1L);
  }

  @Test
  @DisplayName("reads the client roles as ss writes addresses, IPv4 sockets and IPv6 sockets alike")
  void clientAddresses(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("clients.txt");
    Files.writeString(file, "[::ffff:127.0.0.1]:40001 gateway\n127.0.0.1:40003 core\n\n");
    assertThat(SlowlogWindow.clients(file)).containsOnly(Map.entry("127.0.0.1:40001", "gateway"),
      Map.entry("127.0.0.1:40003", "core"));
  }

  private static void scripts(Path root) throws IOException {
    Files.createDirectories(root.resolve("queue/lib"));
    Files.writeString(root.resolve("view.lua"), READ);
    Files.writeString(root.resolve("queue/tick.lua"), TICK);
    Files.writeString(root.resolve("queue/lib/twice.lua"), LIB);
    Files.writeString(root.resolve("queue/lib/other.lua"), "-- other\n");
  }
}
