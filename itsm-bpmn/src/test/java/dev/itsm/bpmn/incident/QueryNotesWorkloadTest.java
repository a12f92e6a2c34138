package dev.itsm.bpmn.incident;

import static dev.itsm.bpmn.support.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.Actor;
import dev.itsm.api.InvalidValueException;
import dev.itsm.api.Page;
import dev.itsm.api.Priority;
import dev.itsm.api.incident.Assignment;
import dev.itsm.api.incident.Impact;
import dev.itsm.api.incident.IncidentQuery;
import dev.itsm.api.incident.IncidentService;
import dev.itsm.api.incident.IncidentSort;
import dev.itsm.api.incident.IncidentState;
import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.incident.NewNote;
import dev.itsm.api.incident.NoteVisibility;
import dev.itsm.api.incident.TicketNote;
import dev.itsm.api.incident.Urgency;
import dev.itsm.api.incident.Workload;
import dev.itsm.testkit.ItsmExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueryNotesWorkloadTest {

  @RegisterExtension
  static ItsmExtension itsm = ItsmExtension.create(b -> b.plugin(DIRECTORY));

  private IncidentService incidents() {
    return itsm.engine().incidents();
  }

  @Test
  void aQueuePageWithoutTotalSaysWhetherMoreFollowWithoutCountingThem() {
    String caller = "wendy";
    for (int k = 0; k < 3; k++) {
      incidents().open(Actor.caller(caller), dev.itsm.api.incident.NewIncident.builder("Queue " + k).category("network")
          .impact(Impact.LOW).urgency(Urgency.LOW).build());
    }
    IncidentQuery.Builder q = IncidentQuery.builder().caller(caller).sortBy(IncidentSort.NUMBER, true).withoutTotal();
    var first = incidents().query(MANAGER, q.page(0, 2).build());
    assertThat(first.items()).hasSize(2);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.total()).isEqualTo(3);   // a lower bound: two items and at least one more
    var last = incidents().query(MANAGER, q.page(2, 2).build());
    assertThat(last.items()).hasSize(1);
    assertThat(last.hasMore()).isFalse();
    assertThat(incidents().query(MANAGER, IncidentQuery.builder().caller(caller).page(0, 2).build()).total()).isEqualTo(3);
  }

  @Test
  void queryFiltersSortsAndPages() {
    Actor caller = Actor.caller("quinn");
    IncidentTicket p5 = incidents().open(caller, newIncident(Impact.LOW, Urgency.LOW));
    IncidentTicket p1 = incidents().open(caller, newIncident(Impact.HIGH, Urgency.HIGH));
    IncidentTicket p3 = incidents().open(caller, newIncident(Impact.MEDIUM, Urgency.MEDIUM));
    incidents().assign(MANAGER, p3.ref(), Assignment.toAgent("carl"));

    IncidentQuery bySla = IncidentQuery.builder().caller("quinn").sortBy(IncidentSort.SLA_DUE, true).build();
    assertThat(incidents().query(MANAGER, bySla).items()).extracting(IncidentTicket::id)
        .containsExactly(p1.id(), p3.id(), p5.id());
    assertThat(incidents().query(MANAGER, IncidentQuery.builder().caller("quinn").priority(Priority.P1, Priority.P5)
        .sortBy(IncidentSort.PRIORITY, true).build()).items()).extracting(IncidentTicket::id).containsExactly(p1.id(), p5.id());
    assertThat(incidents().query(MANAGER, IncidentQuery.builder().caller("quinn").state(IncidentState.ASSIGNED).build())
        .items()).extracting(IncidentTicket::id).containsExactly(p3.id());
    assertThat(incidents().query(MANAGER, IncidentQuery.builder().assignee("carl").build()).items())
        .extracting(IncidentTicket::id).contains(p3.id());

    Page<IncidentTicket> page = incidents().query(MANAGER, IncidentQuery.builder().caller("quinn")
        .sortBy(IncidentSort.NUMBER, true).page(1, 1).build());
    assertThat(page.total()).isEqualTo(3);
    assertThat(page.items()).extracting(IncidentTicket::id).containsExactly(p1.id());
    assertThat(page.hasMore()).isTrue();

    assertThatThrownBy(() -> incidents().query(MANAGER, IncidentQuery.builder().page(0, 5000).build()))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("page size from 1 to 1000");
  }

  @Test
  void callersSeeRepliesButNotWorkNotes() {
    IncidentTicket inc = openP1(incidents());
    incidents().addNote(AGENT, inc.id(), NewNote.workNote("Router logs show a loop"));
    TicketNote reply = incidents().addNote(AGENT, inc.id(), NewNote.reply("We are on it"));
    incidents().addNote(CALLER, inc.id(), NewNote.reply("Thanks"));

    assertThat(incidents().notes(AGENT, inc.id())).extracting(TicketNote::visibility)
        .containsExactly(NoteVisibility.WORK_NOTE, NoteVisibility.REPLY, NoteVisibility.REPLY);
    assertThat(incidents().notes(CALLER, inc.id())).extracting(TicketNote::text).containsExactly("We are on it", "Thanks");
    assertThat(itsm.notifications().to("bob")).anySatisfy(n -> assertThat(n.idempotencyKey()).isEqualTo("reply:" + reply.id()));
    // notes do not change the ticket's version
    assertThat(incidents().get(AGENT, inc.id()).version()).isEqualTo(inc.version());
  }

  @Test
  void timeSpentOnNotesIsReportedPerAgent() {
    Instant from = itsm.clock().instant();
    IncidentTicket inc = openP1(incidents());
    incidents().addNote(AGENT, inc.id(), NewNote.workNote("Checked cabling", Duration.ofMinutes(20)));
    incidents().addNote(AGENT, inc.id(), NewNote.workNote("Replaced switch", Duration.ofMinutes(40)));
    incidents().addNote(OTHER_AGENT, inc.id(), NewNote.workNote("Reviewed", Duration.ofMinutes(5)));
    incidents().addNote(OTHER_AGENT, inc.id(), NewNote.workNote("No time recorded"));
    itsm.clock().advance(Duration.ofSeconds(1));

    List<Workload> workload = incidents().workload(MANAGER, from, itsm.clock().instant());
    assertThat(workload).containsExactly(new Workload("alice", Duration.ofHours(1), 2),
        new Workload("carl", Duration.ofMinutes(5), 1));
    assertThatThrownBy(() -> incidents().workload(AGENT, from, itsm.clock().instant()))
        .isInstanceOf(dev.itsm.api.AccessDeniedException.class);
  }

  private static dev.itsm.api.incident.NewIncident newIncident(Impact impact, Urgency urgency) {
    return dev.itsm.api.incident.NewIncident.builder("Switch " + impact + "/" + urgency).category("network")
        .impact(impact).urgency(urgency).build();
  }
}
