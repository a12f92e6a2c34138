package dev.itsm.internal.persistence;

import java.util.UUID;

/** A software CI of a release's environment and its version before the release ({@code itsm_release_env_ci}). */
public class ReleaseEnvCiRow {
  public UUID ticketId;
  public int idx;
  public UUID ciId;
  /** The version attribute's JSON value before the deployment, {@code null} before it (or when it was unset). */
  public String previousVersion;
}
