package dev.itsm.internal.problem;

import dev.itsm.api.Actor;
import dev.itsm.api.event.EventTypes;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.problem.ProblemProposal;
import dev.itsm.api.problem.ProblemSettings;
import dev.itsm.api.problem.WorkaroundOffer;
import dev.itsm.internal.outbox.Outbox;
import dev.itsm.internal.persistence.CallerFlagRow;
import dev.itsm.internal.persistence.IncidentRow;
import dev.itsm.internal.persistence.ProblemMapper;
import dev.itsm.internal.persistence.ProblemRow;
import dev.itsm.internal.persistence.ProposalRow;
import dev.itsm.internal.persistence.TicketMapper;
import dev.itsm.internal.tx.ItsmSession;
import dev.itsm.spi.Directory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Proactive problem detection, run in the transaction that opens an incident: records the incident's
 * signals (category, CIs, caller and service), proposes a problem when incidents repeat on a CI or in a
 * category, warns the desk and flags the caller when a caller repeats, and offers matching published
 * workarounds as work notes.
 */
final class Detection {
  static final String CATEGORY = "CATEGORY";
  static final String CI = "CI";
  static final String CALLER = "CALLER";
  /** CIs of one incident that detection counts (an incident on more is counted on its first ones). */
  private static final int MAX_CIS = 20;
  private static final int MAX_LISTED = 50;
  private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "with", "not", "are", "was", "were", "from",
      "this", "that", "when", "after", "before", "into", "but", "our", "your", "can", "cannot", "does", "has", "have",
      "had", "all", "any", "its", "they", "them", "there", "then", "than", "out", "off", "via", "per", "again", "some");

  private final ProblemSettings settings;
  private final Directory directory;
  private final IncidentService incidents;

  Detection(ProblemSettings settings, Directory directory, IncidentService incidents) {
    this.settings = settings;
    this.directory = directory;
    this.incidents = incidents;
  }

  /** Everything detection does for a newly opened incident (in its transaction). */
  void incidentOpened(ItsmSession s, IncidentRow incident, List<UUID> cis) {
    ProblemMapper batch = s.batch(ProblemMapper.class);
    Instant now = s.now();
    List<UUID> counted = cis.size() > MAX_CIS ? cis.subList(0, MAX_CIS) : cis;
    batch.insertSignal(incident.id, CATEGORY, incident.category, incident.tenantId, now);
    counted.forEach(ci -> batch.insertSignal(incident.id, CI, ci.toString(), incident.tenantId, now));
    String contactKey = incident.service == null ? null : incident.callerId + "|" + incident.service;
    if (contactKey != null) {
      batch.insertSignal(incident.id, CALLER, contactKey, incident.tenantId, now);
    }
    if (settings.repeatedIncidents() > 0) {
      repeated(s, incident, ProblemProposal.Basis.CATEGORY, incident.category, null);
      for (UUID ci : counted) {
        repeated(s, incident, ProblemProposal.Basis.CI, ci.toString(), ci);
      }
    }
    contacts(s, incident, contactKey);
    for (WorkaroundOffer offer : offers(s, incident, cis)) {
      String text = "Known error " + offer.problemNumber() + " may be the cause (" + (offer.sameCi() ? "same CI" : "same category")
          + ", similarity " + String.format(Locale.ROOT, "%.2f", offer.similarity()) + "). Workaround: " + offer.workaround();
      incidents.addNote(Actor.system(incident.tenantId), incident.id, NewNote.workNote(clip(text)));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("problemId", offer.problemId().toString());
      data.put("problemNumber", offer.problemNumber());
      data.put("similarity", offer.similarity());
      Outbox.event(s, incident, EventTypes.INCIDENT_WORKAROUND_OFFERED, data);
    }
  }

  /** A repeat on one basis: joins the open proposal, or proposes a problem when the count is reached. */
  private void repeated(ItsmSession s, IncidentRow incident, ProblemProposal.Basis basis, String key, UUID ci) {
    ProblemMapper mapper = s.mapper(ProblemMapper.class);
    ProposalRow latest = mapper.selectLatestProposal(incident.tenantId, basis.name(), key);
    if (latest != null && ProblemProposal.Status.OPEN.name().equals(latest.status)) {
      s.batch(ProblemMapper.class).insertProposalIncident(latest.id, incident.id);
      s.audit(incident.id, incident.tenantId, "detect", "proposal", null, latest.id.toString());
      return;
    }
    Instant since = s.now().minus(settings.incidentPeriod());
    Instant decided = latest == null ? null : latest.decidedAt;
    if (decided != null && !decided.isBefore(since)) {
      since = decided.plusMillis(1);   // only incidents after the last decision on this basis count again
    }
    String signal = basis == ProblemProposal.Basis.CI ? CI : CATEGORY;
    List<UUID> earlier = mapper.selectSignalTickets(incident.tenantId, signal, key, since, settings.repeatedIncidents());
    if (earlier.size() + 1 < settings.repeatedIncidents()) {
      return;
    }
    if (mapper.countOpenProblemsOn(incident.tenantId, ci == null ? key : null, ci) > 0) {
      return;   // a problem on it is being worked already
    }
    ProposalRow proposal = new ProposalRow();
    proposal.id = UUID.randomUUID();
    proposal.tenantId = incident.tenantId;
    proposal.basis = basis.name();
    proposal.basisKey = key;
    proposal.status = ProblemProposal.Status.OPEN.name();
    proposal.proposedAt = s.now();
    s.changed();
    mapper.insertProposal(proposal);
    ProblemMapper batch = s.batch(ProblemMapper.class);
    earlier.forEach(id -> batch.insertProposalIncident(proposal.id, id));
    batch.insertProposalIncident(proposal.id, incident.id);
    int count = earlier.size() + 1;
    s.audit(incident.id, incident.tenantId, "detect", "proposal", null, proposal.id.toString());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("proposalId", proposal.id.toString());
    data.put("basis", basis.name());
    data.put("key", key);
    data.put("incidents", count);
    Outbox.event(s, incident, EventTypes.PROBLEM_PROPOSED, data);
    String what = basis == ProblemProposal.Basis.CI ? "on CI " + key : "in category " + key;
    Outbox.notify(s, incident, EventTypes.PROBLEM_PROPOSED, "proposal:" + proposal.id,
        directory.members(settings.problemManagers()), "Problem proposed: " + count + " incidents " + what,
        count + " incidents " + what + " within " + settings.incidentPeriod().toDays() + " days, the latest "
            + incident.number + ": " + incident.title);
  }

  /**
   * A flagged caller is named on every incident; repeated contacts of the caller about the service (since
   * the period began, or since the caller's flag was cleared) warn the desk and flag the caller.
   */
  private void contacts(ItsmSession s, IncidentRow incident, String contactKey) {
    ProblemMapper mapper = s.mapper(ProblemMapper.class);
    CallerFlagRow flag = mapper.selectFlag(incident.tenantId, incident.callerId);
    boolean flagged = flag != null && flag.clearedAt == null;
    Actor system = Actor.system(incident.tenantId);
    if (flagged) {
      incidents.addNote(system, incident.id, NewNote.workNote("Sensitive caller: " + incident.callerId + " was flagged on "
          + flag.flaggedAt + " after " + flag.contacts + " contacts about service " + flag.service + "."));
    }
    if (settings.repeatedContacts() == 0 || contactKey == null) {
      return;
    }
    Instant since = s.now().minus(settings.contactPeriod());
    if (flag != null && flag.clearedAt != null && !flag.clearedAt.isBefore(since)) {
      since = flag.clearedAt.plusMillis(1);   // contacts up to the clearing count no more
    }
    List<UUID> earlier = mapper.selectSignalTickets(incident.tenantId, CALLER, contactKey, since, MAX_LISTED);
    int contacts = earlier.size() + 1;
    if (contacts < settings.repeatedContacts()) {
      return;
    }
    List<String> numbers = new ArrayList<>();
    TicketMapper tickets = s.mapper(TicketMapper.class);
    for (UUID id : earlier) {
      IncidentRow row = tickets.selectIncident(id);
      if (row != null) {
        numbers.add(row.number);
      }
    }
    numbers.add(incident.number);
    String text = "Repeated contact: caller " + incident.callerId + " opened " + contacts + " incidents about service "
        + incident.service + " within " + settings.contactPeriod().toDays() + " days (" + String.join(", ", numbers)
        + "). The caller is flagged as sensitive.";
    incidents.addNote(system, incident.id, NewNote.workNote(clip(text)));
    s.changed();
    mapper.deleteFlag(incident.tenantId, incident.callerId);
    CallerFlagRow row = new CallerFlagRow();
    row.tenantId = incident.tenantId;
    row.callerId = incident.callerId;
    row.service = incident.service;
    row.contacts = contacts;
    row.flaggedAt = flagged ? flag.flaggedAt : s.now();
    mapper.insertFlag(row);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("callerId", incident.callerId);
    data.put("service", incident.service);
    data.put("contacts", contacts);
    Outbox.event(s, incident, EventTypes.INCIDENT_REPEAT_CONTACT, data);
    Set<String> desk = incident.groupId == null ? Set.of() : directory.members(incident.groupId);
    Outbox.notify(s, incident, EventTypes.INCIDENT_REPEAT_CONTACT, "repeat-contact:" + incident.id, desk,
        "Repeated contact on " + incident.number + ": " + incident.callerId + " (" + contacts + " about " + incident.service
            + ")", text);
  }

  /** The published workarounds matching the incident, best first. */
  List<WorkaroundOffer> offers(ItsmSession s, IncidentRow incident, List<UUID> cis) {
    List<ProblemRow> candidates = s.mapper(ProblemMapper.class).selectOfferCandidates(incident.tenantId, incident.category, cis);
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<String> words = words(incident.title + " " + (incident.description == null ? "" : incident.description));
    Map<UUID, List<UUID>> problemCis = new LinkedHashMap<>();
    List<UUID> withCis = candidates.stream().filter(p -> p.hasCis).map(p -> p.id).toList();
    if (!withCis.isEmpty() && !cis.isEmpty()) {
      s.mapper(TicketMapper.class).selectCis(withCis)
          .forEach(r -> problemCis.computeIfAbsent(r.ticketId, k -> new ArrayList<>()).add(r.ciId));
    }
    List<WorkaroundOffer> offers = new ArrayList<>();
    for (ProblemRow p : candidates) {
      double similarity = similarity(words(p.title + " " + p.symptom), words);
      boolean sameCi = problemCis.getOrDefault(p.id, List.of()).stream().anyMatch(cis::contains);
      if (similarity >= settings.workaroundSimilarity()) {
        offers.add(new WorkaroundOffer(p.id, p.number, p.symptom, p.workaround, p.articleId, similarity, sameCi));
      }
    }
    offers.sort(Comparator.comparingDouble(WorkaroundOffer::similarity).reversed()
        .thenComparing(WorkaroundOffer::problemNumber));
    return offers;
  }

  /**
   * The overlap coefficient of two word sets: shared words over the size of the smaller set, so a short
   * incident title that names the known error's key words matches well.
   */
  static double similarity(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    long shared = a.stream().filter(b::contains).count();
    return (double) shared / Math.min(a.size(), b.size());
  }

  /** Lower-case words of three letters or more without common stop words, with a plural "s" removed. */
  static Set<String> words(String text) {
    Set<String> words = new LinkedHashSet<>();
    if (text == null) {
      return words;
    }
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() < 3 || STOP_WORDS.contains(w)) {
        continue;
      }
      words.add(w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w);
    }
    return words;
  }

  /** A note's text cut to the 4,000 characters a note holds. */
  static String clip(String text) {
    return text.length() > 4000 ? text.substring(0, 3997) + "..." : text;
  }
}
