package io.ticketping.perf;

import io.ticketping.perf.SaleCheck.Claim;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SaleCheckTest {

  private static final UUID A = UUID.randomUUID();
  private static final UUID B = UUID.randomUUID();
  private static final UUID C = UUID.randomUUID();

  @Test
  @DisplayName("A sale where each sold seat has exactly one paid order passes")
  void soundSale() {
    assertThat(SaleCheck.judge(3, 0, List.of(1L, 2L, 3L), List.of(new Claim(A, 1), new Claim(B, 2), new Claim(C, 3)))
      .passed()).isTrue();
  }

  @Test
  @DisplayName("A seat claimed by two paid orders fails the check, even when the sold count is right")
  void doubleSale() {
    SaleCheck.Verdict verdict = SaleCheck.judge(2, 0, List.of(1L, 2L),
      List.of(new Claim(A, 1), new Claim(B, 2), new Claim(C, 2)));
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.problems()).anySatisfy(problem -> assertThat(problem).contains("seat 2 sold twice"));
  }

  @Test
  @DisplayName("Selling fewer or more seats than expected fails the check")
  void wrongCount() {
    assertThat(SaleCheck.judge(3, 0, List.of(1L, 2L), List.of(new Claim(A, 1), new Claim(B, 2))).passed()).isFalse();
    assertThat(SaleCheck.judge(1, 0, List.of(1L, 2L), List.of(new Claim(A, 1), new Claim(B, 2))).passed()).isFalse();
  }

  @Test
  @DisplayName("Payments of unknown outcome may each have sold a seat: the count may fall anywhere in that range")
  void unknownOutcomes() {
    List<Claim> two = List.of(new Claim(A, 1), new Claim(B, 2));
    assertThat(SaleCheck.judge(1, 2, List.of(1L, 2L), two).passed()).isTrue();
    assertThat(SaleCheck.judge(2, 1, List.of(1L, 2L), two).passed()).isTrue();
    assertThat(SaleCheck.judge(3, 1, List.of(1L, 2L), two).passed()).as("an approved payment not sold").isFalse();
    SaleCheck.Verdict tooMany = SaleCheck.judge(0, 1, List.of(1L, 2L), two);
    assertThat(tooMany.problems()).containsExactly("sold 2 seats, expected 0 to 1 (1 payments of unknown outcome)");
  }

  @Test
  @DisplayName("A SOLD seat without a paid order, or a paid seat not SOLD, fails the check")
  void disagreement() {
    assertThat(SaleCheck.judge(2, 0, List.of(1L, 2L), List.of(new Claim(A, 1))).passed()).isFalse();
    assertThat(SaleCheck.judge(1, 0, List.of(1L), List.of(new Claim(A, 1), new Claim(B, 2))).passed()).isFalse();
  }
}
