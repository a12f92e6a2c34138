package dev.itsm.internal.release;

import static dev.itsm.internal.persistence.TicketLinks.BUNDLED_IN_RELEASE;
import static dev.itsm.internal.persistence.TicketLinks.FIXES_PROBLEM;

import dev.itsm.api.cmdb.ImpactedCi;
import dev.itsm.internal.cmdb.CmdbServiceImpl;
import dev.itsm.internal.persistence.ChangeMapper;
import dev.itsm.internal.persistence.ChangeRow;
import dev.itsm.internal.persistence.ProblemMapper;
import dev.itsm.internal.persistence.ProblemRow;
import dev.itsm.internal.persistence.ReleaseEnvRow;
import dev.itsm.internal.persistence.ReleaseMapper;
import dev.itsm.internal.persistence.ReleaseRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.tx.ItsmSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Release notes as Markdown, generated from a release's bundled changes: their titles, descriptions and affected
 * services, the problems they fix, and the known errors still open on the release's CIs. Text from users is escaped
 * so that it reads as written: it cannot open a heading, a list or a link, nor carry HTML.
 */
final class ReleaseNotes {
  /** Characters that mean something to Markdown inside a line. */
  private static final Pattern INLINE = Pattern.compile("[\\\\`*_\\[\\]{}|~#!]");
  /** A line start that Markdown reads as a block: a list, quote, heading underline or numbered item. */
  private static final Pattern BLOCK_START = Pattern.compile("^(\\s*)([-+=>]|\\d+[.)])");

  private ReleaseNotes() {}

  static String generate(ItsmSession s, LoadedRelease release, CmdbServiceImpl cmdb) {
    ReleaseRow row = release.row();
    s.flush();
    ChangeMapper changes = s.mapper(ChangeMapper.class);
    ProblemMapper problems = s.mapper(ProblemMapper.class);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(row.number).append(": ").append(line(row.title)).append(" (version ")
        .append(line(row.releaseVersion)).append(")\n\n");
    md.append('*').append(row.releaseType.charAt(0)).append(row.releaseType.substring(1).toLowerCase(Locale.ROOT))
        .append(" release*, deployed to ")
        .append(release.envs().stream().map(e -> line(e.name)).collect(Collectors.joining(" → "))).append(".\n");
    if (row.description != null) {
      md.append('\n').append(text(row.description)).append('\n');
    }
    md.append("\n## Changes\n");
    Map<UUID, ProblemRow> fixed = new LinkedHashMap<>();
    for (UUID id : changes.selectLinkedFrom(row.id, BUNDLED_IN_RELEASE)) {
      ChangeRow change = changes.selectChange(id);
      md.append("\n### ").append(change.number).append(": ").append(line(change.title)).append('\n');
      if (change.description != null) {
        md.append('\n').append(text(change.description)).append('\n');
      }
      List<UUID> cis = s.mapper(TicketMapper.class).selectCis(List.of(id)).stream().map(r -> r.ciId).toList();
      List<ImpactedCi> services = cis.isEmpty() ? List.of() : cmdb.affectedServices(s, row.tenantId, cis);
      md.append("\nAffected services: ").append(services.isEmpty() ? "none recorded"
          : services.stream().map(c -> line(c.name())).sorted().collect(Collectors.joining(", "))).append(".\n");
      for (UUID problem : problems.selectLinkedTo(id, FIXES_PROBLEM)) {
        fixed.computeIfAbsent(problem, problems::selectProblem);
      }
    }
    md.append("\n## Problems fixed\n\n");
    if (fixed.isEmpty()) {
      md.append("None.\n");
    }
    fixed.values().forEach(p -> md.append("- ").append(p.number).append(": ").append(line(p.title)).append('\n'));
    md.append("\n## Known errors still open\n\n");
    List<ProblemRow> open = release.cis().isEmpty() ? List.of()
        : s.mapper(ReleaseMapper.class).selectOpenKnownErrorsOn(row.tenantId, release.cis());
    if (open.isEmpty()) {
      md.append("None.\n");
    }
    for (ProblemRow p : open) {
      md.append("- ").append(p.number).append(": ").append(line(p.title));
      if (p.workaround != null) {
        md.append(". Workaround: ").append(line(p.workaround));
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** One line of user text: line breaks become spaces, Markdown and HTML characters are escaped. */
  static String line(String text) {
    return inline(text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
  }

  /** A paragraph of user text: each line escaped, none starting a block. */
  static String text(String text) {
    return text.lines().map(l -> {
      String escaped = inline(l);
      return BLOCK_START.matcher(escaped).replaceFirst(m -> m.group(1) + "\\\\" + m.group(2));
    }).collect(Collectors.joining("\n"));
  }

  private static String inline(String text) {
    String html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return INLINE.matcher(html).replaceAll(m -> "\\\\" + java.util.regex.Matcher.quoteReplacement(m.group()));
  }
}
