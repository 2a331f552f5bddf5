package io.ticketping.booking;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The fixed facts of one seat: where it is, its grade and price. Its state lives in the seat map. */
public record SeatInfo(long seatId, int row, int col, String grade, long price) {

  static SeatInfo from(Row row) {
    return new SeatInfo(row.getLong("id"), row.getInteger("seat_row"), row.getInteger("seat_col"),
      row.getString("grade"), row.getLong("price"));
  }

  JsonObject toJson() {
    return new JsonObject().put("seatId", seatId).put("row", row).put("col", col).put("grade", grade)
      .put("price", price);
  }
}
