package io.ticketping.gateway;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Hand-made JWTs for hostile-token tests: forged, expired, unsigned, foreign. */
final class TestJwts {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private TestJwts() {
  }

  static String hs256(String secret, JsonObject claims) {
    String unsigned = part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + part(claims);
    return unsigned + "." + B64.encodeToString(hmac(secret, unsigned));
  }

  static String unsigned(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
  }

  static JsonObject claims(String subject, long expiresAtSeconds, String issuer, String role) {
    return new JsonObject().put("sub", subject).put("iss", issuer).put("exp", expiresAtSeconds)
      .put("iat", expiresAtSeconds - 900).put("roles", new io.vertx.core.json.JsonArray().add(role))
      .put("sid", "hand-made-session");
  }

  static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static String part(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
