/** Release management: the release service, its aggregate and what the release process calls. Internal. */
package dev.itsm.internal.release;
