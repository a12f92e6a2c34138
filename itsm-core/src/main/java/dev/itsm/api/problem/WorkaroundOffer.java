package dev.itsm.api.problem;

import java.util.UUID;

/**
 * A published workaround that matches an incident: the known error's problem shares a CI or the
 * category with the incident, and its text is similar.
 *
 * @param similarity share of the known error's words found in the incident's title and description, 0 to 1
 * @param sameCi     whether a CI matched (else the category)
 */
public record WorkaroundOffer(UUID problemId, String problemNumber, String symptom, String workaround, UUID articleId,
                              double similarity, boolean sameCi) {}
