package dev.itsm.api.cmdb;

import dev.itsm.api.Actor;
import dev.itsm.api.Page;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The configuration management database: CI types with attribute schemas, configuration items
 * validated against them, and the history of every change. Reading needs
 * {@link dev.itsm.api.Permission#CMDB_READ}, changing items {@link dev.itsm.api.Permission#CMDB_WRITE},
 * defining types {@link dev.itsm.api.Permission#CMDB_TYPES}. Every method runs as one unit of work
 * (or joins the running one); bad input throws a typed {@link dev.itsm.api.ItsmException} naming
 * the type, attribute or item, and writes nothing.
 */
public interface CmdbService {

  /**
   * Defines a type, or changes its definition. A change must keep every attribute with its type
   * (it may add attributes, relax limits, or change flags); a new required attribute needs a
   * default. Defining the same definition again changes nothing.
   */
  CiType defineType(Actor actor, CiTypeDefinition definition);

  /**
   * Defines the types of a JSON type file (see docs/cmdb.md for the format) in one unit: parents
   * may come later in the file than their subtypes; a cycle of parents is refused naming it.
   */
  List<CiType> defineTypes(Actor actor, InputStream typeFile);

  /** The type (with inherited attributes); {@link dev.itsm.api.NotFoundException} if unknown. */
  CiType type(Actor actor, String name);

  /** Every type, sorted by name. */
  List<CiType> types(Actor actor);

  /** The names of the type and all its subtypes, sorted. */
  List<String> typeAndSubtypes(Actor actor, String name);

  /** Creates an item in the actor's tenant. */
  Ci create(Actor actor, NewCi ci);

  /** The item; {@link dev.itsm.api.NotFoundException} if unknown or of another tenant. */
  Ci get(Actor actor, UUID id);

  /**
   * Changes attributes (a {@code null} value removes one) and, with the key {@code name}, the name.
   * Attributes not named stay as they are.
   */
  Ci update(Actor actor, CiRef ci, Map<String, Object> changes);

  /** Moves the item along its lifecycle ({@link CiState#next()}). */
  Ci changeState(Actor actor, CiRef ci, CiState target);

  /** {@link #changeState} to {@link CiState#RETIRED}. */
  default Ci retire(Actor actor, CiRef ci) {
    return changeState(actor, ci, CiState.RETIRED);
  }

  /** Items of the actor's tenant matching the query. */
  Page<Ci> query(Actor actor, CiQuery query);

  /** The item's history, oldest first. */
  List<CiChange> history(Actor actor, UUID id);

  /**
   * The item as it was at that moment (name, state and attributes; the version it had then);
   * {@link dev.itsm.api.NotFoundException} if it did not exist yet.
   */
  Ci asOf(Actor actor, UUID id, Instant at);
}
