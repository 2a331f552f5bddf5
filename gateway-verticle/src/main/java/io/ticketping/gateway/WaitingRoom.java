package io.ticketping.gateway;

import io.ticketping.gateway.queue.QueueRoutes;
import io.ticketping.gateway.queue.pass.QueuePasses;
import io.ticketping.gateway.queue.pow.ProofRoutes;
import io.ticketping.gateway.queue.stream.QueueStreams;
import io.ticketping.gateway.queue.view.PollView;

/**
 * The waiting room's state in this gateway instance: the passes it signs, its open streams, its view of the lines
 * that answers polls, the queue routes that enter, poll through the queue service and hand out passes, and the
 * proof-of-work routes that hand out challenges and set which shows ask for a proof.
 */
record WaitingRoom(QueuePasses passes, QueueStreams streams, PollView view, QueueRoutes queueRoutes,
                   ProofRoutes proofRoutes) {
}
