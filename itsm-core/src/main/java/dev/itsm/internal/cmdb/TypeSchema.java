package dev.itsm.internal.cmdb;

import dev.itsm.api.NotFoundException;
import dev.itsm.api.cmdb.AttributeDefinition;
import dev.itsm.api.cmdb.CiType;
import dev.itsm.api.cmdb.CiTypeDefinition;
import dev.itsm.api.cmdb.RelationType;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every CI type at one moment, resolved: each type with its inherited attributes, the subtypes of
 * each type, and which type declares each attribute. Immutable; built from the stored definitions.
 */
final class TypeSchema {
  private final Map<String, CiTypeDefinition> definitions;
  private final Map<String, Long> versions;
  private final Map<String, CiType> types = new TreeMap<>();
  private final Map<String, TreeSet<String>> subtypes = new TreeMap<>();
  private final Map<String, RelationType> relationTypes;
  /** Each known type's lineage, made once (imports ask it for every row). */
  private final Map<String, List<CiTypeDefinition>> lineages = new java.util.HashMap<>();

  /** @throws IllegalStateException if a parent is missing or the parents form a cycle */
  TypeSchema(Map<String, CiTypeDefinition> definitions, Map<String, Long> versions) {
    this(definitions, versions, Map.of());
  }

  TypeSchema(Map<String, CiTypeDefinition> definitions, Map<String, Long> versions, Map<String, RelationType> relationTypes) {
    this.definitions = Map.copyOf(definitions);
    this.versions = Map.copyOf(versions);
    this.relationTypes = new TreeMap<>(relationTypes);
    for (String name : definitions.keySet()) {
      lineages.put(name, List.copyOf(lineage(name)));
      List<AttributeDefinition> attributes = new ArrayList<>();
      for (CiTypeDefinition d : lineage(name)) {
        attributes.addAll(d.attributes());
      }
      CiTypeDefinition own = definitions.get(name);
      CiTypeDefinition ruled = null;
      for (CiTypeDefinition d : lineage(name)) {
        if (!d.identifiedBy().isEmpty()) {
          ruled = d;
        }
      }
      types.put(name, new CiType(name, own.parent(), own.changeControlled(), attributes, versions.getOrDefault(name, 1L),
          ruled == null ? List.of("name") : ruled.identifiedBy(), ruled == null ? name : ruled.name()));
      for (CiTypeDefinition ancestor : lineage(name)) {
        subtypes.computeIfAbsent(ancestor.name(), k -> new TreeSet<>()).add(name);
      }
    }
  }

  /** The type's definitions from the root type down to itself. */
  List<CiTypeDefinition> lineage(String name) {
    List<CiTypeDefinition> known = lineages.get(name);
    if (known != null) {
      return known;
    }
    List<CiTypeDefinition> chain = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String current = name; current != null; ) {
      if (seen.contains(current)) {
        seen.add(current);
        throw new IllegalStateException("CI type parents form a cycle: " + String.join(" -> ", seen));
      }
      seen.add(current);
      CiTypeDefinition d = definitions.get(current);
      if (d == null) {
        throw seen.size() < 2 ? new NotFoundException("Expected a CI type named '" + current + "', but there is none")
            : new IllegalStateException("CI type " + seen.get(seen.size() - 2) + " extends unknown type " + current);
      }
      chain.add(0, d);
      current = d.parent();
    }
    return chain;
  }

  boolean has(String name) {
    return types.containsKey(name);
  }

  CiType type(String name) {
    CiType type = types.get(name);
    if (type == null) {
      throw new NotFoundException("Expected a CI type named '" + name + "', but there is none");
    }
    return type;
  }

  Collection<CiType> all() {
    return types.values();
  }

  CiTypeDefinition definition(String name) {
    return definitions.get(name);
  }

  long version(String name) {
    return versions.getOrDefault(name, 0L);
  }

  /** The type and every type below it, sorted. */
  List<String> typeAndSubtypes(String name) {
    type(name);
    return List.copyOf(subtypes.getOrDefault(name, new TreeSet<>(List.of(name))));
  }

  /** Whether {@code name} is {@code ancestor} or one of its subtypes. */
  boolean isA(String name, String ancestor) {
    return subtypes.getOrDefault(ancestor, new TreeSet<>()).contains(name);
  }

  /** The type that declares the attribute the given type has (itself or an ancestor). */
  String declaringType(String name, String attribute) {
    for (CiTypeDefinition d : lineage(name)) {
      if (d.attributes().stream().anyMatch(a -> a.name().equals(attribute))) {
        return d.name();
      }
    }
    throw new IllegalStateException("CI type " + name + " has no attribute " + attribute);
  }

  /** A schema with these definitions added or replaced. */
  TypeSchema with(Collection<CiTypeDefinition> changed) {
    Map<String, CiTypeDefinition> next = new LinkedHashMap<>(definitions);
    Map<String, Long> nextVersions = new LinkedHashMap<>(versions);
    for (CiTypeDefinition d : changed) {
      next.put(d.name(), d);
      nextVersions.put(d.name(), versions.getOrDefault(d.name(), 0L) + 1);
    }
    return new TypeSchema(next, nextVersions, relationTypes);
  }

  /** A schema with this relation type added or replaced (its version one more). */
  TypeSchema with(RelationTypeDefinition relationType) {
    Map<String, RelationType> next = new LinkedHashMap<>(relationTypes);
    next.put(relationType.name(), new RelationType(relationType, relationVersion(relationType.name()) + 1));
    return new TypeSchema(definitions, versions, next);
  }

  /** The relation type, or {@code null}. */
  RelationType relationType(String name) {
    return relationTypes.get(name);
  }

  long relationVersion(String name) {
    RelationType type = relationTypes.get(name);
    return type == null ? 0 : type.version();
  }

  Collection<RelationType> relationTypes() {
    return relationTypes.values();
  }

  /** Whether an item of type {@code type} may be at an end that allows {@code allowed} (empty: any). */
  boolean allowed(String type, java.util.List<String> allowed) {
    return allowed.isEmpty() || allowed.stream().anyMatch(a -> isA(type, a));
  }
}
