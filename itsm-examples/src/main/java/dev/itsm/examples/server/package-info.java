/**
 * The example server: the ITSM engine behind a small JSON REST API on an embedded HTTP server
 * (Javalin), with demo users, groups and incidents.
 *
 * <p>Start it with {@link dev.itsm.examples.server.ExampleServer#main(String[])}; tests run it around
 * an engine of their own with {@link dev.itsm.examples.server.ExampleServer#start}. Handlers are thin:
 * they parse the request, call the library's services with the authenticated {@link dev.itsm.api.Actor}
 * and map the result (or the library's typed exception) to JSON (or RFC 9457 problem details).
 * Authorisation is the library's own; this package only authenticates.
 */
package dev.itsm.examples.server;
