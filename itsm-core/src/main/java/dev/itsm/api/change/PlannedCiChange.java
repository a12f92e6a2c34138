package dev.itsm.api.change;

import dev.itsm.api.cmdb.NewCi;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A modification of the CMDB that a change carries. Checked against the CI type schema when the
 * change is submitted; applied, all of them in one transaction with the implementation's success,
 * with every history entry caused by the change.
 */
public sealed interface PlannedCiChange {

  /** Sets attributes of an item (a {@code null} value removes one; the key {@code name} renames it). */
  static PlannedCiChange update(UUID ciId, Map<String, Object> attributes) {
    return new Update(ciId, attributes);
  }

  /** Creates an item; {@code key} names it for {@link #relate} in the same change. */
  static PlannedCiChange create(String key, NewCi ci) {
    return new Create(key, ci);
  }

  /** Retires an item. */
  static PlannedCiChange retire(UUID ciId) {
    return new Retire(ciId);
  }

  /** Relates two items: {@code source type target}; each end an existing item or one this change creates. */
  static PlannedCiChange relate(String type, CiEnd source, CiEnd target) {
    return new Relate(type, source, target);
  }

  /** See {@link PlannedCiChange#update}. */
  record Update(UUID ciId, Map<String, Object> attributes) implements PlannedCiChange {
    public Update {
      Objects.requireNonNull(ciId, "ciId");
      attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
  }

  /** See {@link PlannedCiChange#create}. */
  record Create(String key, NewCi ci) implements PlannedCiChange {
    public Create {
      Objects.requireNonNull(ci, "ci");
    }
  }

  /** See {@link PlannedCiChange#retire}. */
  record Retire(UUID ciId) implements PlannedCiChange {
    public Retire {
      Objects.requireNonNull(ciId, "ciId");
    }
  }

  /** See {@link PlannedCiChange#relate}. */
  record Relate(String type, CiEnd source, CiEnd target) implements PlannedCiChange {
    public Relate {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * One end of a planned relation: an existing item ({@link #of}) or an item the same change
   * creates ({@link #planned}).
   *
   * @param ciId    the existing item, or {@code null}
   * @param newKey  the key of a {@link Create} of the same change, or {@code null}
   */
  record CiEnd(UUID ciId, String newKey) {
    public CiEnd {
      if ((ciId == null) == (newKey == null)) {
        throw new IllegalArgumentException("a relation end is an existing item or a planned one, not both or neither");
      }
    }

    public static CiEnd of(UUID ciId) {
      return new CiEnd(ciId, null);
    }

    public static CiEnd planned(String key) {
      return new CiEnd(null, key);
    }
  }
}
