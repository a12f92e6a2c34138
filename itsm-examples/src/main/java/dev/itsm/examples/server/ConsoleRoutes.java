package dev.itsm.examples.server;

import dev.itsm.api.Actor;
import dev.itsm.api.ItsmEngine;
import dev.itsm.api.NotFoundException;
import dev.itsm.api.incident.IncidentTicket;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.operaton.bpm.engine.HistoryService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.history.HistoricActivityInstance;
import org.operaton.bpm.engine.history.HistoricProcessInstance;
import org.operaton.bpm.engine.repository.ProcessDefinition;
import org.operaton.bpm.engine.runtime.ProcessInstance;

/**
 * What the web console reads besides the resources: {@code GET /api/clock}, the engine's time (SLA
 * countdowns count from it, not from the browser's clock), and {@code GET /api/incidents/{id}/process},
 * the process behind an incident for drawing it: the BPMN 2.0 XML of the process definition it runs
 * on, the activities it waits in now and those it has finished. Reading the incident first checks that
 * the caller may see it (and that it exists); the rest is read from the Operaton engine's repository,
 * runtime and history services.
 */
final class ConsoleRoutes {
  /**
   * The body of {@code GET /api/incidents/{id}/process}: the instance, its definition (key, name,
   * version), whether it has ended, the ids of the activities it waits in now and of those it
   * finished (first finish first), and the definition's BPMN 2.0 XML with its diagram.
   */
  record Process(String processInstanceId, String processDefinitionKey, String processDefinitionName,
                 int processDefinitionVersion, boolean ended, List<String> activeActivityIds,
                 List<String> completedActivityIds, String bpmnXml) {}

  private final ItsmEngine engine;

  ConsoleRoutes(ItsmEngine engine) {
    this.engine = engine;
  }

  /** The body of {@code GET /api/clock}. */
  record Clock(Instant now) {}

  void register(RoutesConfig routes) {
    routes.get("/api/clock", ctx -> {
      BasicAuthenticator.actor(ctx);
      ctx.json(new Clock(engine.clock().instant()));
    });
    routes.get(IncidentRoutes.BASE + "/{id}/process", this::incidentProcess);
  }

  private void incidentProcess(Context ctx) {
    Actor actor = BasicAuthenticator.actor(ctx);
    IncidentTicket incident = Params.byIdOrNumber(ctx.pathParam("id"), "an incident", "INC-000042",
        id -> engine.incidents().get(actor, id), number -> engine.incidents().getByNumber(actor, number));
    ctx.json(process(incident.number(), incident.processInstanceId()));
  }

  /** The view of a process instance; 404 when the ticket has none (e.g. retention removed it). */
  private Process process(String ticket, String processInstanceId) {
    ProcessEngine operaton = engine.processEngine();
    HistoryService history = operaton.getHistoryService();
    String definitionId = null;
    boolean ended = true;
    if (processInstanceId != null) {
      ProcessInstance running = operaton.getRuntimeService().createProcessInstanceQuery()
          .processInstanceId(processInstanceId).singleResult();
      if (running != null) {
        definitionId = running.getProcessDefinitionId();
        ended = false;
      } else {
        HistoricProcessInstance done = history.createHistoricProcessInstanceQuery()
            .processInstanceId(processInstanceId).singleResult();
        definitionId = done == null ? null : done.getProcessDefinitionId();
      }
    }
    if (definitionId == null) {
      throw new NotFoundException("Expected the process of " + ticket + " to exist, but the engine has no record of it");
    }
    List<String> active = ended ? List.of() : operaton.getRuntimeService().getActiveActivityIds(processInstanceId);
    Set<String> completed = new LinkedHashSet<>();
    for (HistoricActivityInstance activity : history.createHistoricActivityInstanceQuery()
        .processInstanceId(processInstanceId).finished().orderByHistoricActivityInstanceStartTime().asc().list()) {
      completed.add(activity.getActivityId());
    }
    ProcessDefinition definition = operaton.getRepositoryService().getProcessDefinition(definitionId);
    return new Process(processInstanceId, definition.getKey(), definition.getName(), definition.getVersion(),
        ended, List.copyOf(new LinkedHashSet<>(active)), List.copyOf(completed), xml(operaton, definitionId));
  }

  private static String xml(ProcessEngine operaton, String definitionId) {
    try (InputStream model = operaton.getRepositoryService().getProcessModel(definitionId)) {
      return new String(model.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
