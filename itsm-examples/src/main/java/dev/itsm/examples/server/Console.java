package dev.itsm.examples.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console: static files from the classpath folder {@code console} (the pages' HTML, scripts
 * and styles, and under {@code console/vendor} the front-end libraries the build installs with npm),
 * served under {@code /console}, and its page at {@code /}. The pages talk to the API under
 * {@code /api} with the browser's session; they hold no inline scripts, so a strict
 * Content-Security-Policy applies to them.
 */
final class Console {
  static final String PATH = "/console";
  private static final String INDEX = "console/index.html";

  private Console() {}

  static void register(JavalinConfig config) {
    config.staticFiles.add(files -> {
      files.hostedPath = PATH;
      files.directory = "/console";
      files.location = Location.CLASSPATH;
      files.headers = Map.of("Cache-Control", "no-cache");
    });
    byte[] index = index();
    config.routes.get("/", ctx -> ctx.contentType(ContentType.TEXT_HTML).header("Cache-Control", "no-cache").result(index));
  }

  private static byte[] index() {
    try (InputStream in = Console.class.getClassLoader().getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException("Expected the console page " + INDEX + " on the classpath, but it is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
