package dev.itsm.internal.persistence;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids of the CMDB's items and relations: time-ordered UUIDs (version 7: the millisecond first, then
 * random bits, increasing within a millisecond), so the rows a large import writes land at the end
 * of the indexes on item ids (the items' key, their history, unique values, relation ends) instead of
 * on random pages of them. They are as unique as random UUIDs and tell when the row was made.
 */
public final class Ids {
  private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

  private Ids() {}

  public static UUID timeOrdered() {
    return GENERATOR.generate();
  }
}
