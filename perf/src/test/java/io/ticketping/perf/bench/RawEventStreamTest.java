package io.ticketping.perf.bench;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawEventStreamTest {

  private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
    + "Transfer-Encoding: chunked\r\n\r\n";
  private static final String EVENT = "45\r\nid: 7\nevent: position\ndata: {\"status\":\"WAITING\",\"position\":12}"
    + "\n\n\r\n";

  @Test
  @DisplayName("counts every event however the bytes are cut, the head included")
  void countsAcrossAnyCut() {
    String response = HEAD + "e\r\nretry: 3000\n\n\r\n" + EVENT + EVENT + EVENT;
    for (int size = 1; size <= response.length(); size++) {
      RawEventStream stream = new RawEventStream();
      int events = 0;
      for (int at = 0; at < response.length(); at += size) {
        events += stream.accept(Buffer.buffer(response.substring(at, Math.min(response.length(), at + size))));
      }
      assertThat(events).as("pieces of %d bytes", size).isEqualTo(3);
      assertThat(stream.ended()).as("no last chunk yet").isFalse();
    }
  }

  @Test
  @DisplayName("the response's last chunk ends the stream, wherever the bytes are cut")
  void lastChunkEnds() {
    String response = HEAD + EVENT + "0\r\n\r\n";
    for (int cut = 1; cut < response.length(); cut++) {
      RawEventStream stream = new RawEventStream();
      int events = stream.accept(Buffer.buffer(response.substring(0, cut)));
      boolean endedEarly = stream.ended();
      events += stream.accept(Buffer.buffer(response.substring(cut)));
      assertThat(events).isEqualTo(1);
      assertThat(endedEarly).as("cut at %d: the last byte is still to come", cut).isFalse();
      assertThat(stream.ended()).as("cut at %d", cut).isTrue();
    }
  }

  @Test
  @DisplayName("a refused stream is told apart, and text that merely resembles an event is not counted")
  void refusedAndLookalikes() {
    String refused = "HTTP/1.1 404 Not Found\r\n\r\n{\"event: \":1}";
    assertThat(new RawEventStream().accept(Buffer.buffer(refused))).isEqualTo(-1);
    assertThat(new RawEventStream().accept(Buffer.buffer(HEAD + "eveevent event:x evevent: "))).isEqualTo(1);
  }
}
