package dev.itsm.bpmn.cmdb;

import dev.itsm.api.ItsmEngineBuilder;

/** {@link CmdbImpactTest} with the relation graph cache off: every analysis walks the database. */
class CmdbImpactOnTheDatabaseTest extends CmdbImpactTest {

  @Override
  void configure(ItsmEngineBuilder builder) {
    builder.cmdbGraphCacheLimit(0);
  }

  @Override
  boolean cached() {
    return false;
  }
}
