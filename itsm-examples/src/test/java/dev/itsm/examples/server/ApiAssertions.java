package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.examples.server.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;

/** Assertions on responses shared by the API tests of the problem, knowledge and CMDB resources. */
final class ApiAssertions {
  private ApiAssertions() {}

  /** A successful response with that status whose {@code ETag} is the body's version field. */
  static Response assertOk(Response response, int status, String versionField) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    if (versionField != null) {
      assertThat(response.header("ETag")).as(response.toString())
          .isEqualTo("\"" + response.body().get(versionField).asLong() + "\"");
    }
    return response;
  }

  /** Problem details with that status, stable code and field ({@code null}: no field). */
  static Response assertProblem(Response response, int status, String code, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.body().get("status").asInt()).isEqualTo(status);
    assertThat(response.text("code")).as(response.toString()).isEqualTo(code);
    assertThat(response.text("type")).isEqualTo("https://itsm.dev/problems/" + code.substring("itsm.".length()));
    assertThat(response.text("detail")).isNotBlank();
    assertThat(response.text("field")).as(response.toString()).isEqualTo(field);
    return response;
  }

  /** The texts of a field of each element of an array. */
  static List<String> texts(JsonNode array, String field) {
    assertThat(array.isArray()).as(String.valueOf(array)).isTrue();
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.get(field).isNull() ? null : item.get(field).asText()));
    return values;
  }

  /** The texts of the elements of an array. */
  static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as(String.valueOf(array)).isTrue();
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.asText()));
    return values;
  }
}
