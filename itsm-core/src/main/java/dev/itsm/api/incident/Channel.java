package dev.itsm.api.incident;

/** Where an incident came in. */
public enum Channel {
  /** Called the service desk. */
  PHONE,
  /** Wrote an e-mail. */
  EMAIL,
  /** Self-service portal. */
  PORTAL,
  /** Chat. */
  CHAT,
  /** Came to the desk. */
  WALK_IN,
  /** Raised by a monitoring system. */
  MONITORING,
  /** Opened through the API by another system (the default). */
  API
}
