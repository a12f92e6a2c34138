/** Domain events delivered to host listeners after commit, and their type names. */
package dev.itsm.api.event;
