// Memory blocks: listed (searchable, paged), edited, and the agents that use one.
import { api, seg } from './api.js';
import { PAGE_SIZE, field, h, input, pager, preview, section } from './dom.js';
import { agentTable } from './agents.js';
import { act } from './identity.js';

export async function blocksView(ctx) {
  const q = ctx.query;
  const label = input('search-label', { value: q.get('label_search') || '' });
  const value = input('search-value', { value: q.get('value_search') || '' });
  const search = h('form', { class: 'filters', role: 'search', 'aria-label': 'Search blocks', onSubmit(event) {
    event.preventDefault();
    ctx.navigate('/blocks', { label_search: label.value.trim(), value_search: value.value.trim() });
  } }, field('Label contains', label), field('Value contains', value),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search'),
    h('button', { type: 'button', class: 'secondary', onClick: () => ctx.navigate('/blocks') }, 'Clear')));
  const count = h('p', { class: 'count', id: 'block-count' });
  const body = h('div', {});
  ctx.main.append(h('h1', {}, 'Blocks'), search, count, body, newBlockForm(ctx));
  const [total, blocks] = await Promise.all([
    api('GET', '/v1/blocks/count'),
    api('GET', '/v1/blocks/', { query: {
      label_search: q.get('label_search'), value_search: q.get('value_search'), order: 'desc',
      after: q.get('after'), limit: PAGE_SIZE + 1,
    } }),
  ]);
  if (!ctx.current()) return;
  count.textContent = `${total} ${total === 1 ? 'block' : 'blocks'} in total`;
  body.append(blockTable(blocks.slice(0, PAGE_SIZE), 'Blocks, newest first'), pager(ctx, '/blocks', blocks, 'Blocks'));
}

/** A table of blocks: label (link), value preview, size against limit; `action` adds a button per row. */
export function blockTable(blocks, caption, action) {
  if (!blocks.length) return h('p', { class: 'empty' }, 'No blocks.');
  return h('table', { class: 'blocks-table' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Label', 'Value', 'Size', action ? '' : null].filter((t) => t !== null)
      .map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, blocks.map((block) => h('tr', { 'data-id': block.id },
      h('td', {}, h('a', { href: '#/blocks/' + encodeURIComponent(block.id) }, block.label)),
      h('td', { class: 'value' }, preview(block.value)),
      h('td', { class: 'number' }, `${String(block.value ?? '').length} / ${block.limit}`),
      action ? h('td', {}, action(block)) : null))));
}

export async function blockView(ctx) {
  const id = ctx.params[0];
  const base = '/v1/blocks/' + seg(id);
  const [block, agents] = await Promise.all([api('GET', base), api('GET', base + '/agents', { query: { limit: 50 } })]);
  if (!ctx.current()) return;
  const label = input('block-label', { value: block.label });
  const description = input('block-description', { value: block.description ?? '' });
  const limit = input('block-limit', { type: 'number', min: 1, value: String(block.limit) });
  const value = h('textarea', { id: 'block-value', rows: 8, value: block.value });
  ctx.main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/blocks' }, 'Blocks'), ' / ', block.label),
    h('h1', {}, 'Block ', block.label),
    section('Block', 'block-edit',
      h('dl', { class: 'facts' }, h('dt', {}, 'id'), h('dd', {}, h('code', {}, block.id)),
        h('dt', {}, 'tags'), h('dd', {}, (block.tags || []).join(', ') || '—')),
      h('form', { class: 'grid', async onSubmit(event) {
        event.preventDefault();
        await act(ctx, () => api('PATCH', base, { body: {
          label: label.value.trim(), description: description.value, limit: Number(limit.value), value: value.value,
        } }), 'Block saved.');
      } }, field('Label', label), field('Description', description), field('Limit (characters)', limit),
      field('Value', value), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save block')))),
    section(`Agents using this block (${agents.length})`, 'block-agents', agentTable(agents, 'Agents using this block')),
    section('Danger zone', 'block-delete', h('button', { type: 'button', class: 'danger', async onClick() {
      if (!window.confirm(`Delete the block ${block.label}? Agents using it lose it.`)) return;
      try {
        await api('DELETE', base);
        ctx.navigate('/blocks');
      } catch (error) {
        ctx.fail(error);
      }
    } }, 'Delete block')));
}

function newBlockForm(ctx) {
  const label = input('new-block-label', { required: true });
  const value = h('textarea', { id: 'new-block-value', rows: 2 });
  return section('New block', 'new-block', h('form', { class: 'grid', async onSubmit(event) {
    event.preventDefault();
    try {
      const created = await api('POST', '/v1/blocks/', { body: { label: label.value.trim(), value: value.value } });
      ctx.navigate('/blocks/' + encodeURIComponent(created.id));
    } catch (error) {
      ctx.fail(error);
    }
  } }, field('Label', label), field('Value', value), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create block'))));
}
