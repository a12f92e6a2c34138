package dev.itsm.examples.server;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The served OpenAPI document ({@code openapi.yaml}) as a contract for the responses the API tests
 * receive: {@link #check} finds the operation of a method and path, and fails unless the status is
 * documented for it, the media type is the documented one, the documented required headers are there
 * and the body is valid against the documented schema (JSON Schema 2020-12, the OpenAPI 3.1 dialect,
 * formats asserted). A path no operation has may only answer 401, 404 or 405 problem details.
 */
final class OpenApiContract {
  private static final String BASE = "https://itsm.dev/example-server/openapi.json";
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The document as the server has it on its class path, read once. */
  static final OpenApiContract SERVED = new OpenApiContract(OpenApiRoutes.read());

  private final JsonNode document;
  private final List<Operation> operations = new ArrayList<>();
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** The contract of a document given as YAML (or JSON) text. */
  OpenApiContract(String yaml) {
    this.document = new YAMLMapper().readTree(yaml);
    String json = JSON.writeValueAsString(document);
    this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
        .schemas(Map.of(BASE, json))
        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        if (METHODS.contains(method.getKey())) {
          operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue(),
              "/paths/" + escape(path.getKey()) + "/" + method.getKey(), pattern(path.getKey(), method.getValue())));
        }
      }
    }
  }

  /** The documented operations as {@code METHOD /path}. */
  List<String> operations() {
    return operations.stream().map(Operation::key).toList();
  }

  /** Where the web console's static files are served; the document does not describe them. */
  private static final String CONSOLE_FILES = "/console/";

  /** The document (Jackson 3 tree). */
  JsonNode document() {
    return document;
  }

  /** The operation serving a method and (raw) path: of the matching ones, the one with the fewest parameters. */
  Optional<Operation> find(String method, String path) {
    return operations.stream()
        .filter(o -> o.method().equals(method) && o.pattern().matcher(path).matches())
        .min(Comparator.comparingInt(o -> o.path().split("\\{", -1).length));
  }

  /**
   * Checks a response against the document (not the console's static files under {@code /console/});
   * throws an {@link AssertionError} naming the operation,
   * the status and each violation.
   */
  void check(String method, String path, int status, Map<String, List<String>> headers, String body) {
    if (path.startsWith(CONSOLE_FILES)) {
      return;   // the console's static files (scripts, styles) are not part of the API
    }
    Optional<Operation> found = find(method, path);
    if (found.isEmpty()) {
      if (status == 401 || status == 404 || status == 405) {
        validate(method + " " + path + " (no such operation)", status, "/components/schemas/Problem", body);
        return;
      }
      throw new AssertionError("Expected the OpenAPI document to have an operation for " + method + " " + path
          + ", but none matches (the response was " + status + ")");
    }
    Operation operation = found.get();
    record(operation.operationId() + " " + status);
    String name = operation.operationId() + " (" + operation.key() + ")";
    String pointer = operation.pointer() + "/responses/" + status;
    JsonNode response = operation.node().path("responses").path(String.valueOf(status));
    if (response.isMissingNode()) {
      throw new AssertionError("Expected status " + status + " to be documented for " + name + ", but the document lists only "
          + operation.node().path("responses").propertyNames() + "; body: " + clip(body));
    }
    if (response.has("$ref")) {
      pointer = response.get("$ref").asString().substring(1);
      response = document.at(pointer);
    }
    for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
      JsonNode definition = header.getValue().has("$ref")
          ? document.at(header.getValue().get("$ref").asString().substring(1)) : header.getValue();
      if (definition.path("required").asBoolean(false) && value(headers, header.getKey()) == null) {
        throw new AssertionError("Expected the header " + header.getKey() + " on " + status + " of " + name
            + ", as the document requires, but it is missing");
      }
    }
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      if (body != null && !body.isEmpty()) {
        throw new AssertionError("Expected no body on " + status + " of " + name + ", as documented, but it has " + clip(body));
      }
      return;
    }
    String contentType = value(headers, "Content-Type");
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!content.has(mediaType)) {
      throw new AssertionError("Expected the media type of " + status + " of " + name + " to be one of "
          + content.propertyNames() + ", as documented, but it is '" + contentType + "'");
    }
    if (mediaType.endsWith("json")) {
      validate(name, status, pointer + "/content/" + escape(mediaType) + "/schema", body);
    }
  }

  /**
   * Checks a request the server sent to a webhook receiver against the document's {@code webhooks}
   * entry of that name: the required headers are there and valid against their schemas, the media type
   * is JSON and the body is valid against the documented schema. Throws an {@link AssertionError}.
   */
  void checkWebhook(String webhook, String method, Map<String, List<String>> headers, String body) {
    String pointer = "/webhooks/" + escape(webhook) + "/" + method.toLowerCase(Locale.ROOT);
    JsonNode operation = document.at(pointer);
    if (operation.isMissingNode()) {
      throw new AssertionError("Expected the OpenAPI document to describe the webhook " + webhook + " " + method + ", but it does not");
    }
    String name = "webhook " + webhook + " (" + method + ")";
    JsonNode parameters = operation.path("parameters");
    for (int i = 0; i < parameters.size(); i++) {
      JsonNode parameter = parameters.get(i);
      if (!"header".equals(parameter.path("in").asString("")) || !parameter.path("required").asBoolean(false)) {
        continue;
      }
      String value = value(headers, parameter.path("name").asString());
      if (value == null) {
        throw new AssertionError("Expected the header " + parameter.path("name").asString() + " on the request of " + name
            + ", as the document requires, but it is missing");
      }
      validate(name + " header " + parameter.path("name").asString(), pointer + "/parameters/" + i + "/schema",
          JSON.getNodeFactory().stringNode(value), value);
    }
    String contentType = value(headers, "Content-Type");
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!operation.path("requestBody").path("content").has(mediaType)) {
      throw new AssertionError("Expected the media type of the request of " + name + " to be one of "
          + operation.path("requestBody").path("content").propertyNames() + ", as documented, but it is '" + contentType + "'");
    }
    validate(name, 0, pointer + "/requestBody/content/" + escape(mediaType) + "/schema", body);
  }

  private void validate(String name, int status, String schemaPointer, String body) {
    JsonNode instance;
    try {
      instance = JSON.readTree(body == null ? "" : body);
    } catch (RuntimeException e) {
      throw new AssertionError("Expected a JSON body on " + status + " of " + name + ", but it is " + clip(body), e);
    }
    validate(status + " of " + name, schemaPointer, instance, body);
  }

  private void validate(String what, String schemaPointer, JsonNode instance, String text) {
    Schema schema = schemas.computeIfAbsent(schemaPointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
    List<Error> errors = schema.validate(instance);
    if (!errors.isEmpty()) {
      throw new AssertionError("Expected the body of " + what + " to be valid against " + schemaPointer
          + ", but:\n  " + errors.stream().map(Error::toString).collect(Collectors.joining("\n  "))
          + "\nbody: " + clip(text));
    }
  }

  /**
   * With {@code -Ditsm.openapi.coverage=<file>}, appends each operation and status checked to the file, to
   * see which ones the tests reach.
   */
  private static void record(String checked) {
    String file = System.getProperty("itsm.openapi.coverage");
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Files.writeString(Path.of(file), checked + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A regular expression of a path template; a parameter matches one segment unless it allows slashes. */
  private Pattern pattern(String template, JsonNode operation) {
    StringBuilder regex = new StringBuilder();
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        regex.append(Pattern.quote(template.substring(at)));
        break;
      }
      int close = template.indexOf('}', open);
      regex.append(Pattern.quote(template.substring(at, open)));
      regex.append(allowsSlashes(operation, template.substring(open + 1, close)) ? "[^?#]+" : "[^/?#]+");
      at = close + 1;
    }
    return Pattern.compile(regex.toString());
  }

  private boolean allowsSlashes(JsonNode operation, String name) {
    for (JsonNode parameter : operation.path("parameters")) {
      JsonNode definition = parameter.has("$ref") ? document.at(parameter.get("$ref").asString().substring(1)) : parameter;
      if (name.equals(definition.path("name").asString("")) && definition.path("x-itsm-allow-slashes").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  private static String value(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().get(0)).findFirst().orElse(null);
  }

  private static String escape(String pointerToken) {
    return pointerToken.replace("~", "~0").replace("/", "~1");
  }

  private static String clip(String body) {
    return body == null ? "(none)" : body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
  }

  /** One documented operation. */
  record Operation(String method, String path, JsonNode node, String pointer, Pattern pattern) {
    String key() {
      return method + " " + path;
    }

    String operationId() {
      return node.path("operationId").asString("(no operationId)");
    }
  }
}
