/**
 * Test kit for hosts and process developers: a JUnit 5 extension that runs an engine on a fresh
 * database with a controllable clock, and AssertJ assertions for incidents and SLA clocks. Needs
 * {@code junit-jupiter-api} and {@code assertj-core} on the test class path (both are optional
 * dependencies of itsm-core).
 */
package dev.itsm.testkit;
