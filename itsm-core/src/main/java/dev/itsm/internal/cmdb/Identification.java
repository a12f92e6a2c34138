package dev.itsm.internal.cmdb;

import dev.itsm.api.cmdb.CiType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The identification key of an item: a SHA-256 of its tenant, the type that declares the
 * identification rule and the canonical JSON of each identifying value. Items with equal keys are the same thing to an
 * import; the key is stored (indexed, not unique) with every item.
 */
final class Identification {
  private Identification() {}

  /** The key, or {@code null} when an identifying value is missing. */
  static String key(String tenantId, CiType type, String name, Map<String, Object> attributes) {
    StringBuilder text = new StringBuilder(tenantId).append('\n').append(type.identifiedWithin());
    for (String field : type.identifiedBy()) {
      Object value = "name".equals(field) ? name : attributes.get(field);
      if (value == null) {
        return null;
      }
      text.append('\n').append(Values.json(value));
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The first identifying field the values lack, or {@code null}. */
  static String missing(CiType type, String name, Map<String, Object> attributes) {
    for (String field : type.identifiedBy()) {
      if ("name".equals(field) ? name == null : attributes.get(field) == null) {
        return field;
      }
    }
    return null;
  }
}
