package io.ticketping.perf;

import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.http.HttpDsl.http;

/** The HTTP protocol every simulation uses: the gateway under test ({@code -DbaseUrl}), JSON, keep-alive. */
final class Protocols {

  private Protocols() {
  }

  static HttpProtocolBuilder gateway() {
    return http.baseUrl(PerfProps.baseUrl())
      .acceptHeader("application/json")
      .contentTypeHeader("application/json")
      .disableCaching()
      .warmUp(PerfProps.baseUrl() + "/health");
  }
}
