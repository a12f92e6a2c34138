// The CMDB pages: a search over the configuration items, and one item with its attributes, history,
// open tickets and its impact graph (what it affects, what it depends on) drawn with Cytoscape.js.
import { get } from './api.js';
import { h, replace, table, when } from './dom.js';

/** Lists configuration items, filtered by a text. */
export async function cmdbPage(ctx) {
  const text = ctx.params.get('text') || '';
  const query = new URLSearchParams({ limit: '100' });
  if (text) {
    query.set('text', text);
  }
  const page = await get('/api/cmdb/cis?' + query);
  const input = h('input', { id: 'cmdb-text', value: text, placeholder: 'Name or text' });
  replace(ctx.main,
      h('h1', {}, 'Configuration items'),
      h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); ctx.navigate('#/cmdb?text=' + encodeURIComponent(input.value)); } },
          h('label', {}, 'Search', input), h('button', { type: 'submit' }, 'Search')),
      page.items.length
          ? table('ci-table', ['Name', 'Type', 'State', 'Updated'], page.items.map(ci => [
            h('a', { href: '#/cis/' + ci.id, class: 'ci-link' }, ci.name), ci.type, ci.state, when(ci.updatedAt)]))
          : h('p', { class: 'muted' }, 'No configuration items match.'));
}

const OPEN_STATES = 'NEW,ASSIGNED,ACKNOWLEDGED,IN_PROGRESS,ON_HOLD';

/** One configuration item. */
export async function ciPage(ctx, id) {
  const base = '/api/cmdb/cis/' + encodeURIComponent(id);
  const [ci, history, downstream, upstream, incidents, changes] = await Promise.all([
    get(base), get(base + '/history'), get(base + '/impact?direction=DOWNSTREAM'), get(base + '/impact?direction=UPSTREAM'),
    get('/api/incidents?state=' + OPEN_STATES + '&affectedCi=' + encodeURIComponent(id) + '&sort=slaDue'),
    get('/api/changes?affectedCi=' + encodeURIComponent(id)),
  ]);
  const openChanges = changes.items.filter(c => !['CLOSED', 'CANCELLED', 'REJECTED'].includes(c.state));
  replace(ctx.main,
      h('h1', { id: 'ci-title' }, ci.name + ' · ' + ci.type),
      h('div', { class: 'grid2' },
          h('section', { class: 'card' }, h('h2', {}, 'Attributes'),
              h('dl', { class: 'fields', id: 'ci-attributes' },
                  [['State', ci.state], ['Created', when(ci.createdAt)], ['Updated', when(ci.updatedAt)],
                    ...Object.entries(ci.attributes).map(([k, v]) => [k, v === null ? '–' : String(v)])]
                      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
          h('section', { class: 'card' }, h('h2', {}, 'Open tickets'),
              incidents.items.length || openChanges.length
                  ? h('ul', { id: 'ci-tickets' },
                      incidents.items.map(i => h('li', {}, h('a', { href: '#/incidents/' + i.number }, i.number), ' ', i.title,
                          ' (' + i.state + ', ' + i.priority + ')')),
                      openChanges.map(c => h('li', {}, c.number + ' ' + c.title + ' (' + c.state + ')')))
                  : h('p', { class: 'muted', id: 'ci-tickets' }, 'No open tickets.'))),
      h('section', { class: 'card' },
          h('h2', {}, 'Impact'),
          h('p', { class: 'muted', id: 'impact-summary' },
              'Affects ' + downstream.items.length + ' item' + (downstream.items.length === 1 ? '' : 's')
              + ' if it fails; depends on ' + upstream.items.length + '.'),
          h('div', { class: 'graph', id: 'impact-graph' }),
          h('div', { class: 'grid2' },
              h('div', {}, h('h2', {}, 'What it affects'), impactList('impact-downstream', downstream.items)),
              h('div', {}, h('h2', {}, 'What it depends on'), impactList('impact-upstream', upstream.items)))),
      h('section', { class: 'card' }, h('h2', {}, 'History'),
          h('ol', { class: 'timeline', id: 'ci-history' }, history.items.map(c => h('li', {}, h('time', {}, when(c.occurredAt)), ' ',
              (c.actorId || 'system') + ' · ' + c.action + (c.field ? ' ' + c.field : '')
                  + (c.newValue ? ' = ' + c.newValue : '') + (c.causedById ? ' (by ' + c.causedByType + ')' : ''))))));
  drawGraph(ctx, ci, downstream.items, upstream.items);
}

function impactList(id, items) {
  return items.length
      ? h('ul', { id }, items.map(i => h('li', {}, h('a', { href: '#/cis/' + i.id, class: 'ci-link' }, i.name),
          ' (' + i.type + ', ' + i.depth + ' step' + (i.depth === 1 ? '' : 's') + (i.alone === false ? ', redundant' : '') + ')')))
      : h('p', { class: 'muted', id }, 'None.');
}

function drawGraph(ctx, ci, downstream, upstream) {
  const container = document.getElementById('impact-graph');
  if (typeof window.cytoscape !== 'function') {
    container.textContent = 'The graph library did not load.';
    return;
  }
  const nodes = new Map([[ci.id, { id: ci.id, label: ci.name, kind: 'self' }]]);
  const edges = new Map();
  const add = (items, kind) => {
    for (const item of items) {
      if (!nodes.has(item.id)) {
        nodes.set(item.id, { id: item.id, label: item.name + '\n' + item.type, kind });
      }
      for (const step of item.path) {
        // downstream paths lead from the item to what it affects; upstream paths lead to what it depends on,
        // so that edge is drawn the other way (the dependency affects the item)
        const [from, to] = kind === 'down' ? [step.from, step.to] : [step.to, step.from];
        edges.set(from + '>' + to, { id: from + '>' + to, source: from, target: to, label: step.relation });
      }
    }
  };
  add(downstream, 'down');
  add(upstream, 'up');
  for (const edge of edges.values()) {
    for (const end of [edge.source, edge.target]) {
      if (!nodes.has(end)) {
        nodes.set(end, { id: end, label: end.substring(0, 8), kind: 'other' });
      }
    }
  }
  const graph = window.cytoscape({
    container,
    elements: [...[...nodes.values()].map(data => ({ data })), ...[...edges.values()].map(data => ({ data }))],
    layout: { name: 'breadthfirst', directed: true, padding: 20, spacingFactor: 1.1 },
    style: [
      { selector: 'node', style: { 'label': 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 10,
        'width': 90, 'height': 40, 'shape': 'round-rectangle', 'background-color': '#e3ecff', 'border-width': 1, 'border-color': '#2456c6' } },
      { selector: 'node[kind = "self"]', style: { 'background-color': '#2456c6', 'color': '#fff' } },
      { selector: 'node[kind = "down"]', style: { 'background-color': '#fde7e5', 'border-color': '#b3261e' } },
      { selector: 'node[kind = "up"]', style: { 'background-color': '#e3f6e8', 'border-color': '#1e7d3a' } },
      { selector: 'edge', style: { 'label': 'data(label)', 'font-size': 9, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'width': 1.5, 'line-color': '#8a94a6', 'target-arrow-color': '#8a94a6', 'text-background-color': '#fff', 'text-background-opacity': 1 } },
    ],
  });
  container.dataset.nodes = String(graph.nodes().length);
  container.dataset.edges = String(graph.edges().length);
  container.dataset.labels = graph.nodes().map(n => n.data('label').split('\n')[0]).join('|');
  graph.on('tap', 'node', event => {
    const target = event.target.id();
    if (target !== ci.id) {
      ctx.navigate('#/cis/' + target);
    }
  });
  ctx.onLeave(() => graph.destroy());
}
