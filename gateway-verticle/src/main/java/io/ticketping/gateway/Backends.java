package io.ticketping.gateway;

import io.ticketping.gateway.health.KafkaProbe;
import io.ticketping.shared.bus.ServiceCalls;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/**
 * What the gateway's routes talk to: its Redis (rate limits, sessions) and PostgreSQL (accounts), the Kafka probe of
 * readiness, and the services behind the event bus, each behind the breaker of its hop.
 */
record Backends(Redis redis, Pool pool, KafkaProbe kafka, ServiceCalls calls) {
}
