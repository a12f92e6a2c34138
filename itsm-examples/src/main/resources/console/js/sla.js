// Live SLA countdowns: every element with class "countdown" and a data-due instant shows the time left
// on the engine's clock, and turns to warning (data-warn-at reached, or the server said at risk) and
// to breached (past due) as time goes on.
import { now } from './api.js';
import { span } from './dom.js';

/** Updates every countdown under the root once. */
export function tick(root) {
  const t = now();
  root.querySelectorAll('.countdown[data-due]').forEach(element => {
    const due = Date.parse(element.dataset.due);
    const left = due - t;
    const warnAt = element.dataset.warnAt ? Date.parse(element.dataset.warnAt) : null;
    const level = left <= 0 ? 'breached'
        : element.dataset.risk === 'true' || (warnAt !== null && t >= warnAt) ? 'warning' : 'ok';
    element.textContent = left <= 0 ? 'overdue ' + span(-left) : span(left);
    element.dataset.level = level;
    element.classList.remove('sla-ok', 'sla-warning', 'sla-breached');
    element.classList.add('sla-' + level);
    // the row stands out only at warning and breach
    const row = element.closest('tr');
    if (row) {
      row.classList.remove('sla-warning', 'sla-breached');
      if (level !== 'ok') {
        row.classList.add('sla-' + level);
      }
    }
  });
}

/** Ticks the countdowns under the root every second until the page is left. */
export function startCountdowns(ctx, root) {
  tick(root);
  const timer = setInterval(() => tick(root), 1000);
  ctx.onLeave(() => clearInterval(timer));
}
