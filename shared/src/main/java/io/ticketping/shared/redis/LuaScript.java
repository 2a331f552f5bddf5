package io.ticketping.shared.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script kept as a classpath resource and run with {@code EVALSHA}. The SHA-1 is computed here once, so the
 * script text crosses the wire only when Redis answers {@code NOSCRIPT} (after a restart or a {@code SCRIPT FLUSH}),
 * and then once, with {@code EVAL}, which also caches it on that server.
 */
public final class LuaScript {

  private final String name;
  private final String source;
  private final String sha1;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha1 = sha1Hex(source);
  }

  /** Loads {@code resource} (e.g. {@code lua/rate_limit.lua}) from the classpath of {@code owner}. */
  public static LuaScript fromResource(Class<?> owner, String resource) {
    return new LuaScript(resource, read(owner, resource));
  }

  /**
   * Loads {@code resource} with {@code libraries} placed before it, in that order, in one chunk: a library's
   * {@code local} functions are visible to the libraries after it and to the script, so helpers several scripts need
   * are written once (Redis runs each script as one chunk and has no {@code require}).
   */
  public static LuaScript withLibraries(Class<?> owner, String resource, String... libraries) {
    StringBuilder source = new StringBuilder();
    for (String library : libraries) {
      source.append(read(owner, library)).append('\n');
    }
    return new LuaScript(resource, source.append(read(owner, resource)).toString());
  }

  private static String read(Class<?> owner, String resource) {
    try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("Lua script not found on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public String sha1() {
    return sha1;
  }

  /**
   * Runs the script. {@code keysAndArgs} holds the keys first, then the arguments; {@code numKeys} says how many are
   * keys. All keys of one call must share a hash tag so that the script stays valid on Redis Cluster.
   */
  public Future<Response> call(Redis redis, int numKeys, Object... keysAndArgs) {
    return redis.send(request(Command.EVALSHA, sha1, numKeys, keysAndArgs))
      .recover(e -> isNoScript(e)
        ? redis.send(request(Command.EVAL, source, numKeys, keysAndArgs))
        : Future.failedFuture(e));
  }

  private static Request request(Command command, String script, int numKeys, Object[] keysAndArgs) {
    Request request = Request.cmd(command).arg(script).arg(numKeys);
    for (Object value : keysAndArgs) {
      request.arg(String.valueOf(value));
    }
    return request;
  }

  private static boolean isNoScript(Throwable e) {
    String message = e.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  private static String sha1Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JVM", e);
    }
  }
}
