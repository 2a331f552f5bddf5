package io.ticketping.gateway.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' message catalogs ({@code webroot/assets/js/i18n/en.js} and {@code ko.js}): Korean has every English text
 * (plurals by their {@code .other} form: Korean has no other), with the same placeholders, in Korean; it may add
 * translations of the API's problems, which English leaves to the server's own words; and every key the pages ask
 * for by name exists.
 */
class MessageCatalogsTest {

  private static final String JS = "webroot/assets/js/";
  private static final Pattern ENTRY = Pattern.compile("^\\s*'([\\w.-]+)':\\s*'((?:[^'\\\\]|\\\\.)*)',\\s*$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
  private static final Pattern PLURAL = Pattern.compile("\\.(zero|one|two|few|many)$");
  /** t('key' / tx('key' with a literal key; keys built at run time (`order.status.${status}`) are not seen here. */
  private static final Pattern USE = Pattern.compile("\\btx?\\('([\\w.-]+)'");
  private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3]");
  private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");
  /** Korean texts that rightly hold no Hangul, or a Latin word: the switch to English, names and key caps. */
  private static final Set<String> LATIN_ALLOWED = Set.of("TicketPing", "English", "en", "JSON");
  private static final Set<String> NO_HANGUL = Set.of("lang.switch", "lang.switch.code", "seats.seat");

  @Test
  @DisplayName("Korean has every English text with the same placeholders, and only problem translations besides")
  void catalogsMatch() throws IOException {
    Map<String, String> en = normalized(catalog("en"));
    Map<String, String> ko = normalized(catalog("ko"));
    assertThat(ko.keySet()).as("English keys missing from ko.js").containsAll(en.keySet());
    assertThat(ko.keySet().stream().filter(key -> !en.containsKey(key)))
      .as("keys only Korean has: translations of API problems").allMatch(key -> key.startsWith("problem."));
    for (String key : en.keySet()) {
      assertThat(placeholders(ko.get(key))).as("placeholders of " + key).isEqualTo(placeholders(en.get(key)));
    }
  }

  @Test
  @DisplayName("every Korean text is Korean: Hangul, and no Latin word but names")
  void koreanIsKorean() throws IOException {
    for (Map.Entry<String, String> entry : catalog("ko").entrySet()) {
      String text = PLACEHOLDER.matcher(entry.getValue()).replaceAll("");
      if (!NO_HANGUL.contains(entry.getKey())) {
        assertThat(HANGUL.matcher(text).find()).as("Hangul in " + entry.getKey()).isTrue();
      }
      Matcher words = LATIN_WORD.matcher(text);
      while (words.find()) {
        assertThat(LATIN_ALLOWED).as("Latin word in " + entry.getKey()).contains(words.group());
      }
    }
  }

  @Test
  @DisplayName("every key a page asks for by name is in the English catalog")
  void usedKeysExist() throws IOException, URISyntaxException {
    Set<String> known = normalized(catalog("en")).keySet();
    Set<String> missing = new TreeSet<>();
    Path root = Path.of(getClass().getClassLoader().getResource(JS + "app.js").toURI()).getParent();
    List<Path> scripts;
    try (Stream<Path> files = Files.walk(root)) {
      scripts = files.filter(f -> f.toString().endsWith(".js") && !f.getParent().endsWith("i18n")).toList();
    }
    assertThat(scripts).as("page scripts found").hasSizeGreaterThan(10);
    for (Path script : scripts) {
      Matcher use = USE.matcher(Files.readString(script));
      while (use.find()) {
        String key = use.group(1);
        if (!known.contains(key) && !known.contains(key + ".other")) {
          missing.add(script.getFileName() + ": " + key);
        }
      }
    }
    assertThat(missing).as("keys used but not in en.js").isEmpty();
  }

  /** key → text, one entry per line as the catalogs are written (a line that looks like an entry must parse). */
  private static Map<String, String> catalog(String lang) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    try (InputStream in = MessageCatalogsTest.class.getClassLoader().getResourceAsStream(JS + "i18n/" + lang + ".js")) {
      assertThat(in).as(lang + ".js").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.trim().startsWith("'")) {
          continue;
        }
        Matcher entry = ENTRY.matcher(line);
        assertThat(entry.matches()).as("an entry of " + lang + ".js: " + line).isTrue();
        assertThat(entries.put(entry.group(1), entry.group(2))).as("twice in " + lang + ".js: " + entry.group(1))
          .isNull();
      }
    }
    assertThat(entries).as(lang + ".js entries").hasSizeGreaterThan(100);
    return entries;
  }

  /** Plural forms under their {@code .other} key; a language without a form has only that one. */
  private static Map<String, String> normalized(Map<String, String> catalog) {
    Map<String, String> out = new LinkedHashMap<>();
    catalog.forEach((key, text) -> {
      Matcher plural = PLURAL.matcher(key);
      if (!plural.find()) {
        out.merge(key, text, (a, b) -> a);
      } else {
        out.putIfAbsent(plural.replaceAll(".other"), text);
      }
    });
    return out;
  }

  private static Set<String> placeholders(String text) {
    return PLACEHOLDER.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
  }
}
