package dev.itsm.bpmn.cmdb;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.cmdb.Ci;
import dev.itsm.api.cmdb.ImpactQuery;
import dev.itsm.api.cmdb.ImpactRule;
import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.api.cmdb.NewCi;
import dev.itsm.api.cmdb.Relation;
import dev.itsm.api.cmdb.RelationEnd;
import dev.itsm.api.cmdb.RelationTypeDefinition;
import dev.itsm.internal.engine.DefaultItsmEngine;
import dev.itsm.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cached graph walks exactly as the database does: on a random landscape (seeded) of a few
 * thousand items with cycles, redundancy clusters, type-specific rules and retired items, one node
 * analyses on its cached graph and another, with the cache off, on the database; every answer
 * (items, depths, paths, "alone") is the same, downstream and upstream, with and without depth
 * limits and type filters. Then both nodes change the landscape, and the cached node walks its
 * patched graph - after its own writes at once, after the other node's once it polled.
 */
class CmdbGraphEquivalenceTest {
  private static final Actor CM = Actor.configurationManager("cora");
  private static final long SEED = 20260511L;
  private static final int ITEMS = 2500;
  private static final int QUERIES = 30;

  private final Random random = new Random(SEED);
  private TestDatabase database;
  private ItsmEngine cached;
  private ItsmEngine onDatabase;
  private final Map<String, List<Ci>> byType = new LinkedHashMap<>();
  private final List<Ci> all = new ArrayList<>();
  private final Set<String> related = new HashSet<>();
  private final List<Relation> relations = new ArrayList<>();
  private final Set<UUID> retired = new HashSet<>();

  @BeforeEach
  void start() {
    database = TestDatabase.create();
    cached = ItsmEngine.builder().jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .engineName("cached-" + UUID.randomUUID()).jobExecutor(false).plugin(DIRECTORY)
        .cmdbGraphPollInterval(Duration.ofDays(1)).build();
    // redundancy with "at least 2", and a rule for one type (and its subtypes) only; defined before the
    // other node starts, so that its cached schema has them
    cached.cmdb().defineRelationType(CM, new RelationTypeDefinition("pooled-in", "pools", List.of(), List.of("Cluster"),
        RelationEnd.TARGET, ImpactRule.redundancy(2), Map.of(), false));
    cached.cmdb().defineRelationType(CM, new RelationTypeDefinition("protected-by", "protects", List.of(), List.of(),
        RelationEnd.SOURCE, ImpactRule.none(), Map.of("Application", ImpactRule.propagates()), false));
    onDatabase = ItsmEngine.builder().jdbcUrl(database.jdbcUrl(), database.user(), database.isPostgres() ? null : "")
        .engineName("database-" + UUID.randomUUID()).jobExecutor(false).plugin(DIRECTORY)
        .cmdbGraphCacheLimit(0).build();
  }

  @AfterEach
  void stop() {
    try {
      if (cached != null) cached.close();
      if (onDatabase != null) onDatabase.close();
    } finally {
      database.close();
    }
  }

  @Test
  void theCachedGraphAnswersAsTheDatabaseDoesBeforeAndAfterChanges() {
    landscape();
    assertSameAnswers("as loaded");

    // changes on the cached node: its graph is patched after each commit
    cached.inTransaction(() -> changes(cached, 40));
    for (int i = 0; i < 10; i++) {
      changes(cached, 2);
    }
    assertSameAnswers("after the cached node's own changes");

    // changes on the other node: seen once the cached node polled
    onDatabase.inTransaction(() -> changes(onDatabase, 40));
    ((DefaultItsmEngine) cached).runtime().cmdbGraphs().refresh();
    assertSameAnswers("after the other node's changes");
  }

  private void assertSameAnswers(String when) {
    Random pick = new Random(SEED + when.hashCode());
    List<ImpactQuery> queries = new ArrayList<>();
    for (int i = 0; i < QUERIES; i++) {
      Ci start = all.get(pick.nextInt(all.size()));
      for (ImpactQuery q : List.of(ImpactQuery.downstream(start.id()), ImpactQuery.upstream(start.id()))) {
        queries.add(q);
        queries.add(switch (pick.nextInt(3)) {
          case 0 -> q.maxDepth(1 + pick.nextInt(3));
          case 1 -> q.ofTypes("BusinessService", "Application");
          default -> q.maxDepth(2).ofTypes("Database");
        });
      }
    }
    // the hubs too: every location and cluster
    for (String type : List.of("Location", "Cluster")) {
      for (Ci hub : byType.get(type)) {
        queries.add(ImpactQuery.downstream(hub.id()));
        queries.add(ImpactQuery.upstream(hub.id()));
      }
    }
    int reported = 0;
    int notAlone = 0;
    int deepest = 0;
    for (ImpactQuery q : queries) {
      List<ImpactedCi> fromCache = cached.cmdb().impact(AGENT, q);
      List<ImpactedCi> fromDatabase = onDatabase.cmdb().impact(AGENT, q);
      assertThat(fromCache).as("%s: %s", when, q).isEqualTo(fromDatabase);
      reported += fromCache.size();
      notAlone += (int) fromCache.stream().filter(c -> !c.alone()).count();
      deepest = Math.max(deepest, fromCache.stream().mapToInt(ImpactedCi::depth).max().orElse(0));
    }
    // the landscape is not trivial: the answers are long, deep and use redundancy
    assertThat(reported).as(when).isGreaterThan(queries.size() * 5);
    assertThat(notAlone).as(when).isPositive();
    assertThat(deepest).as(when).isGreaterThanOrEqualTo(4);
    assertThat(((DefaultItsmEngine) cached).runtime().cmdbGraphs().cached()).containsKey(AGENT.tenantId());
  }

  /** Items of every layer, and relations mostly from one layer to the next, some back (cycles). */
  private void landscape() {
    Map<String, Integer> mix = new LinkedHashMap<>();
    mix.put("Location", 8);
    mix.put("BusinessService", 120);
    mix.put("BusinessApplication", 250);
    mix.put("Platform", 100);
    mix.put("Database", 250);
    mix.put("VirtualMachine", 450);
    mix.put("Cluster", 60);
    mix.put("Server", 900);
    mix.put("NetworkDevice", 150);
    mix.put("Storage", ITEMS - 2288);
    cached.inTransaction(() -> mix.forEach((type, count) -> {
      for (int i = 0; i < count; i++) {
        Ci ci = cached.cmdb().create(CM, NewCi.of(type, type.toLowerCase() + "-" + i, Map.of()));
        byType.computeIfAbsent(type, k -> new ArrayList<>()).add(ci);
        all.add(ci);
      }
    }));
    List<Ci> apps = new ArrayList<>(byType.get("BusinessApplication"));
    apps.addAll(byType.get("Platform"));
    List<Ci> hardware = new ArrayList<>(byType.get("Server"));
    hardware.addAll(byType.get("NetworkDevice"));
    hardware.addAll(byType.get("Storage"));
    List<Ci> hosts = new ArrayList<>(byType.get("Server"));
    hosts.addAll(byType.get("VirtualMachine"));
    hosts.addAll(byType.get("Cluster"));
    cached.inTransaction(() -> {
      for (Ci service : byType.get("BusinessService")) {
        relateSome(cached, "depends-on", service, apps, 1 + random.nextInt(3));
      }
      for (Ci a : apps) {
        relateSome(cached, "depends-on", a, byType.get("Database"), random.nextInt(3));
        relateSome(cached, "runs-on", a, hosts, 1 + random.nextInt(2));
        if (random.nextInt(5) == 0) {
          relateSome(cached, "depends-on", a, apps, 1);   // cycles among applications
        }
        if (random.nextInt(6) == 0) {
          relateSome(cached, "protected-by", a, byType.get("NetworkDevice"), 1);
        }
      }
      for (Ci d : byType.get("Database")) {
        relateSome(cached, "runs-on", d, hosts, 1);
        if (random.nextInt(8) == 0) {
          relateSome(cached, "depends-on", d, apps, 1);   // and back from databases
        }
        if (random.nextInt(4) == 0) {
          relateSome(cached, "protected-by", d, byType.get("NetworkDevice"), 1);
        }
      }
      for (Ci vm : byType.get("VirtualMachine")) {
        relateSome(cached, "runs-on", vm, byType.get("Server"), 1);
        if (random.nextInt(3) == 0) {
          relateSome(cached, "pooled-in", vm, byType.get("Cluster"), 1);
        }
      }
      for (Ci server : byType.get("Server")) {
        if (random.nextInt(3) == 0) {
          relateSome(cached, "member-of", server, byType.get("Cluster"), 1);
        }
      }
      for (Ci h : hardware) {
        relateSome(cached, "located-in", h, byType.get("Location"), 1);
        if (random.nextInt(4) == 0) {
          relateSome(cached, "connected-to", h, hardware, 1);
        }
      }
      for (Ci storage : byType.get("Storage")) {
        relateSome(cached, "member-of", storage, byType.get("Cluster"), random.nextInt(2));
      }
    });
    retireSome(cached, ITEMS / 40);
  }

  /** Some relations added, some removed, some items renamed and retired. */
  private void changes(ItsmEngine node, int count) {
    List<Ci> apps = new ArrayList<>(byType.get("BusinessApplication"));
    apps.addAll(byType.get("Platform"));
    for (int i = 0; i < count; i++) {
      switch (random.nextInt(4)) {
        case 0 -> relateSome(node, "depends-on", pick(apps), apps, 1);
        case 1 -> relateSome(node, "runs-on", pick(byType.get("Database")), byType.get("Server"), 1);
        case 2 -> {
          Relation r = relations.remove(random.nextInt(relations.size()));
          node.cmdb().unrelate(CM, r.id());
        }
        default -> {
          Ci ci = pick(all);
          if (!retired.contains(ci.id())) {
            node.cmdb().update(CM, node.cmdb().get(CM, ci.id()).ref(), Map.of("name", "renamed-" + random.nextInt(1000)));
          }
        }
      }
    }
    retireSome(node, count / 10 + 1);
  }

  private Ci pick(List<Ci> items) {
    for (int tries = 0; tries < 100; tries++) {
      Ci ci = items.get(random.nextInt(items.size()));
      if (!retired.contains(ci.id())) {
        return ci;
      }
    }
    throw new IllegalStateException("no live item to pick");
  }

  private void relateSome(ItsmEngine node, String type, Ci source, List<Ci> targets, int count) {
    if (retired.contains(source.id())) {
      return;
    }
    for (int i = 0; i < count; i++) {
      Ci target = pick(targets);
      if (target.id().equals(source.id()) || !related.add(type + source.id() + target.id())) {
        continue;
      }
      relations.add(node.cmdb().relate(CM, type, source.id(), target.id()));
    }
  }

  private void retireSome(ItsmEngine node, int count) {
    for (int i = 0; i < count; i++) {
      Ci ci = pick(all);
      node.cmdb().retire(CM, node.cmdb().get(CM, ci.id()).ref());
      retired.add(ci.id());
    }
  }
}
