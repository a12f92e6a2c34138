package dev.itsm.examples.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A receiver of webhooks as a host would run one: the JDK's HTTP server on 127.0.0.1, answering with
 * the statuses queued ({@link #answer}) and then 200, and keeping every request it got. Every request is
 * checked against the OpenAPI document's webhook {@code itsmEvent}; reading the requests fails the test
 * once one did not match it.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request as received: headers (names lower case) and the raw body. */
  record Received(String method, String path, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final Deque<Integer> answers = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private final List<AssertionError> violations = new ArrayList<>();

  private WebhookReceiver(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "webhook-receiver");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
      AssertionError violation = null;
      try {
        OpenApiContract.SERVED.checkWebhook("itsmEvent", exchange.getRequestMethod(), exchange.getRequestHeaders(),
            new String(body, StandardCharsets.UTF_8));
      } catch (AssertionError e) {
        violation = e;
      }
      int status;
      synchronized (this) {
        if (violation != null) {
          violations.add(violation);
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
            new String(body, StandardCharsets.UTF_8)));
        Integer queued = answers.poll();
        status = queued == null ? 200 : queued;
        notifyAll();
      }
      byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }

  /** A receiver on a free port. */
  static WebhookReceiver start() {
    return new WebhookReceiver(0);
  }

  /** A receiver on the given port (one that refused connections before, say). */
  static WebhookReceiver startOn(int port) {
    return new WebhookReceiver(port);
  }

  /** A port on 127.0.0.1 where nothing listens (connections are refused). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of a path on this receiver. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers the next requests with these statuses, then 200 again. */
  synchronized WebhookReceiver answer(Integer... statuses) {
    answers.addAll(List.of(statuses));
    return this;
  }

  /** Every request so far. */
  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests so far that match. */
  synchronized List<Received> received(Predicate<Received> filter) {
    if (!violations.isEmpty()) {
      throw violations.get(0);
    }
    return received.stream().filter(filter).toList();
  }

  /** Waits (at most 30 s) until {@code count} requests matching the filter arrived, and returns them. */
  synchronized List<Received> await(int count, Predicate<Received> filter) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received(filter).size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Expected " + count + " matching webhook requests within 30 s, but got "
            + received(filter).size() + " of " + received.size());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return received(filter);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
