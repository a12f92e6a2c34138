package dev.itsm.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A synthetic CMDB of {@code n} items with about three relations per item, shaped like a data
 * centre (see docs/benchmarks.md): business services depend on applications, applications on
 * databases; applications and databases run on virtual machines, each on its own server; servers
 * sit in racks and depend on an access switch; access switches depend on one of a few core
 * switches (the hubs); virtual machines are connected to each other (a relation without impact)
 * to bring the relation count to three per item. Deterministic: the same {@code n} gives the same
 * items, names and relations.
 *
 * <p>Shares of {@code n}: services 0.5 %, applications 5 %, databases 5 %, virtual machines 40 %,
 * servers 40 %, racks 2 %, core switches 0.015 %, access switches the rest (about 7.5 %).
 */
final class SyntheticCmdb {
  final int n;
  final int services;
  final int apps;
  final int dbs;
  final int vms;
  final int servers;
  final int racks;
  final int cores;
  final int access;
  private final int appBase;
  private final int dbBase;
  private final int vmBase;
  private final int serverBase;
  private final int rackBase;
  private final int coreBase;
  private final int accessBase;

  SyntheticCmdb(int n) {
    if (n < 10_000) {
      throw new IllegalArgumentException("Expected at least 10000 items, but got " + n);
    }
    this.n = n;
    services = n / 200;
    apps = n / 20;
    dbs = n / 20;
    vms = n * 2 / 5;
    servers = vms;
    racks = n / 50;
    cores = Math.max(1, n * 15 / 100_000);
    access = n - services - apps - dbs - vms - servers - racks - cores;
    appBase = services;
    dbBase = appBase + apps;
    vmBase = dbBase + dbs;
    serverBase = vmBase + vms;
    rackBase = serverBase + servers;
    coreBase = rackBase + racks;
    accessBase = coreBase + cores;
  }

  /** One item: its ref (also its name), type and attributes as a JSON object text. */
  record Item(String ref, String type, String attributes) {}

  /** One relation between two items' refs. */
  record Link(String type, String source, String target) {}

  static String ref(int i) {
    return "ci-" + i;
  }

  int rack(int r) {
    return rackBase + r;
  }

  int core(int c) {
    return coreBase + c;
  }

  Item item(int i) {
    String ref = ref(i);
    if (i < appBase) {
      return new Item(ref, "BusinessService", "{\"criticality\":\"high\",\"owner\":\"owner-" + (i % 97) + "\"}");
    }
    if (i < dbBase) {
      return new Item(ref, "BusinessApplication", "{\"vendor\":\"vendor-" + (i % 31) + "\",\"criticality\":\"medium\"}");
    }
    if (i < vmBase) {
      return new Item(ref, "Database", "{\"engine\":\"PostgreSQL\",\"sizeGb\":" + (i % 500) + "}");
    }
    if (i < serverBase) {
      return new Item(ref, "VirtualMachine", "{\"hostname\":\"vm-" + i + ".example.net\",\"os\":\"Linux\",\"vcpus\":4,\"memoryGb\":16}");
    }
    if (i < rackBase) {
      return new Item(ref, "Server", "{\"serialNumber\":\"SN" + i + "\",\"hostname\":\"srv-" + i
          + ".example.net\",\"os\":\"Linux\",\"cpuCores\":32,\"memoryGb\":256}");
    }
    if (i < coreBase) {
      return new Item(ref, "Location", "{\"site\":\"hall-" + (i % 12) + "\"}");
    }
    return new Item(ref, "NetworkDevice", "{\"serialNumber\":\"SN" + i + "\",\"model\":\"" + (i < accessBase ? "core" : "access")
        + "\",\"role\":\"switch\"}");
  }

  /** Every relation, in an order that names each item after the items it depends on are written (items come first anyway). */
  void links(Consumer<Link> out) {
    for (int e = 0; e < services; e++) {
      for (int j = 0; j < 10; j++) {
        out.accept(new Link("depends-on", ref(e), ref(appBase + (e * 10 + j) % apps)));
      }
    }
    for (int a = 0; a < apps; a++) {
      out.accept(new Link("depends-on", ref(appBase + a), ref(dbBase + a % dbs)));
      if (a % 2 == 0) {
        out.accept(new Link("depends-on", ref(appBase + a), ref(dbBase + (a + 1) % dbs)));
      }
      for (int j = 0; j < 4; j++) {
        out.accept(new Link("runs-on", ref(appBase + a), ref(vmBase + (4 * a + j) % vms)));
      }
    }
    for (int d = 0; d < dbs; d++) {
      for (int j = 0; j < 2; j++) {
        out.accept(new Link("runs-on", ref(dbBase + d), ref(vmBase + (apps * 4 + 2 * d + j) % vms)));
      }
    }
    for (int v = 0; v < vms; v++) {
      out.accept(new Link("runs-on", ref(vmBase + v), ref(serverBase + v)));
    }
    for (int s = 0; s < servers; s++) {
      out.accept(new Link("located-in", ref(serverBase + s), ref(rackBase + s % racks)));
      out.accept(new Link("depends-on", ref(serverBase + s), ref(accessBase + s % access)));
    }
    for (int w = 0; w < access; w++) {
      out.accept(new Link("located-in", ref(accessBase + w), ref(rackBase + w % racks)));
      out.accept(new Link("depends-on", ref(accessBase + w), ref(coreBase + w % cores)));
    }
    long sofar = (long) services * 10 + apps + apps / 2 + apps % 2 + apps * 4L + dbs * 2L + vms + servers * 2L + access * 2L;
    long filler = 3L * n - sofar;
    // virtual machines connected to others at growing distances: distinct pairs, no impact
    for (long k = 0; k < filler; k++) {
      int v = (int) (k % vms);
      int step = 1 + (int) (k / vms);
      out.accept(new Link("connected-to", ref(vmBase + v), ref(vmBase + (v + step * 7919) % vms)));
    }
  }

  long linkCount() {
    long[] count = {0};
    links(l -> count[0]++);
    return count[0];
  }

  /** Writes the feed (items, then relations) to the file, row by row. */
  void writeFeed(java.nio.file.Path file) throws IOException {
    try (var out = java.nio.file.Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("{\"items\": [\n");
      for (int i = 0; i < n; i++) {
        Item item = item(i);
        out.write((i == 0 ? "" : ",\n") + "{\"ref\":\"" + item.ref() + "\",\"type\":\"" + item.type() + "\",\"name\":\""
            + item.ref() + "\",\"attributes\":" + item.attributes() + "}");
      }
      out.write("],\n\"relations\": [\n");
      boolean[] first = {true};
      try {
        links(l -> {
          try {
            out.write((first[0] ? "" : ",\n") + "{\"type\":\"" + l.type() + "\",\"source\":\"" + l.source()
                + "\",\"target\":\"" + l.target() + "\"}");
            first[0] = false;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
      out.write("]}\n");
    }
  }
}
