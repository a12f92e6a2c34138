package dev.itsm.api;

/**
 * Role names the default access policy knows. Hosts map their own users onto these when they build
 * an {@link Actor}; {@code ItsmSetupContext#grant} can give further roles permissions.
 */
public final class Roles {
  /** An end user who reports incidents and sees only their own tickets. */
  public static final String CALLER = "caller";
  /** A support agent: sees and works the tickets of their groups. */
  public static final String AGENT = "agent";
  /** A group manager: sees all tickets of the tenant, reads reports. */
  public static final String MANAGER = "manager";
  /** Maintains the CMDB: creates, changes and retires configuration items, defines CI types. */
  public static final String CONFIGURATION_MANAGER = "configuration-manager";
  /** Manages changes: approves medium-risk changes, reviews and closes changes. */
  public static final String CHANGE_MANAGER = "change-manager";
  /** Manages problems: assesses them, records known errors, requests fixes, resolves and closes them. */
  public static final String PROBLEM_MANAGER = "problem-manager";
  /** Keeps the knowledge base: reviews and retires articles. */
  public static final String KNOWLEDGE_MANAGER = "knowledge-manager";
  /** Manages releases: plans them, follows their builds and deployments, publishes their notes, closes them. */
  public static final String RELEASE_MANAGER = "release-manager";
  /** An external pipeline (CI/CD) that reports build, test and deployment results of releases. */
  public static final String RELEASE_PIPELINE = "release-pipeline";
  /** An administrator of the tenant. */
  public static final String ADMIN = "admin";
  /** The engine itself (timer jobs, automatic closure). Use {@link Actor#system()}. */
  public static final String SYSTEM = "system";

  private Roles() {}
}
