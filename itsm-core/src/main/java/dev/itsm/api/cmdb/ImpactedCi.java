package dev.itsm.api.cmdb;

import java.util.List;
import java.util.UUID;

/**
 * One item an impact analysis found, with the path that explains why.
 *
 * @param id     the item
 * @param type   its CI type
 * @param name   its name
 * @param depth  relations between it and the analysed item
 * @param path   the relations from the analysed item to it, each read in the direction walked
 * @param alone  downstream: always {@code true}. Upstream: whether its failure alone would make
 *               the analysed item fail ({@code false} when a redundancy rule on the path needs
 *               further failures)
 */
public record ImpactedCi(UUID id, String type, String name, int depth, List<ImpactStep> path, boolean alone) {
  public ImpactedCi {
    path = List.copyOf(path);
  }
}
