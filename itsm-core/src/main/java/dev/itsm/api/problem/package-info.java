/**
 * Problem management: {@link dev.itsm.api.problem.ProblemService}, the problem snapshot
 * ({@link dev.itsm.api.problem.ProblemRecord}), known errors with workarounds, root-cause analysis
 * tasks, proposals from proactive detection and flagged callers. See docs/problem.md.
 */
package dev.itsm.api.problem;
