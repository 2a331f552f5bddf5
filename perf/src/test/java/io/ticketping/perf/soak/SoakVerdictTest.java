package io.ticketping.perf.soak;

import io.ticketping.perf.soak.SoakVerdict.Judgement;
import io.ticketping.perf.soak.SoakVerdict.Point;
import io.ticketping.perf.soak.SoakVerdict.State;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class SoakVerdictTest {

  /** Ten minutes of one sample a minute, after a warm-up of three. */
  private static List<Point> minutes(IntToDoubleFunction valueAtMinute) {
    List<Point> points = new ArrayList<>();
    for (int minute = 3; minute <= 13; minute++) {
      points.add(new Point(minute * 60.0, valueAtMinute.applyAsDouble(minute)));
    }
    return points;
  }

  @Test
  @DisplayName("a flat series with noise passes, for many draws of the noise")
  void flatWithNoise() {
    Random random = new Random(42);
    for (int run = 0; run < 200; run++) {
      // Heap used between collections: anywhere from 200 to 600 MiB at a sample.
      Judgement heap = SoakVerdict.judge("jvm_heap_used_mib", minutes(m -> 200 + 400 * random.nextDouble()), 0.10);
      assertThat(heap.state()).as("run %d: %s", run, heap).isEqualTo(State.FLAT);
      Judgement fds = SoakVerdict.judge("jvm_open_fds", minutes(m -> 10_400 + random.nextGaussian() * 20), 0.10);
      assertThat(fds.state()).as("run %d: %s", run, fds).isEqualTo(State.FLAT);
    }
  }

  @Test
  @DisplayName("a linear leak fails, also under noise")
  void linearLeak() {
    Random random = new Random(7);
    // 2 MiB a minute on 300 MiB: 120 MiB an hour, 40% of the mean.
    Judgement oldGen = SoakVerdict.judge("jvm_old_gen_used_mib", minutes(m -> 300 + 2 * m + random.nextGaussian()), 0.10);
    assertThat(oldGen.state()).isEqualTo(State.GROWING);
    assertThat(oldGen.growthPerHour()).isCloseTo(120, offset(10.0));
    // One leaked descriptor a second, on 10,000 open connections.
    assertThat(SoakVerdict.judge("jvm_open_fds", minutes(m -> 10_000 + 60 * m), 0.10).state()).isEqualTo(State.GROWING);
  }

  @Test
  @DisplayName("growth under the allowance passes: a tenth of the mean per hour, or the unit's floor for tiny series")
  void smallGrowth() {
    // 5% of the mean an hour, noiseless: a real slope, but within the allowance.
    assertThat(SoakVerdict.judge("redis_keys", minutes(m -> 20_000 + 1_000.0 / 60 * m), 0.10).state())
      .isEqualTo(State.FLAT);
    // Consumer lag creeping from 0 by one record a minute: 60 an hour, under the floor of 100.
    assertThat(SoakVerdict.judge("kafka_consumer_lag", minutes(m -> m - 3), 0.10).state()).isEqualTo(State.FLAT);
    // A stuck consumer: lag 300 more every five minutes.
    assertThat(SoakVerdict.judge("kafka_consumer_lag", minutes(m -> 300 * (m / 5)), 0.10).state())
      .isEqualTo(State.GROWING);
  }

  @Test
  @DisplayName("a shrinking series and a perfectly flat one are flat")
  void shrinkingAndConstant() {
    assertThat(SoakVerdict.judge("pg_table_outbox_bytes", minutes(m -> 1e8 - 1e6 * m), 0.10).state())
      .isEqualTo(State.FLAT);
    Judgement constant = SoakVerdict.judge("redis_used_memory_bytes", minutes(m -> 5e7), 0.10);
    assertThat(constant.state()).isEqualTo(State.FLAT);
    assertThat(constant.t()).isZero();
  }

  @Test
  @DisplayName("the CSV is judged per series after the warm-up and in the last window only")
  void windowOfTheCsv() {
    List<String> csv = new ArrayList<>();
    csv.add("time_utc,elapsed_seconds,series,value");
    for (int minute = 0; minute <= 20; minute++) {
      String time = "2026-01-01T00:" + String.format("%02d", minute) + ":00Z," + minute * 60 + ",";
      // Grows fast during the first two minutes (the warm-up), flat after.
      csv.add(time + "jvm_rss_mib," + (minute < 2 ? 100 * minute : 800));
      // Flat for ten minutes, then leaks for the last ten.
      csv.add(time + "jvm_open_fds," + (minute <= 10 ? 500 : 500 + 60 * (minute - 10)));
    }
    csv.add("2026-01-01T00:21:00Z,1260,redis_keys,");
    List<Judgement> judgements = SoakVerdict.judgeAll(csv, 120, 600, 0.10);
    assertThat(judgements).extracting(Judgement::series).containsExactly("jvm_open_fds", "jvm_rss_mib");
    assertThat(judgements.get(0).state()).isEqualTo(State.GROWING);
    assertThat(judgements.get(0).samples()).isEqualTo(11);
    assertThat(judgements.get(1).state()).isEqualTo(State.FLAT);
  }

  @Test
  @DisplayName("fewer than four samples in the window are not judged")
  void tooShort() {
    List<Point> three = List.of(new Point(0, 1), new Point(60, 1000), new Point(120, 2000));
    assertThat(SoakVerdict.judge("jvm_rss_mib", three, 0.10).state()).isEqualTo(State.TOO_FEW_SAMPLES);
  }
}
