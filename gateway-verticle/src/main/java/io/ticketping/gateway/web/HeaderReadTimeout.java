package io.ticketping.gateway.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/1.x connection whose request head (request line and headers) is not complete within the timeout,
 * counted from the first byte of the request. A client that sends a header byte now and then is otherwise held until
 * the idle timeout (slowloris); a connection silent before or between requests is left to the idle timeout.
 *
 * <p>Vert.x has no such option, so this watches the connection's Netty pipeline around Vert.x's HTTP decoder
 * ({@code httpDecoder}): bytes arriving outside a request start the clock, a decoded request head or body stops it.
 * The server must not offer the cleartext HTTP/2 upgrade: with it, Vert.x sets a connection up (and calls this
 * handler) only once its first request head has arrived, too late to time that head. An HTTP/2 connection (no such
 * decoder) is not watched.
 *
 * <p>Vert.x's idle timeout does not see a head that is still arriving (it sits after the decoder, which passes nothing
 * on until the head is whole), so it too ends a slow head, only later.
 */
public final class HeaderReadTimeout implements Handler<HttpConnection> {

  private static final String DECODER = "httpDecoder";

  private final long timeoutMillis;

  /** {@code timeoutMillis} 0: no timeout. */
  public HeaderReadTimeout(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void handle(HttpConnection connection) {
    if (timeoutMillis <= 0 || !(connection instanceof HttpServerConnection server)) {
      return;
    }
    ChannelPipeline pipeline = server.channelHandlerContext().pipeline();
    if (pipeline.get(DECODER) == null) {
      return;
    }
    Watch watch = new Watch(timeoutMillis);
    pipeline.addBefore(DECODER, "headerTimeoutBytes", watch.bytes);
    pipeline.addAfter(DECODER, "headerTimeoutHeads", watch.heads);
  }

  /** One connection's clock. Netty calls both handlers on the connection's event loop, so it needs no locks. */
  private static final class Watch {

    private final long timeoutMillis;
    private ScheduledFuture<?> timer;
    private boolean inRequest;

    private Watch(long timeoutMillis) {
      this.timeoutMillis = timeoutMillis;
    }

    /** Before the decoder: the first bytes of a request start the clock. */
    private final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (ctx.pipeline().get(DECODER) == null) {
          // Upgraded (to HTTP/2 or a WebSocket): no more request heads to wait for.
          stop();
          ctx.pipeline().remove(this);
          ctx.pipeline().remove(heads);
        } else if (!inRequest && timer == null && msg instanceof ByteBuf buf && buf.isReadable()) {
          start(ctx);
        }
        super.channelRead(ctx, msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
      }
    };

    /**
     * After the decoder: a whole request head, or a piece of a body (a request under way), stops the clock; the
     * request's last content ends the request.
     */
    private final ChannelInboundHandlerAdapter heads = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest || msg instanceof HttpContent) {
          stop();
          inRequest = !(msg instanceof LastHttpContent);
        }
        super.channelRead(ctx, msg);
      }
    };

    private void start(ChannelHandlerContext ctx) {
      timer = ctx.executor().schedule(() -> {
        timer = null;
        ctx.channel().close();
      }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void stop() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }
}
