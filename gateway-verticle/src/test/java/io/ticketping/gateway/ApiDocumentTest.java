package io.ticketping.gateway;

import io.ticketping.gateway.web.ApiContract;
import io.ticketping.shared.booking.OrderLimits;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The API document describes exactly what the gateway serves, and is served with its docs page. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentTest {

  /** Routes that are no part of the API: the browser pages, the document itself and its docs page. */
  private static final Set<String> NOT_API = Set.of("GET /", "GET /assets/*", "GET /openapi.yaml", "GET /docs",
    "GET /docs/*");
  /** Operations of the document that a gateway serves only in some set-ups (metrics on, on the API port). */
  private static final Set<String> NOT_ALWAYS_SERVED = Set.of("GET /metrics");

  private GatewayVerticle gateway;
  private ApiContract contract;
  private WebClient client;

  @BeforeAll
  void start(Vertx vertx) {
    TestServers.get().reset();
    gateway = new GatewayVerticle();
    vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(TestServers.get().config())).await();
    contract = ApiContract.load(vertx).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(gateway.actualPort()));
  }

  @Test
  @DisplayName("every route the router serves is an operation of the document, and every operation is served")
  void routesAreTheDocument() {
    Set<String> served = new TreeSet<>();
    for (Route route : gateway.router().getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue;
      }
      String path = route.getPath().replaceAll(":(\\w+)", "{$1}") + (route.isExactPath() ? "" : "*");
      route.methods().forEach(method -> served.add(method.name() + " " + path));
    }
    Set<String> documented = new TreeSet<>();
    for (Operation operation : contract.contract().operations()) {
      documented.add(operation.getHttpMethod().name() + " " + operation.getOpenAPIPath());
    }

    assertThat(served).containsAll(NOT_API);
    Set<String> api = new TreeSet<>(served);
    api.removeAll(NOT_API);
    assertThat(documented).as("served routes the document lacks").containsAll(api);
    Set<String> expected = new TreeSet<>(api);
    expected.addAll(NOT_ALWAYS_SERVED);
    assertThat(expected).as("documented operations the router does not serve").containsAll(documented);
    assertThat(documented).hasSizeGreaterThan(30);
  }

  @Test
  @DisplayName("the hold body's most seats is the limit booking enforces")
  void seatLimitIsOneNumber() {
    JsonObject hold = contract.schemaAt("#/paths/~1api~1v1~1orders/post/requestBody/content/application~1json/schema");
    assertThat(hold.getJsonObject("properties").getJsonObject("seatIds").getInteger("maxItems"))
      .isEqualTo(OrderLimits.MAX_SEATS_PER_ORDER);
  }

  @Test
  @DisplayName("the document is served at /openapi.yaml, and /docs serves Swagger UI from the classpath")
  void documentAndDocsPage() {
    HttpResponse<Buffer> document = client.get("/openapi.yaml").send().await();
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.getHeader("Content-Type")).startsWith("application/yaml");
    assertThat(document.bodyAsString()).startsWith("openapi: 3.1.0").contains("operationId: holdSeats");

    HttpResponse<Buffer> page = client.get("/docs").send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("/docs/swagger-ui-bundle.js", "/docs/docs.js");
    // Swagger UI needs no loosening of the pages' policy (ApiDocsPageTest watches a real browser for violations).
    String policy = page.getHeader("Content-Security-Policy");
    assertThat(policy).contains("default-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe");
    assertThat(client.get("/").send().await().getHeader("Content-Security-Policy")).isEqualTo(policy);

    for (String file : new String[] {"/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/docs.js"}) {
      HttpResponse<Buffer> served = client.get(file).send().await();
      assertThat(served.statusCode()).as(file).isEqualTo(200);
      assertThat(served.getHeader("Content-Security-Policy")).as(file).isEqualTo(policy);
    }
    assertThat(client.get("/docs/nothing.js").send().await().statusCode()).isEqualTo(404);
    assertThat(client.request(HttpMethod.POST, "/docs").send().await().statusCode()).isEqualTo(405);
  }
}
