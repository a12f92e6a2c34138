package dev.itsm.api.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The content of an article version. Validated by {@code KnowledgeService#create} and {@code #update},
 * which throw {@code InvalidInputException}/{@code InvalidValueException} naming the field.
 *
 * @param title    required, at most 200 characters
 * @param body     required, at most 50,000 characters (plain text or Markdown)
 * @param tags     at most 20, each 1 to 40 letters, digits, {@code -} or {@code _}
 * @param services codes of the services it is about, at most 20
 * @param cis      live configuration items it is about, at most 100
 * @param language two-letter code; the engine's default language when {@code null}
 */
public record NewArticle(String title, String body, Set<String> tags, Set<String> services, List<UUID> cis,
                         String language) {
  public NewArticle {
    tags = tags == null ? Set.of() : Set.copyOf(tags);
    services = services == null ? Set.of() : Set.copyOf(services);
    cis = cis == null ? List.of() : List.copyOf(cis);
  }

  /** Starts an article with its title and body. */
  public static Builder builder(String title, String body) {
    return new Builder(title, body);
  }

  /** Builder for {@link NewArticle}. */
  public static final class Builder {
    private final String title;
    private final String body;
    private final Set<String> tags = new LinkedHashSet<>();
    private final Set<String> services = new LinkedHashSet<>();
    private final List<UUID> cis = new ArrayList<>();
    private String language;

    private Builder(String title, String body) {
      this.title = title;
      this.body = body;
    }

    public Builder tag(String tag) {
      tags.add(tag);
      return this;
    }

    public Builder service(String service) {
      services.add(service);
      return this;
    }

    public Builder ci(UUID ciId) {
      cis.add(ciId);
      return this;
    }

    public Builder language(String language) {
      this.language = language;
      return this;
    }

    public NewArticle build() {
      return new NewArticle(title, body, tags, services, cis, language);
    }
  }
}
