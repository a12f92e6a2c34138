// The change calendar: a month or a week of scheduled changes and change windows (maintenance,
// freeze), with the changes that clash (same CI, related CI, freeze, outside a maintenance window,
// implementer busy) marked and their reasons in the tooltip and the list below.
import { get, now } from './api.js';
import { h, replace, when } from './dom.js';

const DAY = 86400000;
const FINAL = ['CLOSED', 'REJECTED', 'CANCELLED'];

function startOfDay(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function monday(date) {
  const d = startOfDay(date);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
}

function addDays(date, days) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

function isoDate(date) {
  return date.getFullYear() + '-' + String(date.getMonth() + 1).padStart(2, '0') + '-' + String(date.getDate()).padStart(2, '0');
}

/** Renders the calendar; ?view=month|week&date=YYYY-MM-DD. */
export async function calendarPage(ctx) {
  const view = ctx.params.get('view') === 'week' ? 'week' : 'month';
  const dateText = ctx.params.get('date');
  const anchor = dateText ? new Date(dateText + 'T00:00:00') : startOfDay(new Date(now()));
  let from;
  let to;
  if (view === 'week') {
    from = monday(anchor);
    to = addDays(from, 7);
  } else {
    const first = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
    const next = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 1);
    from = monday(first);
    to = addDays(monday(addDays(next, -1)), 7);
  }
  const calendar = await get('/api/change-calendar?from=' + encodeURIComponent(from.toISOString()) + '&to='
      + encodeURIComponent(to.toISOString()));
  const live = calendar.changes.filter(c => !FINAL.includes(c.state));
  const conflictLists = await Promise.all(live.map(c => get('/api/changes/' + c.id + '/conflicts')));
  const conflicts = new Map(live.map((c, i) => [c.id, conflictLists[i].items]));

  const go = (days, months) => {
    const target = months ? new Date(anchor.getFullYear(), anchor.getMonth() + months, 1) : addDays(anchor, days);
    ctx.navigate('#/calendar?view=' + view + '&date=' + isoDate(target));
  };
  const title = view === 'week'
      ? 'Week of ' + from.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })
      : anchor.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
  const today = startOfDay(new Date(now())).getTime();

  const cells = [];
  for (const name of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) {
    cells.push(h('div', { class: 'dow' }, name));
  }
  for (let day = from; day < to; day = addDays(day, 1)) {
    const dayEnd = addDays(day, 1);
    const overlaps = item => Date.parse(item.start || item.plannedStart) < dayEnd.getTime()
        && Date.parse(item.end || item.plannedEnd) > day.getTime();
    const windows = calendar.windows.filter(overlaps).map(w => h('span', { class: 'window ' + w.kind,
      title: w.kind + ' ' + when(w.start) + ' – ' + when(w.end) }, (w.kind === 'FREEZE' ? 'Freeze: ' : 'Window: ') + w.name));
    const changes = calendar.changes.filter(c => c.plannedStart && c.plannedEnd && overlaps(c)).map(c => {
      const clashes = conflicts.get(c.id) || [];
      return h('a', { href: '#/calendar?view=' + view + '&date=' + isoDate(anchor) + '&change=' + c.number,
        class: 'event' + (clashes.length ? ' conflict' : ''), dataset: { number: c.number, conflicts: String(clashes.length) },
        title: c.number + ' ' + c.title + ' (' + c.state + ')\n' + when(c.plannedStart) + ' – ' + when(c.plannedEnd)
            + clashes.map(x => '\n⚠ ' + x.reason).join('') },
      (clashes.length ? '⚠ ' : '') + c.number + ' ' + c.title);
    });
    cells.push(h('div', { class: 'day' + (view === 'month' && day.getMonth() !== anchor.getMonth() ? ' other-month' : '')
        + (day.getTime() === today ? ' today' : ''), dataset: { date: isoDate(day) } },
        h('div', { class: 'muted' }, String(day.getDate())), windows, changes));
  }

  const clashing = calendar.changes.filter(c => (conflicts.get(c.id) || []).length);
  replace(ctx.main,
      h('h1', { id: 'calendar-title' }, 'Change calendar · ' + title),
      h('div', { class: 'filters' },
          h('button', { type: 'button', class: 'secondary', id: 'calendar-prev', onclick: () => view === 'week' ? go(-7) : go(0, -1) }, '‹ Previous'),
          h('button', { type: 'button', class: 'secondary', id: 'calendar-today',
            onclick: () => ctx.navigate('#/calendar?view=' + view + '&date=' + isoDate(new Date(now()))) }, 'Today'),
          h('button', { type: 'button', class: 'secondary', id: 'calendar-next', onclick: () => view === 'week' ? go(7) : go(0, 1) }, 'Next ›'),
          h('button', { type: 'button', id: 'calendar-month', disabled: view === 'month',
            onclick: () => ctx.navigate('#/calendar?view=month&date=' + isoDate(anchor)) }, 'Month'),
          h('button', { type: 'button', id: 'calendar-week', disabled: view === 'week',
            onclick: () => ctx.navigate('#/calendar?view=week&date=' + isoDate(anchor)) }, 'Week')),
      h('div', { class: 'calendar ' + view, id: 'calendar-grid' }, cells),
      h('section', { class: 'card' }, h('h2', {}, 'Conflicts'),
          clashing.length
              ? h('ul', { id: 'calendar-conflicts' }, clashing.map(c => h('li', {}, h('strong', {}, c.number + ' ' + c.title + ': '),
                  (conflicts.get(c.id) || []).map(x => x.kind + ' (' + x.policy + ') ' + x.reason).join('; '))))
              : h('p', { class: 'muted', id: 'calendar-conflicts' }, 'No conflicts in this period.')));
}
