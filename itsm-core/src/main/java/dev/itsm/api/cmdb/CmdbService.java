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
   * Defines the CI types and relation types of a type file (JSON or YAML, see docs/cmdb.md) in one
   * unit: parents may come later in the file than their subtypes; a cycle of parents is refused
   * naming it. Returns the CI types it names.
   */
  List<CiType> defineTypes(Actor actor, InputStream typeFile);

  /**
   * Defines a relation type, or changes it. While relations of the type exist, its allowed source
   * and target types and its affected end stay as they are; names and impact rules may change.
   */
  RelationType defineRelationType(Actor actor, RelationTypeDefinition definition);

  /** Every relation type, sorted by name. */
  List<RelationType> relationTypes(Actor actor);

  /**
   * Every CI type that can be the affected end of a relation type without an impact rule for it
   * (sorted by relation type, then CI type); empty when the impact graph misses nothing.
   */
  List<ImpactGap> impactGaps(Actor actor);

  /** Relates two items of the actor's tenant: {@code source type target}. */
  Relation relate(Actor actor, String type, UUID source, UUID target);

  /** Removes a relation (its history stays with both items). */
  void unrelate(Actor actor, UUID relationId);

  /** The relations the item takes part in, as source or target. */
  List<Relation> relations(Actor actor, UUID ciId);

  /**
   * The relations the item had at that moment, read from the item, rebuilt from its history;
   * sorted by relation name, then other item id. {@link dev.itsm.api.NotFoundException} if it did
   * not exist yet.
   */
  List<RelatedItem> relationsAsOf(Actor actor, UUID ciId, Instant at);

  /**
   * Impact analysis following the relations and their impact rules (redundancy honoured, cycles
   * terminate): downstream, every item that fails when the given one fails; upstream, every item
   * whose failure could make it fail. Sorted by depth, then name; the analysed item is not listed.
   */
  List<ImpactedCi> impact(Actor actor, ImpactQuery query);

  /**
   * The business services ({@code BusinessService} and its subtypes) that fail when these items
   * fail together, e.g. the affected CIs of an incident: a downstream analysis from all of them at
   * once (so redundancy counts every one of them), the items that are services themselves at depth
   * 0. Sorted by depth, then name. At most 1000 failing items, each an item of the actor's tenant
   * ({@link dev.itsm.api.NotFoundException} otherwise).
   */
  List<ImpactedCi> affectedServices(Actor actor, java.util.Collection<UUID> failing);

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

  /**
   * Takes a baseline: a named snapshot of every item the query matches now (its paging is ignored;
   * at most 100,000 items).
   */
  Baseline createBaseline(Actor actor, String name, CiQuery query);

  /** The tenant's baselines, oldest first (by the time taken, then by name). */
  List<Baseline> baselines(Actor actor);

  /**
   * The differences from baseline {@code from} to baseline {@code to}, or, when {@code to} is
   * {@code null}, to the items its query matches now.
   */
  BaselineDiff diff(Actor actor, String from, String to);

  /**
   * Defines an import source and the fields it is the authority for, or changes it (needs
   * {@link dev.itsm.api.Permission#CMDB_TYPES}). Type files may define sources too.
   */
  ImportSource defineSource(Actor actor, ImportSource source);

  /** Every import source, sorted by name. */
  List<ImportSource> sources(Actor actor);

  /**
   * Imports items and relations from a JSON feed (see docs/cmdb.md), read as a stream: each item
   * row is identified by its type's identification rule (no match: created; one: updated with the
   * fields the source owns; several: a conflict, nothing written for the row). Importing the same
   * feed again changes nothing. Differences on items of change-controlled types that the unit of
   * work is not authorised for are recorded as {@link UnauthorisedChange}s instead of applied. Bad
   * rows are reported and skipped, unless {@link ImportOptions#allOrNothing()}. A feed that is not
   * JSON of the expected shape fails with an {@link dev.itsm.api.InvalidInputException} naming the
   * line and column (without all-or-nothing, the chunks before it stay imported).
   */
  ImportReport importFeed(Actor actor, InputStream feed, ImportOptions options);

  /**
   * Unauthorised changes of the tenant, oldest first; {@code status} {@code OPEN}, {@code APPLIED},
   * {@code DISMISSED}, or {@code null} for all; {@code limit} 1 to 1000.
   */
  Page<UnauthorisedChange> unauthorisedChanges(Actor actor, String status, int offset, int limit);

  /**
   * Reviews an open unauthorised change: {@code apply} writes the reported value to the item (as an
   * ordinary change, so for a change-controlled item it must run under an authorised change, or it
   * fails with {@link dev.itsm.api.ChangeControlledException}), otherwise it is dismissed. Either
   * way it is closed with the note (at most 2000 characters). {@link dev.itsm.api.NotFoundException}
   * for an unknown id, {@link dev.itsm.api.IllegalTransitionException} when it is not open.
   */
  UnauthorisedChange reviewUnauthorisedChange(Actor actor, UUID id, boolean apply, String note);

  /** The item's history, oldest first. */
  List<CiChange> history(Actor actor, UUID id);

  /**
   * The item as it was at that moment (name, state and attributes; the version it had then);
   * {@link dev.itsm.api.NotFoundException} if it did not exist yet.
   */
  Ci asOf(Actor actor, UUID id, Instant at);
}
