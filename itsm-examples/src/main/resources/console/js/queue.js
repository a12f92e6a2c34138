// The service desk queue: the open incidents of the user's groups, the most urgent SLA first, with
// live countdowns coloured at warning and breach, and filters.
import { get } from './api.js';
import { h, replace, table } from './dom.js';
import { startCountdowns } from './sla.js';

const OPEN_STATES = ['NEW', 'ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD'];
const ALL_STATES = [...OPEN_STATES, 'RESOLVED', 'CLOSED', 'CANCELLED'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];

/** Renders the queue into ctx.main. */
export async function queuePage(ctx) {
  const groups = (ctx.session.groups || []);
  const filters = {
    group: ctx.params.get('group') ?? (groups.length ? 'mine' : ''),
    state: ctx.params.get('state') ?? 'open',
    priority: ctx.params.get('priority') ?? '',
    assignee: ctx.params.get('assignee') ?? '',
    risk: ctx.params.get('risk') ?? '',
  };
  const select = (id, value, options) => h('select', { id, name: id },
      options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const form = h('form', { class: 'filters', id: 'queue-filters' },
      h('label', {}, 'Group', select('filter-group', filters.group,
          [...(groups.length ? [['mine', 'My groups (' + groups.join(', ') + ')']] : []), ['', 'All groups'],
            ...groups.map(g => [g, g])])),
      h('label', {}, 'State', select('filter-state', filters.state,
          [['open', 'Open'], ['', 'Any'], ...ALL_STATES.map(s => [s, s])])),
      h('label', {}, 'Priority', select('filter-priority', filters.priority, [['', 'Any'], ...PRIORITIES.map(p => [p, p])])),
      h('label', {}, 'Assignee', select('filter-assignee', filters.assignee,
          [['', 'Anyone'], ['me', 'Me (' + ctx.session.userId + ')']])),
      h('label', {}, 'SLA', select('filter-risk', filters.risk,
          [['', 'Any'], ['atRisk', 'At risk'], ['breached', 'Breached']])),
      h('button', { type: 'submit', id: 'queue-apply' }, 'Apply'),
      h('button', { type: 'button', class: 'secondary', id: 'queue-refresh', onclick: () => ctx.reload() }, 'Refresh'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of Object.keys(filters)) {
      query.set(name, form.querySelector('#filter-' + name).value);
    }
    ctx.navigate('#/queue?' + query);
  });

  const query = new URLSearchParams({ sort: 'slaDue', limit: '100' });
  const groupIds = filters.group === 'mine' ? groups : filters.group ? [filters.group] : [];
  if (groupIds.length) {
    query.set('group', groupIds.join(','));
  }
  const states = filters.state === 'open' ? OPEN_STATES : filters.state ? [filters.state] : [];
  if (states.length) {
    query.set('state', states.join(','));
  }
  if (filters.priority) {
    query.set('priority', filters.priority);
  }
  if (filters.assignee === 'me') {
    query.set('assignee', ctx.session.userId);
  }
  if (filters.risk === 'atRisk') {
    query.set('slaAtRisk', 'true');
  } else if (filters.risk === 'breached') {
    query.set('slaBreached', 'true');
  }
  const atRiskQuery = new URLSearchParams(query);
  atRiskQuery.set('slaAtRisk', 'true');
  atRiskQuery.delete('slaBreached');
  const [page, atRisk] = await Promise.all([get('/api/incidents?' + query), get('/api/incidents?' + atRiskQuery)]);
  const risky = new Set(atRisk.items.map(i => i.id));
  const rows = page.items.map(i => [
    h('a', { href: '#/incidents/' + i.number, class: 'incident-link' }, i.number),
    i.title,
    h('span', { class: 'badge ' + i.priority }, i.priority),
    i.state,
    i.groupId || '–',
    i.assigneeId || '–',
    i.nextSlaDue ? h('span', { class: 'countdown', dataset: { due: i.nextSlaDue, risk: String(risky.has(i.id)) } }, '')
        : h('span', { class: 'muted' }, 'no clock running'),
  ]);
  const list = rows.length
      ? table('queue-table', ['Number', 'Title', 'Priority', 'State', 'Group', 'Assignee', 'SLA due in'], rows,
          i => ({ dataset: { number: page.items[i].number } }))
      : h('p', { id: 'queue-empty', class: 'muted' }, 'No incidents match.');
  replace(ctx.main,
      h('h1', {}, 'Service desk queue'),
      form,
      h('p', { class: 'muted', id: 'queue-count' }, page.total + ' incident' + (page.total === 1 ? '' : 's')
          + ', most urgent SLA first'),
      list);
  startCountdowns(ctx, ctx.main);
  const refresh = setInterval(() => {
    if (document.activeElement === document.body || !ctx.main.contains(document.activeElement)) {
      ctx.reload();
    }
  }, 60000);
  ctx.onLeave(() => clearInterval(refresh));
}
