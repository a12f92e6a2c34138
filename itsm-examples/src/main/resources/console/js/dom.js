// Small DOM helpers: elements are built with text nodes only, so nothing read from the API is ever
// parsed as HTML.

/** h('a', {href: '#/x', class: 'y'}, 'text', child...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.substring(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of an element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A table from headings and rows of cells. */
export function table(id, headings, rows, rowAttributes = () => ({})) {
  return h('table', { id },
    h('thead', {}, h('tr', {}, headings.map(heading => h('th', {}, heading)))),
    h('tbody', {}, rows.map((row, i) => h('tr', rowAttributes(i), row.map(cell => h('td', {}, cell))))));
}

/** An instant as local date and time, or a dash. */
export function when(instant) {
  if (!instant) {
    return '–';
  }
  const date = new Date(instant);
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** Milliseconds as "1d 02h 03m 04s", with a minus sign when negative. */
export function span(ms) {
  const negative = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = n => String(n).padStart(2, '0');
  return (negative ? '-' : '') + (d > 0 ? d + 'd ' : '') + pad(hours) + 'h ' + pad(m) + 'm ' + pad(s) + 's';
}

/** An ISO-8601 duration (PT1H30M) in seconds. */
export function durationSeconds(iso) {
  if (!iso) {
    return null;
  }
  const match = /^(-)?P(?:(\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!match) {
    return null;
  }
  const seconds = (Number(match[2] || 0) * 86400) + (Number(match[3] || 0) * 3600) + (Number(match[4] || 0) * 60)
      + Number(match[5] || 0);
  return match[1] ? -seconds : seconds;
}
