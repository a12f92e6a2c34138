package dev.itsm.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for the example server's API, as a host's client would use it. Every response is
 * checked against the OpenAPI document ({@link OpenApiContract}), so an API test fails on an undocumented
 * status or a body that does not match its schema.
 */
final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  ApiClient(ExampleServer server) {
    this.base = server.url();
  }

  /** GET as the user (password {@link DemoUsers#DEMO_PASSWORD}); {@code null} user sends no credentials. */
  Response get(String path, String user) {
    return send(request(path, user).GET());
  }

  /** POST of a JSON body as the user; {@code null} body sends none. */
  Response post(String path, String user, String body) {
    return post(path, user, body, Map.of());
  }

  Response post(String path, String user, String body, Map<String, String> headers) {
    HttpRequest.Builder request = request(path, user)
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return send(request);
  }

  /** DELETE as the user. */
  Response delete(String path, String user) {
    return send(request(path, user).DELETE());
  }

  /** A request of any method (PUT, PATCH, DELETE...) with an optional JSON body and headers. */
  Response send(String method, String path, String user, String body, Map<String, String> headers) {
    HttpRequest.Builder request = request(path, user)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return send(request);
  }

  /** A request with any Authorization header value. */
  Response getWithAuthorization(String path, String authorization) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", authorization).GET());
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      request.header("Authorization", basic(user, DemoUsers.DEMO_PASSWORD));
    }
    return request;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpRequest built = request.build();
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      OpenApiContract.SERVED.check(built.method(), built.uri().getRawPath(), response.statusCode(), response.headers().map(), text);
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      boolean isJson = contentType.isEmpty() || contentType.contains("json");
      JsonNode json = text == null || text.isBlank() || !isJson ? MAPPER.nullNode() : MAPPER.readTree(text);
      return new Response(response.statusCode(), response.headers().map(), json, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A response: status, headers, the JSON body (a null node when the body is not JSON) and the body as text. */
  record Response(int status, Map<String, List<String>> headers, JsonNode body, String raw) {

    /** The first value of a header (case-insensitive), or {@code null}. */
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }

    /** A text field of the body. */
    String text(String field) {
      JsonNode node = body.get(field);
      return node == null || node.isNull() ? null : node.asText();
    }

    /** The values of a text field of each item of {@code items}. */
    List<String> itemTexts(String field) {
      List<String> values = new ArrayList<>();
      body.get("items").forEach(item -> values.add(item.get(field).asText()));
      return values;
    }

    @Override
    public String toString() {
      return status + " " + (body.isNull() ? raw : body);
    }
  }
}
