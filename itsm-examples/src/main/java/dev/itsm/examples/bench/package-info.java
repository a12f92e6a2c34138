/**
 * The incident lifecycle benchmark: {@link dev.itsm.examples.bench.LifecycleBenchmark} runs the same
 * lifecycle (open, assign, acknowledge, resolve, close, SLA timers armed) through the ITSM API and on
 * bare Operaton, and prints both throughputs and their ratio. See {@code docs/benchmarks.md}.
 */
package dev.itsm.examples.bench;
