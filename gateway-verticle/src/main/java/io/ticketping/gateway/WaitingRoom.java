package io.ticketping.gateway;

import io.ticketping.gateway.queue.QueueRoutes;
import io.ticketping.gateway.queue.pass.QueuePasses;
import io.ticketping.gateway.queue.stream.QueueStreams;
import io.ticketping.gateway.queue.view.PollView;

/**
 * The waiting room's state in this gateway instance: the passes it signs, its open streams, its view of the lines
 * that answers polls, and the queue routes that enter, poll through the queue service and hand out passes.
 */
record WaitingRoom(QueuePasses passes, QueueStreams streams, PollView view, QueueRoutes queueRoutes) {
}
