// Agents: filtered by tags (any or all) and by identifier keys as the multi-user guide does,
// counted, paged; and the form that creates one.
import { api } from './api.js';
import { PAGE_SIZE, field, h, input, pager, section, splitList } from './dom.js';

export const DEFAULT_MODEL = 'anthropic/claude-3-5-sonnet-20241022';
export const DEFAULT_EMBEDDING = 'openai/text-embedding-3-small';

export async function agentsView(ctx) {
  const q = ctx.query;
  const tags = input('filter-tags', { value: q.getAll('tags').join(', ') });
  const all = q.get('match_all_tags') === 'true';
  const any = h('input', { type: 'radio', name: 'match', id: 'match-any', value: 'false', checked: !all });
  const every = h('input', { type: 'radio', name: 'match', id: 'match-all', value: 'true', checked: all });
  const keys = input('filter-keys', { value: q.getAll('identifier_keys').join(', ') });
  const name = input('filter-name', { value: q.get('query_text') || '' });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter agents', onSubmit(event) {
    event.preventDefault();
    const tagList = splitList(tags.value);
    ctx.navigate('/agents', {
      tags: tagList, match_all_tags: tagList.length && every.checked ? 'true' : '',
      identifier_keys: splitList(keys.value), query_text: name.value.trim(),
    });
  } },
  field('Tags', tags, 'Comma-separated, e.g. my_uuid, vip.'),
  h('fieldset', { class: 'field' }, h('legend', {}, 'Agents with'),
    h('span', {}, any, h('label', { for: 'match-any' }, 'any of the tags')),
    h('span', {}, every, h('label', { for: 'match-all' }, 'all of the tags'))),
  field('Identifier keys', keys, 'Agents of the identities with these keys, e.g. user_1.'),
  field('Name contains', name),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'button', class: 'secondary', onClick: () => ctx.navigate('/agents') }, 'Clear')));
  const count = h('p', { class: 'count', id: 'agent-count' });
  const body = h('div', {});
  ctx.main.append(h('h1', {}, 'Agents'), filters, count, body, newAgentForm(ctx, {}));

  const filter = {
    tags: q.getAll('tags'), match_all_tags: q.get('match_all_tags'),
    identifier_keys: q.getAll('identifier_keys'), query_text: q.get('query_text'),
  };
  const [total, agents] = await Promise.all([
    api('GET', '/v1/agents/count', { query: filter }),
    api('GET', '/v1/agents/', { query: { ...filter, after: q.get('after'), limit: PAGE_SIZE + 1 } }),
  ]);
  if (!ctx.current()) return;
  count.textContent = `${total} ${total === 1 ? 'agent matches' : 'agents match'}`;
  body.append(agentTable(agents.slice(0, PAGE_SIZE), 'Agents, newest first'), pager(ctx, '/agents', agents, 'Agents'));
}

/** A table of agents: name (link), tags, identities, model; `action` adds a button per row. */
export function agentTable(agents, caption, action) {
  if (!agents.length) return h('p', { class: 'empty' }, 'No agents.');
  return h('table', { class: 'agents-table' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Name', 'Tags', 'Identities', 'Model', action ? '' : null].filter((t) => t !== null)
      .map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, agents.map((agent) => h('tr', { 'data-id': agent.id },
      h('td', {}, h('a', { href: '#/agents/' + encodeURIComponent(agent.id) }, agent.name)),
      h('td', {}, h('ul', { class: 'chips static' }, (agent.tags || []).map((tag) => h('li', { class: 'chip' }, tag)))),
      h('td', {}, (agent.identities || []).map((identity) => identity.identifier_key).join(', ')),
      h('td', {}, h('code', {}, agent.model || '')),
      action ? h('td', {}, action(agent)) : null))));
}

/** Creates an agent: name, model, tags, memory, and the identity it belongs to (given, or by keys). */
export function newAgentForm(ctx, { identity }) {
  const name = input('new-agent-name', { required: true });
  const model = input('new-agent-model', { value: DEFAULT_MODEL, required: true });
  const tags = input('new-agent-tags');
  const keys = identity ? null : input('new-agent-keys');
  const human = h('textarea', { id: 'new-agent-human', rows: 2, value: identity ? `The human's name is ${identity.name}.` : '' });
  const persona = h('textarea', { id: 'new-agent-persona', rows: 2, value: 'I am a helpful assistant.' });
  return section(identity ? 'New agent for this identity' : 'New agent', 'new-agent',
    h('form', { class: 'grid', async onSubmit(event) {
      event.preventDefault();
      try {
        const identityIDs = identity ? [identity.id] : await identityIDsFor(splitList(keys.value));
        const memory = [['human', human.value], ['persona', persona.value]]
          .filter(([, value]) => value.trim()).map(([label, value]) => ({ label, value }));
        const created = await api('POST', '/v1/agents/', { body: {
          name: name.value.trim(), model: model.value.trim(), embedding: DEFAULT_EMBEDDING,
          tags: splitList(tags.value), identity_ids: identityIDs, memory_blocks: memory,
        } });
        ctx.navigate('/agents/' + encodeURIComponent(created.id));
      } catch (error) {
        ctx.fail(error);
      }
    } },
    field('Name', name), field('Model', model, 'A provider/model handle.'),
    field('Tags', tags, 'Comma-separated.'),
    keys ? field('Identifier keys', keys, 'The identities this agent serves, e.g. user_1.') : null,
    field('Human memory block', human), field('Persona memory block', persona),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create agent'))));
}

/** The ids of the identities with these keys; an unknown key is an error in words. */
export async function identityIDsFor(keys) {
  const ids = [];
  for (const key of keys) {
    const found = await api('GET', '/v1/identities/', { query: { identifier_key: key, limit: 2 } });
    if (!found.length) throw new Error(`No identity has the identifier key "${key}".`);
    ids.push(...found.map((identity) => identity.id));
  }
  return ids;
}
