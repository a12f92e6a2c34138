package dev.itsm.api.knowledge;

import java.util.UUID;

/**
 * One article found by a search, with the published version's title.
 *
 * @param excerpt           the start of the published body (at most 200 characters)
 * @param score             relevance as the search backend computes it: higher is better; comparable only
 *                          within one result list (PostgreSQL and the embedded index score differently)
 * @param resolvedIncidents how many incidents the article resolved
 */
public record SearchHit(UUID articleId, String number, String title, String excerpt, String language, double score,
                        long resolvedIncidents) {}
