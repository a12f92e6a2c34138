// One incident: its fields, the work on it (assign, acknowledge, start, hold, resume, resolve, close,
// reopen, cancel, notes), its SLA clocks with live countdowns and their explanation, its audit trail
// and the BPMN process it runs on, drawn with bpmn-js and the current step highlighted.
import { ApiError, get, request } from './api.js';
import { h, replace, table, when } from './dom.js';
import { startCountdowns } from './sla.js';

const OPEN = ['NEW', 'ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD'];

/** Which actions each state offers; the server decides whether this user may take them. */
const ACTIONS = {
  NEW: ['assign', 'cancel'],
  ASSIGNED: ['acknowledge', 'assign', 'cancel'],
  ACKNOWLEDGED: ['start-work', 'hold', 'resolve', 'assign'],
  IN_PROGRESS: ['resolve', 'hold', 'assign'],
  ON_HOLD: ['resume'],
  RESOLVED: ['close', 'reopen'],
  CLOSED: [],
  CANCELLED: [],
};

/** Renders the incident (by number or id) into ctx.main. */
export async function incidentPage(ctx, idOrNumber) {
  const path = '/api/incidents/' + encodeURIComponent(idOrNumber);
  const { data: incident, etag } = await request('GET', path);
  const [sla, audit, notes, cis] = await Promise.all([get(path + '/sla'), get(path + '/audit'), get(path + '/notes'),
    affectedCis(incident)]);

  const transition = async (name, body) => {
    try {
      await request('POST', path + '/' + name, body, { ifMatch: etag });
      await ctx.reload();
      ctx.flash(incident.number + ': ' + name.replace('-', ' ') + ' done');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        return;
      }
      const message = ctx.problemText(e);
      if (e instanceof ApiError && e.status === 409) {
        await ctx.reload();
      }
      ctx.flash(message, true);
    }
  };

  replace(ctx.main,
      h('h1', { id: 'incident-title' }, incident.number + ' · ' + incident.title),
      h('div', { class: 'grid2' },
          h('section', { class: 'card' },
              h('h2', {}, 'Details'),
              fields(incident, cis),
              h('h2', {}, 'Work on it'),
              actions(ctx, incident, transition)),
          h('section', { class: 'card' },
              h('h2', {}, 'SLA'),
              slaClocks(ctx, path, sla.items),
              h('div', { id: 'sla-explanation' }))),
      h('section', { class: 'card' },
          h('h2', {}, 'Process'),
          h('p', { class: 'muted', id: 'process-caption' }, 'Loading the process…'),
          h('div', { class: 'diagram', id: 'process-diagram' })),
      h('div', { class: 'grid2' },
          h('section', { class: 'card' }, h('h2', {}, 'Timeline'), timeline(audit.items)),
          h('section', { class: 'card' }, h('h2', {}, 'Notes'), notesList(notes.items),
              noteForm(ctx, path, incident))));
  startCountdowns(ctx, ctx.main);
  await drawProcess(ctx, path);
}

/** The incident's affected CIs with their names; a user who may not read the CMDB gets their ids only. */
async function affectedCis(incident) {
  return Promise.all((incident.affectedCis || []).map(id => get('/api/cmdb/cis/' + encodeURIComponent(id))
      .then(ci => ({ id, label: ci.name + ' (' + ci.type + ')' }))
      .catch(() => ({ id, label: id.substring(0, 8) + '…' }))));
}

function fields(i, cis) {
  const rows = [
    ['State', h('span', { id: 'incident-state', class: 'badge' }, i.state)],
    ['Priority', h('span', { class: 'badge ' + i.priority }, i.priority + ' (impact ' + i.impact + ', urgency ' + i.urgency + ')')],
    ['Category', i.category || '–'],
    ['Channel', i.channel || '–'],
    ['Caller', i.callerId || '–'],
    ['Group', h('span', { id: 'incident-group' }, i.groupId || '–')],
    ['Assignee', h('span', { id: 'incident-assignee' }, i.assigneeId || '–')],
    ['Opened', when(i.openedAt)],
    ['Acknowledged', when(i.acknowledgedAt)],
    ['Resolved', when(i.resolvedAt)],
    ['Closed', when(i.closedAt)],
    ['On hold because', i.holdReason || '–'],
    ['Resolution', i.resolutionCode ? i.resolutionCode + ': ' + (i.resolutionText || '') : '–'],
    ['Affected CIs', cis.length ? cis.map(ci => h('a', { href: '#/cis/' + ci.id, class: 'ci-link' }, ci.label + ' ')) : '–'],
    ['Description', i.description || '–'],
    ['Version', h('span', { id: 'incident-version' }, String(i.version))],
  ];
  return h('dl', { class: 'fields', id: 'incident-fields' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function actions(ctx, incident, transition) {
  const available = ACTIONS[incident.state] || [];
  const box = h('div', { class: 'actions', id: 'incident-actions' });
  const simple = (name, label) => h('button', { type: 'button', id: 'action-' + name, onclick: () => transition(name) }, label);
  for (const name of available) {
    if (name === 'assign') {
      const group = h('input', { id: 'assign-group', size: 12, value: incident.groupId || (ctx.session.groups || [])[0] || '',
        'aria-label': 'Group' });
      const agent = h('input', { id: 'assign-agent', size: 10, value: incident.assigneeId || ctx.session.userId, 'aria-label': 'Agent' });
      box.appendChild(h('form', { id: 'form-assign', onsubmit: e => { e.preventDefault();
        transition('assign', { groupId: group.value.trim() || null, agentId: agent.value.trim() || null }); } },
          group, agent, h('button', { type: 'submit', id: 'action-assign' }, 'Assign')));
    } else if (name === 'hold') {
      const reason = h('select', { id: 'hold-reason', 'aria-label': 'Reason' },
          ['AWAITING_CALLER', 'AWAITING_VENDOR', 'AWAITING_CHANGE'].map(r => h('option', { value: r }, r)));
      const comment = h('input', { id: 'hold-comment', placeholder: 'Comment', size: 14 });
      box.appendChild(h('form', { id: 'form-hold', onsubmit: e => { e.preventDefault();
        transition('hold', { reason: reason.value, comment: comment.value || null }); } },
          reason, comment, h('button', { type: 'submit', id: 'action-hold' }, 'Hold')));
    } else if (name === 'resolve') {
      const code = h('input', { id: 'resolve-code', placeholder: 'Code', size: 8, value: 'FIXED' });
      const text = h('input', { id: 'resolve-text', placeholder: 'What fixed it', size: 20 });
      box.appendChild(h('form', { id: 'form-resolve', onsubmit: e => { e.preventDefault();
        transition('resolve', { code: code.value.trim(), text: text.value }); } },
          code, text, h('button', { type: 'submit', id: 'action-resolve' }, 'Resolve')));
    } else if (name === 'reopen') {
      const reason = h('input', { id: 'reopen-reason', placeholder: 'Why', size: 16 });
      box.appendChild(h('form', { id: 'form-reopen', onsubmit: e => { e.preventDefault();
        transition('reopen', { reason: reason.value }); } }, reason, h('button', { type: 'submit', id: 'action-reopen' }, 'Reopen')));
    } else if (name === 'cancel') {
      box.appendChild(h('button', { type: 'button', class: 'secondary', id: 'action-cancel',
        onclick: () => transition('cancel', { reason: null }) }, 'Cancel incident'));
    } else {
      box.appendChild(simple(name, { 'acknowledge': 'Acknowledge', 'start-work': 'Start work', 'resume': 'Resume',
        'close': 'Close' }[name] || name));
    }
  }
  if (!available.length) {
    box.appendChild(h('p', { class: 'muted' }, 'No further steps: the incident is ' + incident.state.toLowerCase() + '.'));
  }
  return box;
}

function clockPath(clock) {
  return clock.agreement === 'SLA' || !clock.party ? clock.clock : clock.agreement + '/' + clock.party + '/' + clock.clock;
}

function slaClocks(ctx, path, clocks) {
  if (!clocks.length) {
    return h('p', { class: 'muted', id: 'sla-none' }, 'No SLA clocks.');
  }
  const rows = clocks.map(c => [
    clockPath(c),
    c.state,
    c.deadline && c.state === 'RUNNING'
        ? h('span', { class: 'countdown', dataset: { due: c.deadline, risk: String(!!c.warnedAt) } }, '')
        : c.state === 'BREACHED' ? h('span', { class: 'sla-breached' }, 'breached ' + when(c.breachedAt))
        : h('span', { class: 'muted' }, c.stoppedAt ? 'stopped ' + when(c.stoppedAt) : c.state.toLowerCase()),
    when(c.deadline),
    h('button', { type: 'button', class: 'secondary explain', dataset: { clock: clockPath(c) },
      onclick: () => explain(ctx, path, clockPath(c)) }, 'Explain'),
  ]);
  return table('sla-clocks', ['Clock', 'State', 'Time left', 'Due', ''], rows, i => ({ dataset: { clock: clockPath(clocks[i]) } }));
}

async function explain(ctx, path, clock) {
  const box = document.getElementById('sla-explanation');
  try {
    const e = await get(path + '/sla/' + clock + '/explain');
    replace(box,
        h('h2', {}, 'How ' + clock + ' was counted'),
        h('ol', { class: 'timeline', id: 'sla-timeline' }, e.timeline.map(event => h('li', {},
            h('time', {}, when(event.at)), ' ', event.type + (event.reason ? ': ' + event.reason : '')
                + (event.percent ? ' (' + event.percent + ' %)' : '') + (event.actorId ? ' by ' + event.actorId : '')))),
        h('pre', { class: 'arith', id: 'sla-arithmetic' }, e.arithmetic.join('\n')));
  } catch (err) {
    ctx.flash(ctx.problemText(err), true);
  }
}

function timeline(entries) {
  if (!entries.length) {
    return h('p', { class: 'muted' }, 'Nothing recorded yet.');
  }
  return h('ol', { class: 'timeline', id: 'audit-timeline' }, entries.map(e => h('li', {},
      h('time', {}, when(e.occurredAt)), ' ',
      (e.actorId || 'system') + ' · ' + e.action
          + (e.field ? ' ' + e.field + (e.oldValue ? ' ' + e.oldValue + ' →' : '') + (e.newValue ? ' ' + e.newValue : '') : ''))));
}

function notesList(notes) {
  return notes.length
      ? h('ol', { class: 'timeline', id: 'notes' }, notes.map(n => h('li', {}, h('time', {}, when(n.createdAt)), ' ',
          n.authorId + ' (' + n.visibility.toLowerCase() + (n.timeSpentMinutes ? ', ' + n.timeSpentMinutes + ' min' : '') + '): ',
          n.text)))
      : h('p', { class: 'muted', id: 'notes' }, 'No notes yet.');
}

function noteForm(ctx, path, incident) {
  if (!OPEN.includes(incident.state) && incident.state !== 'RESOLVED') {
    return null;
  }
  const text = h('textarea', { id: 'note-text', rows: 2, cols: 40, 'aria-label': 'Note' });
  const visibility = h('select', { id: 'note-visibility', 'aria-label': 'Visibility' },
      h('option', { value: 'WORK_NOTE' }, 'Work note'), h('option', { value: 'REPLY' }, 'Reply to the caller'));
  const minutes = h('input', { id: 'note-minutes', type: 'number', min: 0, size: 4, placeholder: 'min', 'aria-label': 'Minutes spent' });
  return h('form', { class: 'actions', id: 'form-note', onsubmit: async e => {
    e.preventDefault();
    try {
      await request('POST', path + '/notes', { text: text.value, visibility: visibility.value,
        timeSpentMinutes: minutes.value ? Number(minutes.value) : null });
      await ctx.reload();
      ctx.flash('Note added');
    } catch (err) {
      ctx.flash(ctx.problemText(err), true);
    }
  } }, text, visibility, minutes, h('button', { type: 'submit', id: 'action-note' }, 'Add note'));
}

async function drawProcess(ctx, path) {
  const caption = document.getElementById('process-caption');
  const container = document.getElementById('process-diagram');
  let process;
  try {
    process = await get(path + '/process');
  } catch (e) {
    caption.textContent = 'No process to show: ' + ctx.problemText(e);
    return;
  }
  if (typeof window.BpmnJS !== 'function') {
    caption.textContent = 'The diagram viewer did not load.';
    return;
  }
  const viewer = new window.BpmnJS({ container });
  ctx.onLeave(() => viewer.destroy());
  await viewer.importXML(process.bpmnXml);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  for (const id of process.completedActivityIds) {
    if (registry.get(id)) {
      canvas.addMarker(id, 'done');
    }
  }
  const active = process.activeActivityIds.filter(id => registry.get(id));
  for (const id of active) {
    canvas.removeMarker(id, 'done');
    canvas.addMarker(id, 'active');
  }
  canvas.zoom('fit-viewport');
  const names = active.map(id => registry.get(id).businessObject.name || id);
  caption.textContent = (process.processDefinitionName || process.processDefinitionKey) + ' (version '
      + process.processDefinitionVersion + '): ' + (process.ended ? 'ended' : 'now at ' + (names.join(', ') || '–'));
  container.dataset.active = active.join(' ');
}
