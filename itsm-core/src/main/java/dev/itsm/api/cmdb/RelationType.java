package dev.itsm.api.cmdb;

/**
 * A defined relation type.
 *
 * @param definition what was defined
 * @param version    1 for a new definition, one more for every change of it
 */
public record RelationType(RelationTypeDefinition definition, long version) {
  public String name() {
    return definition.name();
  }
}
