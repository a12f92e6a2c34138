// Reports with charts (Chart.js): SLA compliance, MTTA and MTTR, technicians' workload (handled,
// time spent, reopen rate), incidents per service and per CI, and the change success rate. Each chart
// has its figures in a table under it.
import { get, now } from './api.js';
import { h, replace, table } from './dom.js';

const COLOURS = ['#2456c6', '#1e7d3a', '#b26a00', '#b3261e', '#6b4fbb', '#0f7c8c', '#8a94a6'];

function isoDate(date) {
  return date.toISOString().substring(0, 10);
}

/** Renders the reports for ?from=YYYY-MM-DD&to=YYYY-MM-DD (to exclusive; the last 30 days by default). */
export async function reportsPage(ctx) {
  const end = ctx.params.get('to') || isoDate(new Date(now() + 86400000));
  const start = ctx.params.get('from') || isoDate(new Date(Date.parse(end + 'T00:00:00Z') - 30 * 86400000));
  const period = 'from=' + encodeURIComponent(start + 'T00:00:00Z') + '&to=' + encodeURIComponent(end + 'T00:00:00Z');
  const [sla, technicians, byService, byCi, changes] = await Promise.all([
    get('/api/reports/sla?' + period + '&by=PRIORITY'),
    get('/api/reports/technicians?' + period),
    get('/api/reports/incidents?' + period + '&by=SERVICE'),
    get('/api/reports/incidents?' + period + '&by=CI'),
    get('/api/reports/changes?' + period),
  ]);
  const fromInput = h('input', { type: 'date', id: 'report-from', value: start });
  const toInput = h('input', { type: 'date', id: 'report-to', value: end });
  const minutes = seconds => seconds === null || seconds === undefined ? null : Math.round(seconds / 6) / 10;
  const percent = rate => Math.round(rate * 1000) / 10;

  replace(ctx.main,
      h('h1', {}, 'Reports'),
      h('form', { class: 'filters', id: 'report-period', onsubmit: e => { e.preventDefault();
        ctx.navigate('#/reports?from=' + fromInput.value + '&to=' + toInput.value); } },
          h('label', {}, 'From', fromInput), h('label', {}, 'To (exclusive)', toInput), h('button', { type: 'submit' }, 'Show')),
      h('div', { class: 'grid2' },
          card('report-sla', 'SLA compliance by priority',
              table('report-sla-table', ['Priority', 'Measured', 'Met', 'Breached', 'Compliance'],
                  sla.rows.map(r => [r.key, r.measured, r.met, r.breached, percent(r.compliance) + ' %']))),
          card('report-mttr', 'MTTA and MTTR by priority (business minutes)',
              table('report-mttr-table', ['Priority', 'MTTA', 'MTTR'],
                  sla.rows.map(r => [r.key, minutes(r.mttaBusinessSeconds) ?? '–', minutes(r.mttrBusinessSeconds) ?? '–'])))),
      h('div', { class: 'grid2' },
          card('report-technicians', 'Workload per technician',
              table('report-technicians-table', ['Technician', 'Handled', 'Time spent (h)', 'Reopen rate'],
                  technicians.rows.map(r => [r.agentId, r.handled, Math.round(r.timeSpentSeconds / 360) / 10, percent(r.reopenRate) + ' %']))),
          card('report-changes', 'Change success rate',
              h('p', { id: 'report-change-rate' }, changes.implemented
                  ? percent(changes.successRate) + ' % of ' + changes.implemented + ' implemented changes succeeded'
                  : 'No change was implemented in this period.'),
              table('report-changes-table', ['Successful', 'With issues', 'Failed', 'Backed out', 'Caused incidents'],
                  [[changes.successful, changes.successfulWithIssues, changes.failed, changes.backedOut, changes.causingIncidents]]))),
      h('div', { class: 'grid2' },
          card('report-services', 'Incidents per service',
              table('report-services-table', ['Service', 'Incidents'], [...byService.rows.map(r => [r.label, r.incidents]),
                ...(byService.none ? [['(none)', byService.none]] : [])])),
          card('report-cis', 'Incidents per CI',
              table('report-cis-table', ['CI', 'Incidents'], byCi.rows.map(r => [r.label, r.incidents])))));

  if (typeof window.Chart !== 'function') {
    ctx.flash('The chart library did not load.', true);
    return;
  }
  const charts = [];
  const bar = (id, labels, datasets, options = {}) => {
    charts.push(new window.Chart(document.getElementById(id + '-chart'), {
      type: 'bar',
      data: { labels, datasets: datasets.map((d, i) => ({ backgroundColor: COLOURS[i % COLOURS.length], ...d })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...options },
    }));
  };
  bar('report-sla', sla.rows.map(r => r.key), [{ label: 'Compliance %', data: sla.rows.map(r => percent(r.compliance)) }],
      { scales: { y: { min: 0, max: 100 } } });
  bar('report-mttr', sla.rows.map(r => r.key), [
    { label: 'MTTA (min)', data: sla.rows.map(r => minutes(r.mttaBusinessSeconds)) },
    { label: 'MTTR (min)', data: sla.rows.map(r => minutes(r.mttrBusinessSeconds)) }]);
  bar('report-technicians', technicians.rows.map(r => r.agentId), [
    { label: 'Handled', data: technicians.rows.map(r => r.handled) },
    { label: 'Time spent (h)', data: technicians.rows.map(r => Math.round(r.timeSpentSeconds / 360) / 10) },
    { label: 'Reopen rate %', data: technicians.rows.map(r => percent(r.reopenRate)) }]);
  bar('report-services', byService.rows.map(r => r.label), [{ label: 'Incidents', data: byService.rows.map(r => r.incidents) }]);
  bar('report-cis', byCi.rows.map(r => r.label), [{ label: 'Incidents', data: byCi.rows.map(r => r.incidents) }]);
  charts.push(new window.Chart(document.getElementById('report-changes-chart'), {
    type: 'doughnut',
    data: { labels: ['Successful', 'With issues', 'Failed', 'Backed out'],
      datasets: [{ data: [changes.successful, changes.successfulWithIssues, changes.failed, changes.backedOut],
        backgroundColor: [COLOURS[1], COLOURS[2], COLOURS[3], COLOURS[6]] }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false },
  }));
  for (const chart of charts) {
    chart.canvas.dataset.rendered = 'true';
  }
  ctx.onLeave(() => charts.forEach(c => c.destroy()));
}

function card(id, title, ...details) {
  return h('section', { class: 'card', id },
      h('h2', {}, title),
      h('div', { class: 'chart-box' }, h('canvas', { id: id + '-chart', 'aria-label': title, role: 'img' })),
      details);
}
