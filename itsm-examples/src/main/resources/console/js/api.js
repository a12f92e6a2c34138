// Talks to the example server's API with the browser's session: every request says it comes from the
// console (X-Requested-With, so a 401 never opens the browser's own login dialog), mutations carry the
// session's CSRF token, and transitions send the entity tag they read as If-Match.

/** An API answer that is not 2xx; `problem` is the RFC 9457 body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : 'HTTP ' + status);
    this.status = status;
    this.problem = problem || {};
  }
}

const state = { session: null, onUnauthenticated: () => {} };

/** The current session ({userId, roles, groups, csrfToken}) or null. */
export function session() {
  return state.session;
}

/** Called with no arguments whenever the API answers 401 (the session expired or was never there). */
export function onUnauthenticated(callback) {
  state.onUnauthenticated = callback;
}

/**
 * Sends a request; resolves to {data, etag}. `options.ifMatch` sends an If-Match header; a non-2xx
 * answer rejects with an ApiError.
 */
export async function request(method, path, body, options = {}) {
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'console' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && state.session && state.session.csrfToken) {
    headers['X-CSRF-Token'] = state.session.csrfToken;
  }
  if (options.ifMatch) {
    headers['If-Match'] = options.ifMatch;
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quietUnauthenticated) {
      state.session = null;
      state.onUnauthenticated();
    }
    throw new ApiError(response.status, data);
  }
  return { data, etag: response.headers.get('ETag') };
}

/** GET, resolving to the body. */
export async function get(path) {
  return (await request('GET', path)).data;
}

/** Reads the session the browser's cookie stands for; null when there is none. */
export async function loadSession() {
  try {
    state.session = (await request('GET', '/api/session', undefined, { quietUnauthenticated: true })).data;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 404)) {
      state.session = null;
    } else {
      throw e;
    }
  }
  return state.session;
}

/** Signs in; rejects with an ApiError (401 invalid-credentials, 429 too-many-attempts). */
export async function login(username, password) {
  state.session = (await request('POST', '/api/session', { username, password }, { quietUnauthenticated: true })).data;
  return state.session;
}

/** Signs out (the server forgets the session; the cookie goes with it). */
export async function logout() {
  try {
    await request('DELETE', '/api/session', undefined, { quietUnauthenticated: true });
  } finally {
    state.session = null;
  }
}

// The engine's clock: SLA deadlines are the engine's, so countdowns count from its time, not the browser's.
let clockOffset = 0;

/** Reads the engine's time and remembers how far it is from the browser's. */
export async function syncClock() {
  const before = Date.now();
  const clock = await get('/api/clock');
  const after = Date.now();
  clockOffset = Date.parse(clock.now) - (before + after) / 2;
  return clockOffset;
}

/** The engine's time now, in milliseconds since the epoch. */
export function now() {
  return Date.now() + clockOffset;
}
