package io.ticketping.gateway;

import io.ticketping.gateway.queue.pow.Challenge;
import io.ticketping.gateway.queue.pow.ChallengeSigner;
import io.ticketping.gateway.queue.pow.ProofSettings;
import io.ticketping.gateway.queue.pow.ProofVerifier;
import io.ticketping.gateway.queue.pow.UsedChallenges;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checking a proof of work costs no Redis call: Redis's own count of each command it ran (INFO commandstats) does not
 * move, apart from the INFO calls themselves and the ended-sessions feed's timer (XRANGE, twice a second), while
 * thousands of proofs are checked, directly and through entries over HTTP.
 */
@ExtendWith(VertxExtension.class)
class ProofVerificationCostTest {

  private static final int DIFFICULTY = 8;
  /** Commands that run whatever the requests: the counting itself, and the ended-sessions feed. */
  private static final Set<String> BACKGROUND = Set.of("info", "xrange");

  private GatewayFixture gw;
  private Redis redis;

  @BeforeEach
  void start(Vertx vertx) {
    // The standalone server, whose counts are the whole story; the settings are not re-read during the test.
    String url = TestServers.get().redis().url();
    gw = GatewayFixture.start(vertx, config -> {
      config.getJsonObject("redis").put("cluster", false).put("url", url);
      config.getJsonObject("proofOfWork").put("refreshMillis", 3_600_000);
    });
    redis = Redis.createClient(vertx, url);
    HttpResponse<Buffer> on = gw.client.put("/api/v1/admin/shows/pow/queue/proof-of-work")
      .bearerTokenAuthentication(gw.tokenFor(999_999, "ADMIN"))
      .sendJsonObject(new JsonObject().put("difficulty", DIFFICULTY)).await();
    assertThat(on.statusCode()).as(on.bodyAsString()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  @Test
  @DisplayName("10,000 checks of the verifier (right, replayed and wrong proofs) run no Redis command")
  void verifierAlone() {
    ProofVerifier verifier = new ProofVerifier(ProofSettings.of(gw.vertx), signer(),
      new UsedChallenges(gw.vertx, 10_000));
    List<JsonObject> proofs = solvedProofs(4_000);
    long now = System.currentTimeMillis();
    Map<String, Long> before = commandCounts();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < proofs.size(); i++) {
      JsonObject proof = proofs.get(i);
      long userId = i + 1;
      accepted += verifier.refusal(proof, userId, "pow", now) == null ? 1 : 0;
      refused += verifier.refusal(proof, userId, "pow", now) != null ? 1 : 0;
      if (i % 2 == 0) {
        refused += verifier.refusal(proof.copy().put("nonce", Proofs.wrong(proof.getString("challenge"), DIFFICULTY)),
          userId, "pow", now) != null ? 1 : 0;
      }
    }
    Map<String, Long> after = commandCounts();

    assertThat(accepted).isEqualTo(4_000);
    assertThat(refused).isEqualTo(6_000);
    assertThat(ranMeanwhile(before, after)).as("Redis commands run during the checks").isEmpty();
  }

  @Test
  @DisplayName("300 entries over HTTP whose proofs are checked (100 right, 100 replayed, 100 wrong) run no Redis "
    + "command: the right ones go on to the queue service (absent here, so 503), the others are refused")
  void entriesOverHttp() {
    List<JsonObject> proofs = solvedProofs(100);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < proofs.size(); i++) {
      tokens.add(gw.tokenFor(i + 1, "USER"));
    }
    Map<String, Long> before = commandCounts();
    List<Integer> right = statuses(proofs, tokens);
    List<Integer> replayed = statuses(proofs, tokens);
    List<JsonObject> wrong = proofs.stream().map(p -> p.copy()
      .put("nonce", Proofs.wrong(p.getString("challenge"), DIFFICULTY))).toList();
    List<Integer> refused = statuses(wrong, tokens);
    Map<String, Long> after = commandCounts();

    assertThat(right).as("past the check, on to the absent queue service").containsOnly(503);
    assertThat(replayed).containsOnly(409);
    assertThat(refused).containsOnly(400);
    assertThat(ranMeanwhile(before, after)).as("Redis commands run during the entries").isEmpty();
  }

  private List<Integer> statuses(List<JsonObject> proofs, List<String> tokens) {
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < proofs.size(); i++) {
      answers.add(gw.client.post("/api/v1/queue/pow").bearerTokenAuthentication(tokens.get(i))
        .sendJsonObject(proofs.get(i)));
    }
    Future.all(answers).await();
    return answers.stream().map(a -> a.result().statusCode()).toList();
  }

  /** {@code count} proofs, the i-th solved for user i + 1 at the show "pow". */
  private List<JsonObject> solvedProofs(int count) {
    ChallengeSigner signer = signer();
    long expiresAt = System.currentTimeMillis() + 600_000;
    List<JsonObject> proofs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Challenge challenge = signer.issue(i + 1, "pow", DIFFICULTY, expiresAt);
      proofs.add(new JsonObject().put("challenge", challenge.token())
        .put("nonce", Proofs.solve(challenge.token(), DIFFICULTY)));
    }
    return proofs;
  }

  private ChallengeSigner signer() {
    return ChallengeSigner.of(gw.config.getJsonObject("proofOfWork"), gw.config.getJsonObject("jwt"));
  }

  /** Calls per command since the server started, as INFO commandstats says. */
  private Map<String, Long> commandCounts() {
    String info = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
    Map<String, Long> calls = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String count = line.substring(line.indexOf("calls=") + "calls=".length());
        calls.put(name, Long.parseLong(count.substring(0, count.indexOf(','))));
      }
    }
    return calls;
  }

  /** The commands other than the background ones whose count grew from {@code before} to {@code after}. */
  private static Map<String, Long> ranMeanwhile(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> ran = new HashMap<>();
    after.forEach((command, calls) -> {
      long grew = calls - before.getOrDefault(command, 0L);
      if (grew > 0 && !BACKGROUND.contains(command)) {
        ran.put(command, grew);
      }
    });
    return ran;
  }
}
