// Building DOM nodes without HTML strings: every piece of data becomes a text node or a
// property, never markup (names, tags and block values may hold "<script>").

/** An element: `props` sets attributes (`class`, `for`, `aria-*`, `data-*`), properties
 * (`value`, `checked`, `disabled`, `hidden`, `type`) and listeners (`onClick`…); children are
 * nodes, strings (text) or arrays of them; null and false are skipped. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (['value', 'checked', 'disabled', 'hidden', 'selected', 'readOnly', 'required'].includes(key)) {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Removes every child of `node`. */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

/** A labelled form field: label, control and an optional hint. */
export function field(label, control, hint) {
  if (hint) control.setAttribute('aria-describedby', control.id + '-hint');
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control,
    hint ? h('p', { class: 'hint', id: control.id + '-hint' }, hint) : null);
}

/** A text input with an id (for its label). */
export function input(id, props = {}) {
  return h('input', { id, name: id, type: 'text', autocomplete: 'off', ...props });
}

/** A select with `[value, text]` options. */
export function select(id, options, selected) {
  return h('select', { id, name: id },
    options.map(([value, text]) => h('option', { value, selected: value === selected }, text)));
}

/** A button that is a button (not a link styled as one). */
export function button(text, onClick, props = {}) {
  return h('button', { type: 'button', onClick, ...props }, text);
}

/** A section with a level-2 heading. */
export function section(title, id, ...children) {
  return h('section', { class: 'panel', 'aria-labelledby': id + '-title', id },
    h('h2', { id: id + '-title' }, title), ...children);
}

/** Comma-separated text as a list of trimmed, non-empty items. */
export function splitList(text) {
  return (text || '').split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

/** A short preview of a long text. */
export function preview(text, length = 80) {
  const value = String(text ?? '');
  return value.length > length ? value.slice(0, length - 1) + '…' : value;
}

/** Page size of every list: enough to work with, few enough to stay responsive. */
export const PAGE_SIZE = 20;

/** "First page" and "Next page" buttons for a cursor-paged list: `items` were fetched with
 * `limit: PAGE_SIZE + 1`, so one extra item means there is a next page (after the last shown). */
export function pager(ctx, path, items, label) {
  const query = Object.fromEntries(ctx.query.entries());
  const shown = items.slice(0, PAGE_SIZE);
  const hasNext = items.length > PAGE_SIZE;
  const onFirst = !query.after;
  return h('nav', { class: 'pager', 'aria-label': label + ' pages' },
    button('First page', () => ctx.navigate(path, { ...query, after: '' }), { disabled: onFirst }),
    button('Previous page', () => window.history.back(), { disabled: onFirst }),
    h('span', {}, shown.length ? `Showing ${shown.length}` : 'Nothing here'),
    button('Next page', () => ctx.navigate(path, { ...query, after: shown[shown.length - 1].id }), { disabled: !hasNext }));
}
