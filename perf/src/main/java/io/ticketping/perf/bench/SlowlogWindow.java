package io.ticketping.perf.bench;

import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code SlowlogWindow <slowlogJson> <clientsFile> <prefix> <scriptRoots> [<hashTag>]}: where Redis spent its time in one window of
 * the harness, from the window's slow log taken with a threshold of 0 (every command logged with its execution time in
 * µs: {@code redis-cli --json SLOWLOG GET -1}). Prints {@code <prefix>_...=value} lines: the top-level commands and
 * their time, by client role and by script, and a table of the same to stderr.
 *
 * <p>Why the slow log and not {@code INFO commandstats}: commandstats has one row for {@code evalsha} whatever the
 * script, and Redis 7 also counts every command a script runs in that command's own row (and in
 * {@code total_commands_processed}), so its times can neither be told apart by script nor summed without counting a
 * script's work twice. The slow log names each call's script (its SHA-1, the second argument of {@code EVALSHA}) and
 * its client address, and logs the commands run inside scripts apart, with the client {@code ?:0}: those are counted
 * here only as {@code _commands_in_scripts}.
 *
 * <p>{@code clientsFile}: lines {@code <host:port> <role>} mapping the address of each client connection to the role of
 * the process that holds it (the harness writes it from {@code ss -tnp}); other clients count as {@code other}.
 * {@code scriptRoots}: comma-separated folders whose {@code .lua} files (recursively) name the SHA-1s: a file is named by
 * its path below the root without {@code .lua}, and is known both alone and with the files of the {@code lib/} folder
 * beside it (in any of the roots) placed before it in any order, each followed by a newline (as the application's
 * script loader joins them).
 * {@code hashTag} (e.g. {@code {42}}): script calls whose keys carry it are also counted apart
 * ({@code script_<name>_calls_tagged}), e.g. the admission ticks of one show among the ticks of every show.
 */
public final class SlowlogWindow {

  /** The harness's own commands: not part of what the system under test asked of Redis. */
  private static final List<String> OWN = List.of("SLOWLOG", "CONFIG", "HELLO", "INFO", "CLIENT", "COMMAND");

  private SlowlogWindow() {
  }

  public static void main(String[] args) throws IOException {
    JsonArray slowlog = new JsonArray(Files.readString(Path.of(args[0])).trim());
    Map<String, String> clients = clients(Path.of(args[1]));
    List<Path> roots = Arrays.stream(args[3].split(",")).filter(root -> !root.isBlank()).map(Path::of)
      .filter(Files::isDirectory).toList();
    Map<String, String> scripts = scriptNames(roots);
    Totals totals = totals(slowlog, clients, scripts, args.length > 4 ? args[4] : null);
    for (Map.Entry<String, Long> figure : totals.figures().entrySet()) {
      System.out.println(args[2] + "_" + figure.getKey() + "=" + figure.getValue());
    }
    System.err.printf("%-10s %-34s %10s %12s %10s%n", "client", "command or script", "calls", "us", "us/call");
    totals.rows.forEach((key, row) -> System.err.printf("%-10s %-34s %10d %12d %10.1f%n", key.split("\t")[0],
      key.split("\t")[1], row[0], row[1], (double) row[1] / Math.max(1, row[0])));
  }

  /** What the window's slow log adds up to. */
  static final class Totals {
    long entries;
    long commands;
    long commandsInScripts;
    long execMicros;
    /** "role\tcommand or script" → {calls, µs}. */
    final Map<String, long[]> rows = new TreeMap<>();
    /** Script name → calls whose keys carry the hash tag. */
    final Map<String, Long> tagged = new TreeMap<>();

    /** Flat figures: totals, then per role and per script. */
    Map<String, Long> figures() {
      Map<String, Long> figures = new LinkedHashMap<>();
      figures.put("slowlog_entries", entries);
      figures.put("commands", commands);
      figures.put("commands_in_scripts", commandsInScripts);
      figures.put("exec_us", execMicros);
      Map<String, long[]> byRole = new TreeMap<>();
      Map<String, long[]> byScript = new TreeMap<>();
      rows.forEach((key, row) -> {
        String[] parts = key.split("\t");
        add(byRole.computeIfAbsent(parts[0], r -> new long[2]), row);
        if (parts[1].startsWith("script ")) {
          add(byScript.computeIfAbsent(parts[1].substring("script ".length()), s -> new long[2]), row);
          add(byScript.computeIfAbsent(parts[1].substring("script ".length()) + "_from_" + parts[0],
            s -> new long[2]), row);
        }
      });
      byRole.forEach((role, row) -> {
        figures.put("commands_from_" + role, row[0]);
        figures.put("exec_us_from_" + role, row[1]);
      });
      byScript.forEach((script, row) -> {
        figures.put("script_" + script + "_calls", row[0]);
        figures.put("script_" + script + "_us", row[1]);
      });
      tagged.forEach((script, calls) -> figures.put("script_" + script + "_calls_tagged", calls));
      return figures;
    }

    private static void add(long[] sum, long[] row) {
      sum[0] += row[0];
      sum[1] += row[1];
    }
  }

  static Totals totals(JsonArray slowlog, Map<String, String> clients, Map<String, String> scripts, String hashTag) {
    Totals totals = new Totals();
    for (int i = 0; i < slowlog.size(); i++) {
      JsonArray entry = slowlog.getJsonArray(i);
      totals.entries++;
      long micros = entry.getLong(2);
      JsonArray argv = entry.getJsonArray(3);
      String client = entry.size() > 4 ? entry.getString(4) : "";
      if (client.startsWith("?")) {
        totals.commandsInScripts++;
        continue;
      }
      String command = argv.getString(0).toUpperCase(Locale.ROOT);
      if (OWN.contains(command)) {
        continue;
      }
      String what = switch (command) {
        case "EVALSHA", "EVALSHA_RO" -> "script " + scripts.getOrDefault(argv.getString(1).toLowerCase(Locale.ROOT),
          "sha:" + argv.getString(1).substring(0, Math.min(8, argv.getString(1).length())));
        case "EVAL", "EVAL_RO" -> "script " + scripts.getOrDefault(sha1(argv.getString(1)), "eval");
        default -> command;
      };
      totals.commands++;
      totals.execMicros += micros;
      long[] row = totals.rows.computeIfAbsent(clients.getOrDefault(client, "other") + "\t" + what, k -> new long[2]);
      row[0]++;
      row[1] += micros;
      if (hashTag != null && what.startsWith("script ") && carries(argv, hashTag)) {
        totals.tagged.merge(what.substring("script ".length()), 1L, Long::sum);
      }
    }
    return totals;
  }

  /** Whether a key of the script call (after the script and the key count) carries the hash tag. */
  private static boolean carries(JsonArray argv, String hashTag) {
    int keys = argv.size() > 2 && argv.getString(2).matches("[0-9]+") ? Integer.parseInt(argv.getString(2)) : 0;
    for (int i = 3; i < Math.min(argv.size(), 3 + keys); i++) {
      if (argv.getString(i).contains(hashTag)) {
        return true;
      }
    }
    return false;
  }

  static Map<String, String> clients(Path file) throws IOException {
    Map<String, String> clients = new HashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2) {
          clients.put(address(parts[0]), parts[1]);
        }
      }
    }
    return clients;
  }

  /** {@code host:port} as Redis writes it: ss writes a client on an IPv6 socket as {@code [::ffff:127.0.0.1]:port}. */
  static String address(String address) {
    return address.replaceFirst("^\\[(::ffff:)?([0-9.]+)]:", "$2:");
  }

  /** SHA-1 → name of every script below {@code root}, alone and with its sibling libraries before it. */
  static Map<String, String> scriptNames(Path root) throws IOException {
    return scriptNames(List.of(root));
  }

  /**
   * SHA-1 → name of every script below the roots, alone and with libraries before it: the files of the {@code lib/}
   * folder beside it, in every root (a service's scripts use libraries of the shared module at the same path).
   */
  static Map<String, String> scriptNames(List<Path> roots) throws IOException {
    Map<String, List<String>> librariesByFolder = new HashMap<>();
    Map<String, Path> scriptsByName = new TreeMap<>();
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path file : walk.filter(p -> p.toString().endsWith(".lua")).sorted().toList()) {
          String relative = root.relativize(file).toString().replace('\\', '/');
          String folder = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
          if (folder.equals("lib") || folder.endsWith("/lib")) {
            // A library is never run alone.
            librariesByFolder.computeIfAbsent(folder, f -> new ArrayList<>()).add(Files.readString(file));
          } else {
            scriptsByName.put(relative.substring(0, relative.length() - ".lua".length()), file);
          }
        }
      }
    }
    Map<String, String> names = new HashMap<>();
    for (Map.Entry<String, Path> script : scriptsByName.entrySet()) {
      String name = script.getKey();
      String source = Files.readString(script.getValue());
      String lib = (name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "") + "lib";
      for (String prefix : orderedSelections(librariesByFolder.getOrDefault(lib, List.of()))) {
        names.put(sha1(prefix + source), name);
      }
    }
    return names;
  }

  /** Every ordered choice of distinct libraries (none included), each library followed by a newline. */
  private static List<String> orderedSelections(List<String> libraries) {
    List<String> out = new ArrayList<>();
    out.add("");
    for (int i = 0; i < libraries.size(); i++) {
      List<String> rest = new ArrayList<>(libraries);
      String library = rest.remove(i);
      for (String tail : orderedSelections(rest)) {
        out.add(library + "\n" + tail);
      }
    }
    return out.stream().distinct().toList();
  }

  static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
