package io.ticketping.gateway;

import io.ticketping.gateway.queue.PollView;
import io.ticketping.gateway.queue.QueuePasses;
import io.ticketping.gateway.queue.QueueStreams;
import io.ticketping.gateway.queue.UserBuckets;

/**
 * The waiting room's state in this gateway instance: the passes it signs, its open streams, its view of the lines
 * that answers polls, and the per-user buckets that limit entries and those polls in memory.
 */
record WaitingRoom(QueuePasses passes, QueueStreams streams, PollView view, UserBuckets buckets) {
}
