/** How core drives the process instances of tickets: start, complete steps, deliver messages, move timers. */
package dev.itsm.internal.process;
