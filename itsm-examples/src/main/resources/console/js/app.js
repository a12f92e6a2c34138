// The console's shell: sign-in, navigation between the pages (hash routes) and the messages line.
import * as api from './api.js';
import { h, replace } from './dom.js';
import { queuePage } from './queue.js';
import { incidentPage } from './incident.js';
import { cmdbPage, ciPage } from './cmdb.js';
import { calendarPage } from './calendar.js';
import { reportsPage } from './reports.js';

const main = document.getElementById('main');
let cleanup = [];

const routes = [
  [/^\/queue$/, () => queuePage],
  [/^\/incidents\/([^/]+)$/, m => ctx => incidentPage(ctx, decodeURIComponent(m[1]))],
  [/^\/cmdb$/, () => cmdbPage],
  [/^\/cis\/([^/]+)$/, m => ctx => ciPage(ctx, decodeURIComponent(m[1]))],
  [/^\/calendar$/, () => calendarPage],
  [/^\/reports$/, () => reportsPage],
];

/** Shows a message under the top bar; errors stay until the next page or message. */
export function flash(message, isError = false) {
  const box = document.getElementById('flash');
  box.textContent = message;
  box.className = isError ? 'flash error' : 'flash';
  box.hidden = !message;
}

/** The message of a failed request, as the API's problem detail words it. */
export function problemText(error) {
  if (error instanceof api.ApiError) {
    const problem = error.problem;
    const code = problem.code ? ' (' + problem.code + ')' : '';
    if (error.status === 409 || error.status === 412) {
      return 'Someone changed this record since you loaded it; it has been reloaded. ' + (problem.detail || '') + code;
    }
    return (problem.detail || problem.title || 'HTTP ' + error.status) + code;
  }
  return String(error && error.message ? error.message : error);
}

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/queue';
  const [path, query] = hash.split('?');
  return { path, params: new URLSearchParams(query || '') };
}

async function render() {
  cleanup.forEach(fn => fn());
  cleanup = [];
  flash('');
  if (!api.session()) {
    showLogin();
    return;
  }
  const { path, params } = parseHash();
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('current', path.startsWith('/' + a.dataset.page)
      || (a.dataset.page === 'queue' && path.startsWith('/incidents')) || (a.dataset.page === 'cmdb' && path.startsWith('/cis'))));
  let page = null;
  for (const [pattern, make] of routes) {
    const match = pattern.exec(path);
    if (match) {
      page = make(match);
      break;
    }
  }
  if (!page) {
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ' + path + '.'));
    return;
  }
  // each page draws into its own container: a page still loading when the user leaves it (or signs out)
  // draws into a container no longer shown
  const view = h('div', { class: 'page' }, h('p', { class: 'loading' }, 'Loading…'));
  replace(main, view);
  const ctx = {
    main: view,
    params,
    session: api.session(),
    onLeave: fn => cleanup.push(fn),
    flash,
    problemText,
    navigate: hash => { location.hash = hash; },
    reload: () => render(),
  };
  try {
    await api.syncClock();
    await page(ctx);
  } catch (e) {
    if (!(e instanceof api.ApiError && e.status === 401)) {
      replace(view, h('h1', {}, 'Could not load the page'), h('p', { class: 'error', id: 'page-error' }, problemText(e)));
    }
  }
}

function showChrome(signedIn) {
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('user').hidden = !signedIn;
  const s = api.session();
  document.getElementById('user-name').textContent = signedIn && s
      ? s.userId + (s.groups && s.groups.length ? ' (' + s.groups.join(', ') + ')' : '') : '';
}

function showLogin() {
  showChrome(false);
  const form = document.getElementById('login-template').content.cloneNode(true);
  replace(main, form);
  const error = document.getElementById('login-error');
  document.getElementById('login-form').addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    const username = document.getElementById('login-username').value.trim();
    const password = document.getElementById('login-password').value;
    try {
      await api.login(username, password);
      showChrome(true);
      if (!location.hash || location.hash === '#/login') {
        location.hash = '#/queue';
      }
      await render();
    } catch (e) {
      error.textContent = e instanceof api.ApiError && e.status === 401 ? 'Unknown user or wrong password.'
          : e instanceof api.ApiError && e.status === 429 ? 'Too many failed attempts; try again later.' : problemText(e);
      error.hidden = false;
    }
  });
  document.getElementById('login-username').focus();
}

async function start() {
  api.onUnauthenticated(() => {
    flash('Your session has ended; please sign in again.', true);
    showLogin();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await api.logout();
    cleanup.forEach(fn => fn());
    cleanup = [];
    showLogin();
  });
  window.addEventListener('hashchange', () => render());
  try {
    await api.loadSession();
  } catch (e) {
    flash(problemText(e), true);
  }
  showChrome(!!api.session());
  await render();
}

start();
