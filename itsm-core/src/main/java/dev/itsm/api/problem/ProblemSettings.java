package dev.itsm.api.problem;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of problem management and knowledge. Immutable; start from {@link #defaults()} or
 * {@link #builder()}.
 *
 * @param problemManagers        directory group of the problem managers: told about proposals and fixes
 * @param repeatedIncidents      incidents on one CI, or of one category, within {@code incidentPeriod} that
 *                               propose a problem; 0 turns the detection off
 * @param incidentPeriod         the detection period of repeated incidents
 * @param repeatedContacts       incidents of one caller about one service within {@code contactPeriod} that
 *                               warn the desk and flag the caller as sensitive; 0 turns it off
 * @param contactPeriod          the detection period of repeated contacts
 * @param resolveLinkedIncidents whether resolving a problem resolves its linked incidents that are being worked
 * @param incidentResolutionCode the resolution code those incidents get (one of the incident resolution codes)
 * @param workaroundSimilarity   share of a known error's words (title and symptom) a new incident must contain
 *                               for its workaround to be offered, above 0 and at most 1
 * @param knowledgeReviewers     directory group told when an article waits for review
 * @param defaultLanguage        language of articles and searches that name none (a two-letter code)
 */
public record ProblemSettings(String problemManagers, int repeatedIncidents, Duration incidentPeriod, int repeatedContacts,
                              Duration contactPeriod, boolean resolveLinkedIncidents, String incidentResolutionCode,
                              double workaroundSimilarity, String knowledgeReviewers, String defaultLanguage) {

  public ProblemSettings {
    requireGroup(problemManagers, "problemManagers");
    requireGroup(knowledgeReviewers, "knowledgeReviewers");
    requireCount(repeatedIncidents, "repeatedIncidents");
    requireCount(repeatedContacts, "repeatedContacts");
    requirePositive(incidentPeriod, "incidentPeriod");
    requirePositive(contactPeriod, "contactPeriod");
    Objects.requireNonNull(incidentResolutionCode, "incidentResolutionCode");
    if (!(workaroundSimilarity > 0 && workaroundSimilarity <= 1)) {
      throw new IllegalArgumentException("workaroundSimilarity must be above 0 and at most 1, but is " + workaroundSimilarity);
    }
    if (defaultLanguage == null || !defaultLanguage.matches("[a-z]{2}")) {
      throw new IllegalArgumentException("defaultLanguage must be a two-letter lowercase code, but is '" + defaultLanguage + "'");
    }
  }

  /**
   * Problem managers group {@code problem-managers}; 3 incidents on a CI or in a category within 7 days
   * propose a problem; 3 contacts of a caller about a service within 30 days flag the caller; resolving a
   * problem resolves its incidents with code {@code FIXED}; workarounds offered at a similarity of 0.3;
   * reviewers group {@code knowledge-reviewers}; language {@code en}.
   */
  public static ProblemSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void requireGroup(String group, String name) {
    if (group == null || group.isBlank() || group.length() > 64) {
      throw new IllegalArgumentException(name + " must be a group id of 1 to 64 characters, but is '" + group + "'");
    }
  }

  private static void requireCount(int count, String name) {
    if (count < 0 || count == 1 || count > 1000) {
      throw new IllegalArgumentException(name + " must be 0 (off) or from 2 to 1000, but is " + count);
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException(name + " must be positive and at most 366 days, but is " + duration);
    }
  }

  /** Builder for {@link ProblemSettings}. */
  public static final class Builder {
    private String problemManagers = "problem-managers";
    private int repeatedIncidents = 3;
    private Duration incidentPeriod = Duration.ofDays(7);
    private int repeatedContacts = 3;
    private Duration contactPeriod = Duration.ofDays(30);
    private boolean resolveLinkedIncidents = true;
    private String incidentResolutionCode = "FIXED";
    private double workaroundSimilarity = 0.3;
    private String knowledgeReviewers = "knowledge-reviewers";
    private String defaultLanguage = "en";

    private Builder() {}

    public Builder problemManagers(String group) {
      this.problemManagers = group;
      return this;
    }

    /** {@code count} incidents on one CI or in one category within {@code period} propose a problem; 0 turns it off. */
    public Builder repeatedIncidents(int count, Duration period) {
      this.repeatedIncidents = count;
      this.incidentPeriod = period;
      return this;
    }

    /** {@code count} incidents of one caller about one service within {@code period} flag the caller; 0 turns it off. */
    public Builder repeatedContacts(int count, Duration period) {
      this.repeatedContacts = count;
      this.contactPeriod = period;
      return this;
    }

    public Builder resolveLinkedIncidents(boolean resolve) {
      this.resolveLinkedIncidents = resolve;
      return this;
    }

    public Builder incidentResolutionCode(String code) {
      this.incidentResolutionCode = code;
      return this;
    }

    public Builder workaroundSimilarity(double similarity) {
      this.workaroundSimilarity = similarity;
      return this;
    }

    public Builder knowledgeReviewers(String group) {
      this.knowledgeReviewers = group;
      return this;
    }

    public Builder defaultLanguage(String language) {
      this.defaultLanguage = language;
      return this;
    }

    public ProblemSettings build() {
      return new ProblemSettings(problemManagers, repeatedIncidents, incidentPeriod, repeatedContacts, contactPeriod,
          resolveLinkedIncidents, incidentResolutionCode, workaroundSimilarity, knowledgeReviewers, defaultLanguage);
    }
  }
}
