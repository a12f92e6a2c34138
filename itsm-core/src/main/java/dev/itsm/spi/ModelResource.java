package dev.itsm.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A BPMN or DMN model for deployment, with the process or decision key it implements.
 *
 * @param key          the process definition key (BPMN) or decision key (DMN)
 * @param resourceName ends with {@code .bpmn} or {@code .dmn}
 * @param content      the XML
 */
public record ModelResource(String key, String resourceName, byte[] content) {

  public ModelResource {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(resourceName, "resourceName");
    Objects.requireNonNull(content, "content");
    if (!isBpmn(resourceName) && !resourceName.endsWith(".dmn")) {
      throw new IllegalArgumentException("resource name must end with .bpmn or .dmn, but is " + resourceName);
    }
  }

  /** Loads a model from the class path of the given class's class loader. */
  public static ModelResource classpath(String key, String resourcePath, Class<?> anchor) {
    try (InputStream in = anchor.getClassLoader().getResourceAsStream(resourcePath)) {
      if (in == null) {
        throw new IllegalArgumentException("no class path resource " + resourcePath);
      }
      String name = resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
      return new ModelResource(key, name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resourcePath, e);
    }
  }

  /** Whether this is a process model. */
  public boolean isProcess() {
    return isBpmn(resourceName);
  }

  private static boolean isBpmn(String name) {
    return name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml");
  }
}
