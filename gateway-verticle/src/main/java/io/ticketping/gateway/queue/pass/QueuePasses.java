package io.ticketping.gateway.queue.pass;

import io.ticketping.gateway.cache.BoundedCache;
import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.UUID;

/**
 * Queue passes: ES256 JWTs naming the user ({@code sub}), the show ({@code show}), a pass id ({@code jti}) and the
 * expiry of the user's slot in the working set. Signed with a private key; anyone can check them with the public key
 * published at {@code /.well-known/jwks.json}. A valid signature is not enough on its own: {@link PassGuard} also asks
 * the queue whether the slot is still held, so leaving, expiry or a purchase revoke the pass at once (for a payment,
 * the order's live hold decides instead: {@link PassGuard#forPayment}).
 *
 * <p>ES256 signing is the costliest step of any queue answer (~80 µs of big-number arithmetic, {@link PassSigner}),
 * and a tick can admit hundreds of users at once. So a pass is signed once per slot (remembered by user, show and
 * expiry: an admitted user who polls again or reconnects gets the same pass) and on a worker thread, never on the
 * event loop. Checking a pass costs even more, and a rush checks one on every hold and payment: a token is verified
 * once per JVM and then recognised ({@link KnownPasses}). One instance belongs to one gateway verticle instance and is
 * used from its event loop only.
 */
public final class QueuePasses {

  private static final String ALGORITHM = "ES256";
  /** One signing thread for every gateway instance of this Vert.x: a burst of admissions takes at most one core. */
  private static final String SIGNER_POOL = "ticketping-queue-pass-signer";
  /** Passes remembered per instance (at most; two generations of half); at ~400 bytes each, a few MiB. */
  private static final int REMEMBERED = 16_384;
  private static final long PRUNE_EVERY_MS = 30_000;

  private final JWTAuth jwt;
  private final PassSigner signer;
  private final WorkerExecutor signing;
  private final BoundedCache<Slot, String> signed = new BoundedCache<>(REMEMBERED / 2);
  private final KnownPasses known;
  private final Vertx vertx;
  private final long pruner;
  private final String issuer;
  private final JsonObject jwks;

  public QueuePasses(Vertx vertx, JsonObject passConfig) {
    String privatePem = passConfig.getString("privateKeyPem", "");
    String publicPem = passConfig.getString("publicKeyPem", "");
    if (privatePem.isEmpty() || publicPem.isEmpty()) {
      throw new IllegalArgumentException("queuePass.privateKeyPem and queuePass.publicKeyPem must be set; "
        + "the launcher generates them when none are configured");
    }
    this.issuer = passConfig.getString("issuer");
    Es256Keys.Jwk jwk = Es256Keys.jwk(publicPem);
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(publicPem).setId(jwk.kid()))
      // Expiry is checked by verify, not here: signed() must also recognise an expired pass of ours.
      .setJWTOptions(new JWTOptions().setIssuer(issuer).setIgnoreExpiration(true)));
    this.signer = new PassSigner(privatePem, jwk.kid());
    this.signing = vertx.createSharedWorkerExecutor(SIGNER_POOL, 1);
    this.vertx = vertx;
    this.known = new KnownPasses(vertx);
    this.pruner = vertx.setPeriodic(PRUNE_EVERY_MS, id -> known.prune(System.currentTimeMillis()));
    this.jwks = new JsonObject().put("keys", new JsonArray().add(new JsonObject()
      .put("kty", "EC").put("crv", "P-256").put("alg", ALGORITHM).put("use", "sig")
      .put("kid", jwk.kid()).put("x", jwk.x()).put("y", jwk.y())));
  }

  /**
   * The pass for {@code userId} at {@code showId}, valid until {@code expiresAtMillis}: the one already signed for
   * this slot, else a new one signed on the signing thread.
   */
  public Future<String> issue(long userId, String showId, long expiresAtMillis) {
    Slot slot = new Slot(userId, showId, expiresAtMillis);
    String known = signed.get(slot);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return signing.executeBlocking(() -> sign(slot), false).onSuccess(pass -> signed.put(slot, pass, expiresAtMillis));
  }

  /** Adds the caller's pass to an ADMITTED status (a queue answer); other statuses pass through unchanged. */
  public Future<JsonObject> withPass(JsonObject status, String showId, long userId) {
    Long expiresAt = status.getLong("passExpiresAt");
    if (!"ADMITTED".equals(status.getString("status")) || expiresAt == null) {
      return Future.succeededFuture(status);
    }
    return issue(userId, showId, expiresAt).map(pass -> status.put("pass", pass));
  }

  /** Releases the signing thread. */
  public Future<Void> close() {
    vertx.cancelTimer(pruner);
    return signing.close();
  }

  private String sign(Slot slot) {
    String passId = UUID.randomUUID().toString();
    // The expiry is the slot's, to the second above it; set here (not as a lifetime) so the remembered pass agrees.
    long exp = (slot.expiresAtMillis() + 999) / 1000;
    String token = signer.sign(new JsonObject().put("iss", issuer).put("sub", Long.toString(slot.userId()))
      .put("show", slot.showId()).put("jti", passId).put("iat", System.currentTimeMillis() / 1000).put("exp", exp));
    known.remember(token, new QueuePass(slot.userId(), slot.showId(), passId, exp * 1000));
    return token;
  }

  /** The pass behind a token; fails for a tampered, expired, foreign or malformed one. */
  public Future<QueuePass> verify(String token) {
    return signed(token).compose(pass -> pass.expiresAtMillis() > System.currentTimeMillis()
      ? Future.succeededFuture(pass)
      : Future.failedFuture(new IllegalArgumentException("the pass expired")));
  }

  /**
   * The pass behind a token signed with our key, whether or not it has expired; fails for a tampered, foreign or
   * malformed one. Only for a request whose service checks something that outlives the pass (a payment: the hold).
   */
  public Future<QueuePass> signed(String token) {
    QueuePass pass = known.get(token);
    if (pass != null) {
      return Future.succeededFuture(pass);
    }
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      String subject = user.get("sub");
      String show = user.get("show");
      Number exp = user.get("exp");
      if (subject == null || show == null || exp == null) {
        throw new IllegalArgumentException("pass lacks sub, show or exp");
      }
      QueuePass checked = new QueuePass(Long.parseLong(subject), show, user.get("jti"), exp.longValue() * 1000);
      known.remember(token, checked);
      return checked;
    });
  }

  /** The JSON Web Key Set holding the public key. */
  public JsonObject jwks() {
    return jwks;
  }

  private record Slot(long userId, String showId, long expiresAtMillis) {
  }
}
