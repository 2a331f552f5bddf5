package io.ticketping.gateway.queue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UserPlacesTest {

  @Test
  @DisplayName("every user of a long line finds its place; users not in it find none")
  void placesOfALongLine() {
    Random random = new Random(42);
    Map<Long, Integer> expected = new HashMap<>();
    UserPlaces places = new UserPlaces(100_000);
    for (int place = 1; place <= 100_000; place++) {
      // Sequential ids, as accounts get them, mixed with scattered large ones.
      long user = place % 3 == 0 ? 1 + random.nextLong(Long.MAX_VALUE - 1) : place * 7L;
      if (expected.putIfAbsent(user, place) == null) {
        places.putIfAbsent(user, place);
      }
    }

    assertThat(places.size()).isEqualTo(expected.size());
    expected.forEach((user, place) -> assertThat(places.placeOf(user)).as("user %d", user).isEqualTo(place));
    assertThat(places.placeOf(8)).isZero();
    assertThat(places.placeOf(0)).isZero();
    assertThat(places.placeOf(-7)).isZero();
  }

  @Test
  @DisplayName("a user keeps its first place, and ids that are not positive are not recorded")
  void firstPlaceWins() {
    UserPlaces places = new UserPlaces(2);

    places.putIfAbsent(5, 1);
    places.putIfAbsent(5, 2);
    places.putIfAbsent(0, 3);
    places.putIfAbsent(-1, 4);

    assertThat(places.placeOf(5)).isEqualTo(1);
    assertThat(places.size()).isEqualTo(1);
  }
}
