package io.ticketping.gateway.users;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;

/** An account as stored in {@code users}. */
public record User(long id, String email, String passwordHash, String nickname, String role, OffsetDateTime createdAt) {

  static User from(Row row) {
    return new User(row.getLong("id"), row.getString("email"), row.getString("password_hash"),
      row.getString("nickname"), row.getString("role"), row.getOffsetDateTime("created_at"));
  }

  /** The public view: never the password hash. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("userId", id)
      .put("email", email)
      .put("nickname", nickname)
      .put("role", role)
      .put("createdAt", createdAt.toString());
  }
}
