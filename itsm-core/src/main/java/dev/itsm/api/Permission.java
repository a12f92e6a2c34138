package dev.itsm.api;

/**
 * Operations that the access policy grants to roles. The default table (see
 * docs/embedding.md) can be extended per role through {@code ItsmSetupContext#grant}.
 */
public enum Permission {
  INCIDENT_OPEN,
  INCIDENT_READ,
  INCIDENT_ASSIGN,
  INCIDENT_ACKNOWLEDGE,
  /** Start work, put on hold, resume, resolve. */
  INCIDENT_WORK,
  /** Change impact and urgency (and so the priority). */
  INCIDENT_RECLASSIFY,
  /** Change custom fields. */
  INCIDENT_UPDATE,
  /** Add an internal work note. */
  INCIDENT_WORK_NOTE,
  /** Add a reply the caller sees. */
  INCIDENT_REPLY,
  INCIDENT_CLOSE,
  INCIDENT_REOPEN,
  INCIDENT_CANCEL,
  AUDIT_READ,
  REPORT_READ,
  /** Read the SLA definitions and their versions. */
  SLA_READ,
  /** Publish SLA definitions. */
  SLA_CONFIGURE,
  /** Read CI types, configuration items and their history. */
  CMDB_READ,
  /** Create, change and retire configuration items. */
  CMDB_WRITE,
  /** Define and change CI types. */
  CMDB_TYPES,
  /** Read changes. */
  CHANGE_READ,
  /** Submit changes; answer and cancel one's own. */
  CHANGE_REQUEST,
  /** Vote on changes (as an approver of the level the change waits for). */
  CHANGE_APPROVE,
  /** Start implementations, record task outcomes and backouts. */
  CHANGE_IMPLEMENT,
  /** Approve as change manager, review, close and cancel any change. */
  CHANGE_MANAGE,
  /** Read problems, proposals and known errors. */
  PROBLEM_READ,
  /** Record problems, link incidents, add and complete root-cause analysis tasks. */
  PROBLEM_WORK,
  /** Assess, record known errors, publish workarounds, request fixes, resolve, close and cancel problems; proposals and caller flags. */
  PROBLEM_MANAGE,
  /** Read and search published knowledge articles. */
  KNOWLEDGE_READ,
  /** Write articles and submit them for review; read drafts. */
  KNOWLEDGE_WRITE,
  /** Review (approve or reject) and retire articles. */
  KNOWLEDGE_REVIEW,
  /** Read releases, their results, notes and calendar. */
  RELEASE_READ,
  /** Plan releases, start builds, record results, publish release notes, close and cancel releases. */
  RELEASE_MANAGE,
  /** Decide go or no-go on a release (not one's own). */
  RELEASE_APPROVE,
  /** Report build, test, deployment, verification and rollback results (an external pipeline's account). */
  RELEASE_PIPELINE
}
