package dev.itsm.examples.server;

import dev.itsm.api.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity tags of incidents: the {@code ETag} is the quoted version ({@code "3"}), and an
 * {@code If-Match} with such a tag becomes the expected version of the library's {@code TicketRef}.
 */
final class EntityTags {
  static final String IF_MATCH = "If-Match";

  private static final Pattern TAG = Pattern.compile("\"?(\\d{1,18})\"?");

  private EntityTags() {}

  /** The {@code ETag} value of a version. */
  static String of(long version) {
    return "\"" + version + "\"";
  }

  /**
   * The version an {@code If-Match} header requires; {@code null} for no header or {@code *} (any
   * current version).
   *
   * @throws InvalidInputException when the header is not one strong entity tag of a version
   */
  static Long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return null;
    }
    Matcher matcher = TAG.matcher(ifMatch.trim());
    if (!matcher.matches()) {
      throw new InvalidInputException(IF_MATCH, "Expected " + IF_MATCH + " to hold one entity tag as sent in ETag, like \"3\", but it is '"
          + ifMatch + "'");
    }
    return Long.parseLong(matcher.group(1));
  }
}
