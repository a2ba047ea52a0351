// The first screen: identities, newest first, searchable by key, name and type, paged.
import { api } from './api.js';
import { PAGE_SIZE, button, field, h, input, pager, section, select } from './dom.js';

export const IDENTITY_TYPES = [['user', 'user'], ['org', 'org'], ['other', 'other']];

export async function identitiesView(ctx) {
  const q = ctx.query;
  const key = input('search-key', { value: q.get('identifier_key') || '' });
  const name = input('search-name', { value: q.get('name') || '' });
  const type = select('search-type', [['', 'any type'], ...IDENTITY_TYPES], q.get('identity_type') || '');
  const search = h('form', { class: 'filters', role: 'search', 'aria-label': 'Search identities', onSubmit(event) {
    event.preventDefault();
    ctx.navigate('/identities', { identifier_key: key.value.trim(), name: name.value.trim(), identity_type: type.value });
  } },
  field('Identifier key', key), field('Name contains', name), field('Type', type),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search'),
    button('Clear', () => ctx.navigate('/identities'), { class: 'secondary' })));
  const count = h('p', { class: 'count', id: 'identity-count' });
  const body = h('div', {});
  ctx.main.append(h('h1', {}, 'Identities'), search, count, body, createForm(ctx));

  const [total, items] = await Promise.all([
    api('GET', '/v1/identities/count'),
    api('GET', '/v1/identities/', { query: {
      identifier_key: q.get('identifier_key'), name: q.get('name'), identity_type: q.get('identity_type'),
      after: q.get('after'), limit: PAGE_SIZE + 1,
    } }),
  ]);
  if (!ctx.current()) return;
  count.textContent = `${total} ${total === 1 ? 'identity' : 'identities'} in total`;
  body.append(identityTable(items.slice(0, PAGE_SIZE), 'Identities, newest first'), pager(ctx, '/identities', items, 'Identities'));
}

/** A table of identities: name (link), key, type and, unless `nested` (identities inside an
 * agent carry empty `agent_ids`), the number of agents. */
export function identityTable(identities, caption, { nested = false } = {}) {
  if (!identities.length) return h('p', { class: 'empty' }, 'No identities.');
  const titles = nested ? ['Name', 'Identifier key', 'Type'] : ['Name', 'Identifier key', 'Type', 'Agents'];
  return h('table', { id: nested ? null : 'identities-table', class: 'identities-table' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, titles.map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, identities.map((identity) => h('tr', { 'data-id': identity.id },
      h('td', {}, h('a', { href: '#/identities/' + encodeURIComponent(identity.id) }, identity.name || '(no name)')),
      h('td', {}, h('code', {}, identity.identifier_key)),
      h('td', {}, identity.identity_type),
      nested ? null : h('td', { class: 'number' }, String((identity.agent_ids || []).length))))));
}

function createForm(ctx) {
  const key = input('new-identity-key', { required: true });
  const name = input('new-identity-name', { required: true });
  const type = select('new-identity-type', IDENTITY_TYPES, 'user');
  return section('New identity', 'new-identity',
    h('form', { class: 'grid', async onSubmit(event) {
      event.preventDefault();
      try {
        const created = await api('POST', '/v1/identities/', {
          body: { identifier_key: key.value.trim(), name: name.value, identity_type: type.value },
        });
        ctx.navigate('/identities/' + encodeURIComponent(created.id));
      } catch (error) {
        ctx.fail(error);
      }
    } },
    field('Identifier key', key, 'Your own id for the end user, e.g. user_1.'), field('Name', name), field('Type', type),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create identity'))));
}
