package io.ticketping.perf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The admin calls a simulation makes before its run: a fresh show of its own (so runs never share seats or a queue)
 * and the waiting-room settings the scenario needs. Blocking, for Gatling's {@code before()} hooks and the tools.
 */
public final class AdminApi {

  /** A created show: its id, and its one schedule's id. */
  public record Show(long showId, long scheduleId) {
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String adminToken;

  public AdminApi(String baseUrl, String adminToken) {
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  /** A show on sale now with one schedule of {@code rows} × {@code cols} seats at one price. */
  public Show createShow(String title, int rows, int cols) {
    JsonArray rowNumbers = new JsonArray();
    for (int row = 1; row <= rows; row++) {
      rowNumbers.add(row);
    }
    JsonObject show = new JsonObject()
      .put("title", title)
      .put("venue", "Perf Hall")
      .put("saleOpensAt", Instant.now().minusSeconds(60).toString())
      .put("schedules", new JsonArray().add(new JsonObject().put("startsAt", Instant.now().plus(Duration.ofDays(30)).toString())))
      .put("layout", new JsonObject().put("rows", rows).put("cols", cols).put("grades", new JsonArray()
        .add(new JsonObject().put("grade", "R").put("price", 100_000).put("rows", rowNumbers))));
    JsonObject created = send("POST", "/api/v1/admin/shows", show, 201);
    return new Show(created.getLong("showId"), created.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId"));
  }

  /** Changes the show's waiting room ({@code capacity}, {@code admitPerMinute}, ...); its stats. */
  public JsonObject configureQueue(long showId, JsonObject settings) {
    return send("PUT", "/api/v1/admin/shows/" + showId + "/queue", settings, 200);
  }

  /** Makes every entry of the show prove {@code bits} leading zero bits of work (0 turns it off); the setting. */
  public JsonObject proofOfWork(long showId, int bits) {
    return send("PUT", "/api/v1/admin/shows/" + showId + "/queue/proof-of-work", new JsonObject().put("difficulty", bits),
      200);
  }

  /** The show's outcome figures (waiting room and sale). */
  public JsonObject outcomes(long showId) {
    return send("GET", "/api/v1/admin/shows/" + showId + "/outcomes", null, 200);
  }

  /** The seat ids of a schedule, in layout order. */
  public long[] seatIds(long scheduleId) {
    JsonArray seats = send("GET", "/api/v1/schedules/" + scheduleId + "/seats", null, 200).getJsonArray("seats");
    long[] ids = new long[seats.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = seats.getJsonObject(i).getLong("seatId");
    }
    return ids;
  }

  private JsonObject send(String method, String path, JsonObject body, int expectedStatus) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(30))
      .header("Authorization", "Bearer " + adminToken)
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expectedStatus) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
