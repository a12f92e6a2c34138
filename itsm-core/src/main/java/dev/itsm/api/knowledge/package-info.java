/**
 * Knowledge base: {@link dev.itsm.api.knowledge.KnowledgeService}, articles with a review workflow and
 * kept versions, ranked full-text search, suggestions for incidents and the "frequently asked" list.
 * See docs/knowledge.md.
 */
package dev.itsm.api.knowledge;
