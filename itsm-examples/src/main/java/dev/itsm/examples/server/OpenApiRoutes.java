package dev.itsm.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.1 description of this API, open to all: {@code GET /openapi.yaml} serves the resource
 * {@value #RESOURCE} as written, {@code GET /openapi.json} the same document as JSON. Both are read
 * once, when the server starts.
 */
final class OpenApiRoutes {
  /** The document, a class-path resource next to this class. */
  static final String RESOURCE = "openapi.yaml";
  static final String YAML_PATH = "/openapi.yaml";
  static final String JSON_PATH = "/openapi.json";
  /** The media type of YAML (RFC 9512). */
  static final String YAML_MEDIA_TYPE = "application/yaml";

  private final String yaml;
  private final byte[] json;

  OpenApiRoutes(ObjectMapper jsonMapper) {
    this.yaml = read();
    try {
      JsonNode document = new YAMLMapper().readTree(yaml);
      this.json = jsonMapper.writeValueAsBytes(document);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected " + RESOURCE + " to be a YAML document, but it does not parse", e);
    }
  }

  void register(RoutesConfig routes) {
    routes.get(YAML_PATH, ctx -> ctx.contentType(YAML_MEDIA_TYPE + "; charset=utf-8").result(yaml));
    routes.get(JSON_PATH, ctx -> ctx.contentType("application/json").result(json));
  }

  /** The document as written (YAML). */
  static String read() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Expected the resource " + RESOURCE + " next to " + OpenApiRoutes.class.getName()
            + ", but it is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to read " + RESOURCE + ", but it failed", e);
    }
  }
}
