package dev.itsm.api.cmdb;

import java.util.Objects;

/**
 * How the failure of one end of a relation affects the other end ({@link RelationTypeDefinition#affects()}).
 *
 * @param propagation whether and how it propagates
 * @param atLeast     for {@link Propagation#REDUNDANCY}: the affected item is down when at least this
 *                    many of the items it relates to across this relation type are down; {@code null}
 *                    when all of them must be down. {@code null} for the other kinds.
 */
public record ImpactRule(Propagation propagation, Integer atLeast) {

  /** Kinds of impact propagation. */
  public enum Propagation {
    /** A failure of the other end makes the affected end fail. */
    PROPAGATES,
    /** A failure does not cross this relation. */
    NONE,
    /** The affected end fails only when enough of the items it relates to (all, or at least k) fail. */
    REDUNDANCY
  }

  public ImpactRule {
    Objects.requireNonNull(propagation, "propagation");
    if (propagation != Propagation.REDUNDANCY && atLeast != null) {
      throw new IllegalArgumentException("atLeast is only for REDUNDANCY, but the rule is " + propagation);
    }
    if (atLeast != null && atLeast < 1) {
      throw new IllegalArgumentException("atLeast must be at least 1, but is " + atLeast);
    }
  }

  public static ImpactRule propagates() {
    return new ImpactRule(Propagation.PROPAGATES, null);
  }

  public static ImpactRule none() {
    return new ImpactRule(Propagation.NONE, null);
  }

  /** Down when at least {@code k} of the related items are down. */
  public static ImpactRule redundancy(int k) {
    return new ImpactRule(Propagation.REDUNDANCY, k);
  }

  /** Down only when all of the related items are down. */
  public static ImpactRule redundancyAll() {
    return new ImpactRule(Propagation.REDUNDANCY, null);
  }
}
