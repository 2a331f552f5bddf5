package io.ticketping.gateway.queue.pow;

import io.ticketping.gateway.web.ContractValidation;
import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Proof of work over HTTP: a buyer's challenge for a show, and the show's setting for its admin (off, or a
 * difficulty in leading zero bits; on without a difficulty takes {@code proofOfWork.defaultDifficulty}).
 */
public final class ProofRoutes {

  private final ProofSettings settings;
  private final ProofSettingsFeed feed;
  private final ChallengeSigner signer;
  private final long challengeTtlMillis;
  private final int defaultDifficulty;

  /** {@code proofConfig}: the {@code proofOfWork} section of the configuration. */
  public ProofRoutes(ProofSettings settings, ProofSettingsFeed feed, ChallengeSigner signer, JsonObject proofConfig) {
    this.settings = settings;
    this.feed = feed;
    this.signer = signer;
    this.challengeTtlMillis = proofConfig.getLong("challengeTtlSeconds") * 1000;
    this.defaultDifficulty = proofConfig.getInteger("defaultDifficulty");
  }

  /**
   * A fresh challenge for the caller at the show's current difficulty (0 when the show asks for none: entering then
   * needs no proof). Signed, not stored: issuing costs no Redis call either.
   */
  public void challenge(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    int difficulty = settings.difficulty(showId);
    Challenge challenge = signer.issue(Principal.of(ctx).userId(), showId, difficulty,
      System.currentTimeMillis() + challengeTtlMillis);
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(new JsonObject().put("challenge", challenge.token()).put("difficulty", difficulty)
      .put("expiresAt", challenge.expiresAtMillis()));
  }

  public void setting(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    ctx.json(answer(showId, settings.difficulty(showId)));
  }

  public void configure(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    JsonObject body = ContractValidation.body(ctx);
    Boolean enabled = body.getBoolean("enabled");
    Integer difficulty = body.getInteger("difficulty");
    if (Boolean.FALSE.equals(enabled) && difficulty != null && difficulty > 0) {
      ctx.fail(Problem.invalidField("enabled", "'enabled' false turns proof of work off: leave 'difficulty' out, "
        + "or make it 0.").toException());
      return;
    }
    int chosen = difficulty != null ? difficulty : Boolean.TRUE.equals(enabled) ? defaultDifficulty : 0;
    feed.change(showId, chosen).onSuccess(set -> ctx.json(answer(showId, set))).onFailure(ctx::fail);
  }

  private JsonObject answer(String showId, int difficulty) {
    return new JsonObject().put("showId", showId).put("enabled", difficulty > 0).put("difficulty", difficulty)
      .put("defaultDifficulty", defaultDifficulty);
  }
}
