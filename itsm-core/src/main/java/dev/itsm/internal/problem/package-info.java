/** Problem management: the service, the problem aggregate, its lifecycle and proactive detection. */
package dev.itsm.internal.problem;
