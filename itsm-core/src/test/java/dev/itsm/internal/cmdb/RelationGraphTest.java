package dev.itsm.internal.cmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.internal.persistence.CiRow;
import dev.itsm.internal.persistence.RelationRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The compact graph: relations per item in walk order, patches, and its size. */
class RelationGraphTest {
  private final UUID a = UUID.randomUUID();
  private final UUID b = UUID.randomUUID();
  private final UUID c = UUID.randomUUID();
  private final UUID d = UUID.randomUUID();

  private static CiRow item(UUID id, String type, String name, String state) {
    CiRow row = new CiRow();
    row.id = id;
    row.typeName = type;
    row.name = name;
    row.state = state;
    return row;
  }

  private static RelationRow relation(String type, UUID source, UUID target) {
    RelationRow row = new RelationRow();
    row.typeName = type;
    row.sourceId = source;
    row.targetId = target;
    return row;
  }

  /** The item's relations as "type source->target" with names. */
  private static List<String> relationsOf(RelationGraph g, UUID id) {
    int n = g.node(id);
    List<String> out = new ArrayList<>();
    for (int k = 0; k < g.degree(n); k++) {
      out.add(g.relationType(n, k) + " " + g.name(g.source(n, k)) + "->" + g.name(g.target(n, k)));
    }
    return out;
  }

  private RelationGraph abc() {
    RelationGraph.Builder builder = new RelationGraph.Builder(3, 4);
    builder.item(item(a, "Application", "a", "IN_USE"));
    builder.item(item(b, "Server", "b", "IN_USE"));
    builder.item(item(c, "Server", "c", "RETIRED"));
    builder.relation(relation("runs-on", a, b));
    builder.relation(relation("depends-on", b, a));
    builder.relation(relation("depends-on", a, a));
    builder.relation(relation("runs-on", a, c));
    assertThat(builder.unknown()).isEmpty();
    return builder.build();
  }

  @Test
  void eachItemHasItsRelationsInTheOrderTheyCameAndARelationToItselfOnce() {
    RelationGraph g = abc();

    assertThat(relationsOf(g, a)).containsExactly("runs-on a->b", "depends-on b->a", "depends-on a->a", "runs-on a->c");
    assertThat(relationsOf(g, b)).containsExactly("runs-on a->b", "depends-on b->a");
    assertThat(relationsOf(g, c)).containsExactly("runs-on a->c");
    assertThat(g.live(g.node(a))).isTrue();
    assertThat(g.live(g.node(c))).as("retired").isFalse();
    assertThat(g.type(g.node(b))).isEqualTo("Server");
    assertThat(g.id(g.node(b))).isEqualTo(b);
    assertThat(g.node(d)).isEqualTo(-1);
  }

  @Test
  void aRelationEndThatWasNotAmongTheItemsIsUnknownUntilItsRowIsGiven() {
    RelationGraph.Builder builder = new RelationGraph.Builder(1, 1);
    builder.item(item(a, "Application", "a", "IN_USE"));
    builder.relation(relation("runs-on", a, d));

    assertThat(builder.unknown()).containsExactly(d);
    builder.item(item(d, "Server", "d", "IN_USE"));
    RelationGraph g = builder.build();
    assertThat(relationsOf(g, a)).containsExactly("runs-on a->d");
    assertThat(g.live(g.node(d))).isTrue();
  }

  @Test
  void patchesReplaceTheTouchedItemsAndAddNewOnes() {
    RelationGraph g = abc();

    // b renamed, a new item d related to b; b no longer depends on a
    g.patch(List.of(b, d), List.of(item(b, "Server", "b2", "IN_USE"), item(d, "Database", "d", "IN_USE")),
        Map.of(b, List.of(relation("runs-on", a, b), relation("runs-on", d, b)), d, List.of(relation("runs-on", d, b))),
        List.of());
    g.patch(List.of(a), List.of(item(a, "Application", "a", "IN_USE")),
        Map.of(a, List.of(relation("runs-on", a, b), relation("depends-on", a, a))), List.of());

    assertThat(relationsOf(g, a)).containsExactly("runs-on a->b2", "depends-on a->a");
    assertThat(relationsOf(g, b)).containsExactly("runs-on a->b2", "runs-on d->b2");
    assertThat(relationsOf(g, d)).containsExactly("runs-on d->b2");
    assertThat(relationsOf(g, c)).as("untouched").containsExactly("runs-on a->c");

    // an item that is no longer one of the tenant's
    g.patch(List.of(d), List.of(), Map.of(), List.of());
    assertThat(g.live(g.node(d))).isFalse();
    assertThat(g.has(d)).isFalse();
    assertThat(g.degree(g.node(d))).isZero();
  }

  @Test
  void aMillionItemsAndThreeMillionRelationsTakeWellUnderAGibibyte() {
    long typical = RelationGraph.estimatedBytes(1_000_000, 3_000_000, 20);
    long longestNames = RelationGraph.estimatedBytes(1_000_000, 3_000_000, 200);

    assertThat(typical).isBetween(140_000_000L, 160_000_000L);
    assertThat(longestNames).isLessThan(350_000_000L);
  }

  @Test
  void theEstimateOfABuiltGraphMatchesTheEstimateBeforeLoading() {
    int items = 20_000;
    RelationGraph.Builder builder = new RelationGraph.Builder(items, 3L * items);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      builder.item(item(id, i % 2 == 0 ? "Server" : "Application", String.format("item-%015d", i), "IN_USE"));
    }
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 3 * items; i++) {
      builder.relation(relation("depends-on", ids.get(random.nextInt(items)), ids.get(random.nextInt(items))));
    }
    RelationGraph g = builder.build();

    long before = RelationGraph.estimatedBytes(items, 3L * items, 20);
    assertThat((double) g.estimatedBytes()).isBetween(before * 0.9, before * 1.25);
    assertThat(g.size()).isEqualTo(items);
  }
}
