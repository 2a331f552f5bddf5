package io.ticketping.shared.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package cycles of a module's sources: package A uses package B (an import, a static import or a fully
 * qualified name of ours in code) and B uses A, directly or through others. Read from the sources, not the classes,
 * so comments and strings are skipped but an import kept only for Javadoc counts. Packages are lower case and types
 * start with an upper-case letter, as everywhere in this code. Used by each module's package-cycle test.
 */
public final class PackageCycles {

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /** A name of ours: its package, then a type (or {@code *} in an import on demand). */
  private static final Pattern QUALIFIED =
    Pattern.compile("(?<![\\w.])(io\\.ticketping(?:\\.[a-z_][a-z0-9_]*)*)\\s*\\.\\s*(?:[A-Z]\\w*|\\*)");

  private PackageCycles() {
  }

  /**
   * Every cycle among the packages of the {@code .java} files under {@code sourceRoot}, one line each: its packages
   * and, per dependency in it, a file that makes it. Empty when there is none.
   */
  public static List<String> in(Path sourceRoot) {
    Map<String, Map<String, String>> uses = dependencies(sourceRoot);
    List<String> cycles = new ArrayList<>();
    for (Set<String> component : new Components(uses).strong()) {
      if (component.size() < 2) {
        continue;
      }
      StringBuilder line = new StringBuilder("cycle among ").append(component).append(':');
      for (String from : component) {
        uses.get(from).forEach((to, file) -> {
          if (component.contains(to)) {
            line.append(' ').append(from).append(" -> ").append(to).append(" (").append(file).append(')');
          }
        });
      }
      cycles.add(line.toString());
    }
    return cycles;
  }

  /** Package to the packages of {@code sourceRoot} it uses, each with the first file that does. */
  static Map<String, Map<String, String>> dependencies(Path sourceRoot) {
    Map<String, List<Path>> files = new TreeMap<>();
    Map<Path, String> code = new HashMap<>();
    try (Stream<Path> paths = Files.walk(sourceRoot)) {
      for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String text = codeOnly(Files.readString(file));
        Matcher declared = PACKAGE.matcher(text);
        String pkg = declared.find() ? declared.group(1) : "";
        files.computeIfAbsent(pkg, p -> new ArrayList<>()).add(file);
        code.put(file, text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Map<String, String>> uses = new TreeMap<>();
    files.forEach((pkg, inPackage) -> {
      Map<String, String> used = uses.computeIfAbsent(pkg, p -> new TreeMap<>());
      for (Path file : inPackage) {
        Matcher name = QUALIFIED.matcher(code.get(file));
        while (name.find()) {
          String target = name.group(1);
          if (!target.equals(pkg) && files.containsKey(target)) {
            used.putIfAbsent(target, sourceRoot.relativize(file).toString());
          }
        }
      }
    });
    return uses;
  }

  /** {@code source} with its comments, string and character literals blanked out. */
  static String codeOnly(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = skipTo(source, i, "\n");
      } else if (source.startsWith("/*", i)) {
        i = skipTo(source, i + 2, "*/");
      } else if (source.startsWith("\"\"\"", i)) {
        i = skipLiteral(source, i + 3, "\"\"\"");
      } else if (c == '"' || c == '\'') {
        i = skipLiteral(source, i + 1, String.valueOf(c));
      } else {
        code.append(c);
        i++;
        continue;
      }
      code.append(' ');
    }
    return code.toString();
  }

  /** The index just past the next {@code end} from {@code from} (the end of the text when there is none). */
  private static int skipTo(String source, int from, String end) {
    int at = source.indexOf(end, from);
    return at < 0 ? source.length() : at + end.length();
  }

  /** The index just past the literal's closing {@code end}, escapes skipped. */
  private static int skipLiteral(String source, int from, String end) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(end, i)) {
        return i + end.length();
      } else {
        i++;
      }
    }
    return i;
  }

  /** Tarjan's strongly connected components of the package graph. */
  private static final class Components {

    private final Map<String, Map<String, String>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> found = new ArrayList<>();

    Components(Map<String, Map<String, String>> edges) {
      this.edges = edges;
    }

    List<Set<String>> strong() {
      edges.keySet().forEach(node -> {
        if (!index.containsKey(node)) {
          visit(node);
        }
      });
      return found;
    }

    private void visit(String node) {
      index.put(node, index.size());
      low.put(node, index.get(node));
      stack.push(node);
      onStack.add(node);
      for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
        if (!index.containsKey(next)) {
          visit(next);
          low.put(node, Math.min(low.get(node), low.get(next)));
        } else if (onStack.contains(next)) {
          low.put(node, Math.min(low.get(node), index.get(next)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        found.add(component);
      }
    }
  }
}
