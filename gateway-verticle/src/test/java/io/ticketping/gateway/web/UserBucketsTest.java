package io.ticketping.gateway.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserBucketsTest {

  @Test
  @DisplayName("a burst up to the capacity passes, the next poll waits for the refill, other users are not affected")
  void burstThenWait() {
    UserBuckets buckets = new UserBuckets(3, 2);
    long now = 1_000_000;
    assertThat(buckets.take(1, now)).isZero();
    assertThat(buckets.take(1, now)).isZero();
    assertThat(buckets.take(1, now)).isZero();
    assertThat(buckets.take(1, now)).as("ms until a token").isEqualTo(500);
    assertThat(buckets.take(2, now)).isZero();
    assertThat(buckets.take(1, now + 500)).as("refilled at 2 per second").isZero();
  }

  @Test
  @DisplayName("buckets that have refilled completely are dropped; the others are kept")
  void pruneFullBuckets() {
    UserBuckets buckets = new UserBuckets(4, 2); // a bucket refills completely in 2 s
    buckets.take(1, 0);
    buckets.take(2, 1_500);
    buckets.prune(2_000);
    assertThat(buckets.size()).isEqualTo(1);
    buckets.prune(3_500);
    assertThat(buckets.size()).isZero();
  }
}
