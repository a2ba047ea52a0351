// One identity: its fields and typed properties (edited), its agents and blocks (attach, detach).
import { api, seg } from './api.js';
import { button, field, h, input, section, select } from './dom.js';
import { IDENTITY_TYPES } from './identities.js';
import { agentTable, newAgentForm } from './agents.js';
import { blockTable } from './blocks.js';

export async function identityView(ctx) {
  const id = ctx.params[0];
  const base = '/v1/identities/' + seg(id);
  const [identity, agents, blocks] = await Promise.all([
    api('GET', base), api('GET', base + '/agents', { query: { limit: 50 } }), api('GET', base + '/blocks', { query: { limit: 50 } }),
  ]);
  if (!ctx.current()) return;
  ctx.main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/identities' }, 'Identities'), ' / ', identity.identifier_key),
    h('h1', {}, identity.name || identity.identifier_key),
    detailsForm(ctx, identity, base),
    propertiesEditor(ctx, identity, base),
    section(`Agents (${agents.length})`, 'identity-agents',
      agentTable(agents, 'Agents of this identity', (agent) => button('Detach', async () => {
        await act(ctx, () => api('PATCH', `/v1/agents/${seg(agent.id)}/identities/detach/${seg(id)}`), 'Agent detached.');
      }, { 'aria-label': 'Detach agent ' + agent.name })),
      attachForm(ctx, 'attach-agent', 'Agent id', (value) => api('PATCH', `/v1/agents/${seg(value)}/identities/attach/${seg(id)}`)),
      newAgentForm(ctx, { identity })),
    section(`Blocks (${blocks.length})`, 'identity-blocks',
      blockTable(blocks, 'Blocks of this identity', (block) => button('Detach', async () => {
        await act(ctx, () => api('PATCH', `/v1/blocks/${seg(block.id)}/identities/detach/${seg(id)}`), 'Block detached.');
      }, { 'aria-label': 'Detach block ' + block.label })),
      attachForm(ctx, 'attach-block', 'Block id', (value) => api('PATCH', `/v1/blocks/${seg(value)}/identities/attach/${seg(id)}`))),
    section('Danger zone', 'identity-delete', button('Delete identity', async () => {
      if (!window.confirm(`Delete the identity ${identity.identifier_key}? Its agents stay.`)) return;
      try {
        await api('DELETE', base);
        ctx.navigate('/identities');
      } catch (error) {
        ctx.fail(error);
      }
    }, { class: 'danger' })));
}

/** Runs an API call, then redraws with a notice; errors are shown in words. */
export async function act(ctx, call, notice) {
  try {
    await call();
    await ctx.refresh();
    ctx.notify(notice);
  } catch (error) {
    ctx.fail(error);
  }
}

/** A one-field form that attaches something by id. */
export function attachForm(ctx, id, label, attach) {
  const box = input(id, { required: true });
  return h('form', { class: 'inline', async onSubmit(event) {
    event.preventDefault();
    await act(ctx, () => attach(box.value.trim()), 'Attached.');
  } }, field(label, box), h('button', { type: 'submit' }, 'Attach'));
}

function detailsForm(ctx, identity, base) {
  const name = input('identity-name', { value: identity.name });
  const key = input('identity-key', { value: identity.identifier_key });
  const type = select('identity-type', IDENTITY_TYPES, identity.identity_type);
  return section('Fields', 'identity-fields',
    h('dl', { class: 'facts' }, h('dt', {}, 'id'), h('dd', {}, h('code', {}, identity.id)),
      h('dt', {}, 'project_id'), h('dd', {}, identity.project_id ?? '—')),
    h('form', { class: 'grid', async onSubmit(event) {
      event.preventDefault();
      await act(ctx, () => api('PATCH', base, {
        body: { name: name.value, identifier_key: key.value.trim(), identity_type: type.value },
      }), 'Identity saved.');
    } }, field('Name', name), field('Identifier key', key), field('Type', type),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save fields'))));
}

const PROPERTY_TYPES = [['string', 'string'], ['number', 'number'], ['boolean', 'boolean'], ['json', 'json']];

/** The properties as rows of key, type and a value control fitting the type. */
function propertiesEditor(ctx, identity, base) {
  const rows = h('tbody', {});
  let counter = 0;
  const addRow = (property) => {
    counter += 1;
    const n = counter;
    const key = input(`property-key-${n}`, { value: property.key });
    const type = select(`property-type-${n}`, PROPERTY_TYPES, property.type);
    const cell = h('td', {});
    const row = h('tr', { class: 'property' });
    const drawValue = (value) => {
      cell.replaceChildren(valueControl(`property-value-${n}`, type.value, value));
    };
    type.addEventListener('change', () => drawValue(readValue(cell.firstChild, 'string', true)));
    drawValue(property.value);
    row.append(h('td', {}, h('label', { for: key.id, class: 'sr-only' }, 'Property key'), key),
      h('td', {}, h('label', { for: type.id, class: 'sr-only' }, 'Property type'), type), cell,
      h('td', {}, button('Remove', () => row.remove(), { 'aria-label': 'Remove property ' + property.key })));
    rows.append(row);
  };
  for (const property of identity.properties || []) addRow(property);
  return section('Properties', 'identity-properties',
    h('form', { async onSubmit(event) {
      event.preventDefault();
      let properties;
      try {
        properties = [...rows.querySelectorAll('tr')].map((row) => {
          const [key, type] = row.querySelectorAll('input, select');
          const control = row.querySelector('[data-value]');
          return { key: key.value.trim(), type: type.value, value: readValue(control, type.value, false) };
        });
      } catch (error) {
        ctx.fail(error);
        return;
      }
      await act(ctx, () => api('PUT', base + '/properties', { body: properties }), 'Properties saved.');
    } },
    h('table', { id: 'properties-table' }, h('caption', {}, 'Properties: key, type and value'),
      h('thead', {}, h('tr', {}, ['Key', 'Type', 'Value', ''].map((title) => h('th', { scope: 'col' }, title)))), rows),
    h('div', { class: 'actions' },
      button('Add property', () => addRow({ key: '', type: 'string', value: '' }), { class: 'secondary' }),
      h('button', { type: 'submit' }, 'Save properties'))));
}

/** An input for a value of `type`: text, number, checkbox, or a JSON object in a textarea. */
function valueControl(id, type, value) {
  const label = h('label', { for: id, class: 'sr-only' }, 'Property value');
  if (type === 'boolean') {
    return h('span', {}, h('input', { id, type: 'checkbox', checked: value === true || value === 'true', 'data-value': 'boolean' }),
      h('label', { for: id }, 'true'));
  }
  if (type === 'json') {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : '{}';
    return h('span', {}, label, h('textarea', { id, rows: 3, 'data-value': 'json', value: text }));
  }
  return h('span', {}, label, h('input', {
    id, type: type === 'number' ? 'number' : 'text', step: 'any', 'data-value': type,
    value: value === null || value === undefined || typeof value === 'object' ? '' : String(value),
  }));
}

/** The value a control holds, typed as the API types it; throws a readable error. */
function readValue(control, type, lenient) {
  const element = control.matches('[data-value]') ? control : control.querySelector('[data-value]');
  if (element.type === 'checkbox') return lenient ? String(element.checked) : element.checked;
  const text = element.value;
  if (lenient) return text;
  if (type === 'number') {
    const number = Number(text);
    if (text.trim() === '' || !Number.isFinite(number)) {
      throw new Error(text.trim() === '' ? 'A number property needs a number.' : `"${text}" is not a number.`);
    }
    return number;
  }
  if (type === 'json') {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('A json property must hold a JSON object.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('A json property must hold a JSON object.');
    return parsed;
  }
  return text;
}
