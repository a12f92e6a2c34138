/** The knowledge base: the service, the article aggregate and the two search backends. */
package dev.itsm.internal.knowledge;
