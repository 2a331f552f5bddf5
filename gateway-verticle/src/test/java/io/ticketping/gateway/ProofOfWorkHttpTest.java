package io.ticketping.gateway;

import io.ticketping.gateway.queue.pow.Challenge;
import io.ticketping.gateway.queue.pow.ChallengeSigner;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Proof of work on entering a queue, through the gateway: off by default, and when on, only a fresh own solution. */
@ExtendWith(VertxExtension.class)
class ProofOfWorkHttpTest {

  /** Small, so that the test solves in milliseconds; the checks are the same at any difficulty. */
  private static final int DIFFICULTY = 8;
  private static final String PROOF_PROBLEM = "urn:ticketping:problem:proof-of-work";
  private static final long REFRESH_MILLIS = 200;

  private GatewayFixture gw;
  private String admin;
  private String ann;
  private String bob;

  @BeforeEach
  void start(Vertx vertx) {
    // Quick re-reads of the settings, for the gateway JVM that hears of a change only from Redis.
    gw = GatewayFixture.startWithQueue(vertx,
      config -> config.getJsonObject("proofOfWork").put("refreshMillis", REFRESH_MILLIS));
    admin = gw.tokenFor(999_999, "ADMIN");
    ann = gw.tokenFor(1, "USER");
    bob = gw.tokenFor(2, "USER");
    for (String show : new String[] {"pow", "other"}) {
      HttpResponse<Buffer> configured = gw.client.put("/api/v1/admin/shows/" + show + "/queue")
        .bearerTokenAuthentication(admin).sendJsonObject(new JsonObject().put("capacity", 0)).await();
      assertThat(configured.statusCode()).as(configured.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("off by default: entering needs no body, as before, and a challenge says difficulty 0")
  void offByDefault() {
    assertThat(enter("pow", ann, null).statusCode()).isEqualTo(200);
    assertThat(enter("pow", bob, new JsonObject().put("challenge", "anything").put("nonce", "1")).statusCode())
      .as("a proof sent to a show that asks for none is ignored").isEqualTo(200);
    JsonObject challenge = challenge("pow", ann);
    assertThat(challenge.getInteger("difficulty")).isZero();
    assertThat(challenge.getString("challenge")).isNotBlank();
    JsonObject setting = gw.client.get("/api/v1/admin/shows/pow/queue/proof-of-work").bearerTokenAuthentication(admin)
      .send().await().bodyAsJsonObject();
    assertThat(setting.getBoolean("enabled")).isFalse();
    assertThat(setting.getInteger("defaultDifficulty")).isEqualTo(defaultDifficulty());
  }

  @Test
  @DisplayName("when on, an entry without a proof, with a wrong nonce, a tampered, expired, too easy, another "
    + "user's or another show's challenge, or a replay is refused with a 4xx naming the field; a right one enters")
  void onlyAFreshOwnSolutionEnters() {
    JsonObject on = setProof(new JsonObject().put("enabled", true));
    assertThat(on.getInteger("difficulty")).as("on without a difficulty: the default").isEqualTo(defaultDifficulty());
    assertThat(setProof(new JsonObject().put("difficulty", DIFFICULTY)).getBoolean("enabled")).isTrue();

    assertRefused(enter("pow", ann, null), 400, "challenge");
    assertThat(enter("pow", ann, null).bodyAsJsonObject().getInteger("difficulty")).isEqualTo(DIFFICULTY);
    String token = challenge("pow", ann).getString("challenge");
    String nonce = Proofs.solve(token, DIFFICULTY);
    assertRefused(enter("pow", ann, proof(token, Proofs.wrong(token, DIFFICULTY))), 400, "nonce");
    assertRefused(enter("pow", ann, new JsonObject().put("challenge", token)), 400, "nonce");
    assertRefused(enter("pow", bob, proof(token, nonce)), 403, "challenge");
    String tampered = token.replaceFirst("^.", token.charAt(0) == 'M' ? "N" : "M");
    assertRefused(enter("pow", ann, proof(tampered, Proofs.solve(tampered, DIFFICULTY))), 400, "challenge");
    String otherShow = challenge("other", ann).getString("challenge");
    assertRefused(enter("pow", ann, proof(otherShow, Proofs.solve(otherShow, DIFFICULTY))), 403, "challenge");
    Challenge expired = signer().issue(1, "pow", DIFFICULTY, System.currentTimeMillis() - 1);
    assertRefused(enter("pow", ann, proof(expired.token(), Proofs.solve(expired.token(), DIFFICULTY))), 400,
      "challenge");
    HttpResponse<Buffer> badNonce = enter("pow", ann, proof(token, "12ab"));
    assertThat(badNonce.statusCode()).as("a nonce that is no number, refused by the document").isEqualTo(400);
    assertThat(badNonce.bodyAsJsonObject().getString("field")).isEqualTo("nonce");

    HttpResponse<Buffer> entered = enter("pow", ann, proof(token, nonce));
    assertThat(entered.statusCode()).as(entered.bodyAsString()).isEqualTo(200);
    assertThat(entered.bodyAsJsonObject().getLong("position")).isEqualTo(1);
    assertRefused(enter("pow", ann, proof(token, nonce)), 409, "challenge");

    // A raise makes the challenges handed out before it too easy; a fresh one at the new difficulty enters.
    String before = challenge("pow", bob).getString("challenge");
    setProof(new JsonObject().put("difficulty", DIFFICULTY + 2));
    assertRefused(enter("pow", bob, proof(before, Proofs.solve(before, DIFFICULTY))), 400, "challenge");
    JsonObject harder = challenge("pow", bob);
    assertThat(harder.getInteger("difficulty")).isEqualTo(DIFFICULTY + 2);
    String bobs = harder.getString("challenge");
    assertThat(enter("pow", bob, proof(bobs, Proofs.solve(bobs, DIFFICULTY + 2))).statusCode()).isEqualTo(200);

    setProof(new JsonObject().put("enabled", false));
    assertThat(enter("pow", gw.tokenFor(3, "USER"), null).statusCode()).as("off again").isEqualTo(200);
  }

  @Test
  @DisplayName("the setting is refused for a buyer, and refused when contradictory or out of range")
  void settingIsGuarded() {
    HttpResponse<Buffer> buyer = gw.client.put("/api/v1/admin/shows/pow/queue/proof-of-work")
      .bearerTokenAuthentication(ann).sendJsonObject(new JsonObject().put("enabled", true)).await();
    assertThat(buyer.statusCode()).isEqualTo(403);
    for (JsonObject bad : new JsonObject[] {new JsonObject(), new JsonObject().put("difficulty", 31),
      new JsonObject().put("enabled", false).put("difficulty", 4), new JsonObject().put("difficulty", "hard")}) {
      HttpResponse<Buffer> refused = gw.client.put("/api/v1/admin/shows/pow/queue/proof-of-work")
        .bearerTokenAuthentication(admin).sendJsonObject(bad).await();
      assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
    }
    assertThat(enter("pow", ann, null).statusCode()).as("still off").isEqualTo(200);
  }

  @Test
  @DisplayName("another gateway JVM (its own Vert.x, no event bus shared) asks for the proof within moments of a "
    + "change, from the settings it re-reads")
  void anotherGatewayLearnsTheChange() {
    Vertx elsewhere = Vertx.vertx();
    try {
      GatewayVerticle other = new GatewayVerticle();
      elsewhere.deployVerticle(other, new DeploymentOptions().setConfig(gw.config)).await();
      WebClient client = WebClient.create(elsewhere, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(other.actualPort()));
      assertThat(difficultyAt(client)).isZero();

      setProof(new JsonObject().put("difficulty", DIFFICULTY));
      long changed = System.currentTimeMillis();
      while (difficultyAt(client) != DIFFICULTY) {
        assertThat(System.currentTimeMillis() - changed).as("ms until the other gateway knew").isLessThan(5_000);
        Waits.later(elsewhere, 50).await();
      }
      HttpResponse<Buffer> without = client.post("/api/v1/queue/pow").bearerTokenAuthentication(ann).send().await();
      assertRefused(without, 400, "challenge");
    } finally {
      elsewhere.close().await();
    }
  }

  private int difficultyAt(WebClient client) {
    return client.get("/api/v1/queue/pow/challenge").bearerTokenAuthentication(ann).send().await()
      .bodyAsJsonObject().getInteger("difficulty");
  }

  private int defaultDifficulty() {
    return gw.config.getJsonObject("proofOfWork").getInteger("defaultDifficulty");
  }

  private ChallengeSigner signer() {
    return ChallengeSigner.of(gw.config.getJsonObject("proofOfWork"), gw.config.getJsonObject("jwt"));
  }

  private JsonObject setProof(JsonObject change) {
    HttpResponse<Buffer> set = gw.client.put("/api/v1/admin/shows/pow/queue/proof-of-work")
      .bearerTokenAuthentication(admin).sendJsonObject(change).await();
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    return set.bodyAsJsonObject();
  }

  private JsonObject challenge(String show, String token) {
    HttpResponse<Buffer> issued = gw.client.get("/api/v1/queue/" + show + "/challenge").bearerTokenAuthentication(token)
      .send().await();
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(200);
    assertThat(issued.bodyAsJsonObject().getLong("expiresAt")).isGreaterThan(System.currentTimeMillis());
    return issued.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> enter(String show, String token, JsonObject body) {
    var request = gw.client.post("/api/v1/queue/" + show).bearerTokenAuthentication(token);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static JsonObject proof(String challenge, String nonce) {
    return new JsonObject().put("challenge", challenge).put("nonce", nonce);
  }

  private static void assertRefused(HttpResponse<Buffer> answer, int status, String field) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(status);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = answer.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(PROOF_PROBLEM);
    assertThat(problem.getString("field")).isEqualTo(field);
  }
}
