package io.trainyard.kubernetes;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock web server, plain HTTP, that also streams {@code GET .../pods/{name}/log?follow=true}
 * until the container ends, as the API server does. fabric8's server answers every request with one
 * complete {@link MockResponse} built on its event loop, so a followed log could only be answered
 * all at once after the container ended (blocking every other request meanwhile); this server
 * takes followed logs off that path and writes each line as the container prints it. Every other
 * request goes to the dispatcher exactly as in fabric8's server (watches included).
 */
public final class LogStreamingWebServer extends MockWebServer {
  private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
  private static final long POLL_MILLIS = 50;

  private final PodLogs logs;
  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final AtomicInteger requestCount = new AtomicInteger();
  private volatile Dispatcher dispatcher;
  private HttpServer httpServer;
  private int port;
  private boolean started;
  private boolean shutdown;

  public LogStreamingWebServer(PodLogs logs) {
    this.logs = logs;
    // the superclass made a Vert.x instance this server does not use: starting and stopping it is
    // the public way to release it
    super.start(InetAddress.getLoopbackAddress(), 0);
    super.shutdown();
  }

  @Override
  public void setDispatcher(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void start() {
    start(InetAddress.getLoopbackAddress(), 0);
  }

  @Override
  public void start(int port) {
    start(InetAddress.getLoopbackAddress(), port);
  }

  @Override
  public synchronized void start(InetAddress address, int port) {
    if (started) {
      throw new IllegalStateException("start() already called");
    }
    started = true;
    HttpServerRequestHandler standard = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        record(request);
        return dispatcher.dispatch(request);
      }
    };
    httpServer = vertx.createHttpServer(new HttpServerOptions()
        .setHost(address.getHostAddress())
        .setPort(port)
        .setWebSocketSubProtocols(List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io"))
        .setHandle100ContinueAutomatically(true));
    httpServer.requestHandler(event -> {
      if (isFollowedLog(event)) {
        follow(event);
      } else {
        standard.handle(event);
      }
    });
    this.port = await(httpServer.listen()).actualPort();
  }

  @Override
  public synchronized void shutdown() {
    if (!started || shutdown) {
      return;
    }
    shutdown = true;
    dispatcher.shutdown();
    await(httpServer.close());
    await(vertx.close());
  }

  @Override
  public void close() {
    shutdown();
  }

  @Override
  public int getPort() {
    ensureStarted();
    return port;
  }

  @Override
  public String getHostName() {
    // no start here: the superclass's start asks for it (see the constructor)
    return "localhost";
  }

  @Override
  public Proxy toProxyAddress() {
    return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(getHostName(), getPort()));
  }

  @Override
  public SelfSignedCertificate getSelfSignedCertificate() {
    return null;
  }

  @Override
  public HttpUrl url(String path) {
    return HttpUrl.parse("http://" + getHostName() + ":" + getPort() + "/" + (path.startsWith("/") ? path.substring(1) : path));
  }

  @Override
  public RecordedRequest takeRequest() throws InterruptedException {
    return requests.take();
  }

  @Override
  public RecordedRequest takeRequest(long timeout, TimeUnit unit) throws InterruptedException {
    return requests.poll(timeout, unit);
  }

  @Override
  public int getRequestCount() {
    return requestCount.get();
  }

  @Override
  public void useHttps() {
    throw new UnsupportedOperationException("LogStreamingWebServer serves plain HTTP only");
  }

  @Override
  public String toString() {
    // the superclass logs with toString(): it must not start the server
    return "LogStreamingWebServer[" + port + "]";
  }

  private void ensureStarted() {
    if (!started) {
      start();
    }
  }

  private void record(RecordedRequest request) {
    requestCount.incrementAndGet();
    requests.add(request);
  }

  private static boolean isFollowedLog(HttpServerRequest event) {
    return event.method() == io.vertx.core.http.HttpMethod.GET
        && LOG_PATH.matcher(URI.create(event.uri()).getRawPath()).matches()
        && Boolean.parseBoolean(PodLogDispatcher.query(URI.create(event.uri()).getRawQuery()).get("follow"));
  }

  /**
   * Answers a followed log: refusals (missing pod, waiting container) as the dispatcher gives them;
   * otherwise the log so far, then each new line, until the container ends or the client leaves.
   */
  private void follow(HttpServerRequest event) {
    RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.GET, event.uri(), Headers.builder().build(), new Buffer());
    record(request);
    MockResponse checked = dispatcher.dispatch(request);
    HttpServerResponse response = event.response();
    URI uri = URI.create(event.uri());
    Matcher path = LOG_PATH.matcher(uri.getRawPath());
    path.matches();
    PodLogs.Log log = logs.find(path.group(1), path.group(2)).orElse(null);
    if (checked.code() != 200 || log == null) {
      response.setStatusCode(checked.code());
      checked.getHeaders().toMultimap().forEach((name, values) -> response.headers().add(name, values));
      response.end(io.vertx.core.buffer.Buffer.buffer(checked.getBody() == null ? new byte[0] : checked.getBody().getBytes()));
      return;
    }
    Map<String, String> query = PodLogDispatcher.query(uri.getRawQuery());
    Map<String, String> later = new HashMap<>(query);
    later.keySet().removeAll(List.of("tailLines", "sinceTime", "sinceSeconds", "limitBytes"));
    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/plain");
    List<PodLogs.Line> first = log.lines();
    response.write(io.vertx.core.buffer.Buffer.buffer(PodLogDispatcher.render(first, query)));
    int[] seen = {first.size()};
    long timer = vertx.setPeriodic(POLL_MILLIS, id -> {
      boolean ended = log.ended();
      List<PodLogs.Line> lines = log.lines();
      if (lines.size() > seen[0]) {
        response.write(io.vertx.core.buffer.Buffer.buffer(PodLogDispatcher.render(lines.subList(seen[0], lines.size()), later)));
        seen[0] = lines.size();
      }
      if (ended) {
        vertx.cancelTimer(id);
        response.end();
      }
    });
    response.closeHandler(closed -> vertx.cancelTimer(timer));
  }

  private static <T> T await(Future<T> future) {
    CompletableFuture<T> done = new CompletableFuture<>();
    future.onComplete(result -> {
      if (result.succeeded()) {
        done.complete(result.result());
      } else {
        done.completeExceptionally(result.cause());
      }
    });
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("mock web server: " + e.getMessage(), e);
    }
  }
}
