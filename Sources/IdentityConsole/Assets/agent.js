// One agent: its settings; in "Advanced settings", its tags (chips), its identities (attach,
// detach); its memory blocks (view, edit the value against the limit).
import { api, seg } from './api.js';
import { button, field, h, input, section } from './dom.js';
import { tagEditor } from './chips.js';
import { act } from './identity.js';
import { identityTable } from './identities.js';
import { identityIDsFor } from './agents.js';

export async function agentView(ctx) {
  const id = ctx.params[0];
  const base = '/v1/agents/' + seg(id);
  const agent = await api('GET', base);
  if (!ctx.current()) return;
  ctx.main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/agents' }, 'Agents'), ' / ', agent.name),
    h('h1', {}, agent.name),
    settingsForm(ctx, agent, base),
    section('Advanced settings', 'advanced',
      tagEditor({
        id: 'tag-input', tags: agent.tags || [], fail: ctx.fail,
        async save(tags) {
          const updated = await api('PATCH', base, { body: { tags } });
          ctx.notify(`Tags saved: ${updated.tags.length ? updated.tags.join(', ') : 'none'}.`);
          return updated.tags;
        },
      }),
      h('h3', {}, 'Identities'),
      identityTable(agent.identities || [], 'Identities of this agent', { nested: true }),
      h('ul', { class: 'row-actions' }, (agent.identities || []).map((identity) => h('li', {}, button(
        'Detach ' + identity.identifier_key,
        () => act(ctx, () => api('PATCH', `${base}/identities/detach/${seg(identity.id)}`), 'Identity detached.'),
      )))),
      attachIdentityForm(ctx, base)),
    memorySection(ctx, agent, base),
    section('Danger zone', 'agent-delete', button('Delete agent', async () => {
      if (!window.confirm(`Delete the agent ${agent.name}?`)) return;
      try {
        await api('DELETE', base);
        ctx.navigate('/agents');
      } catch (error) {
        ctx.fail(error);
      }
    }, { class: 'danger' })));
}

function settingsForm(ctx, agent, base) {
  const name = input('agent-name', { value: agent.name });
  const description = input('agent-description', { value: agent.description ?? '' });
  const system = h('textarea', { id: 'agent-system', rows: 4, value: agent.system ?? '' });
  return section('Settings', 'agent-settings',
    h('dl', { class: 'facts' },
      h('dt', {}, 'id'), h('dd', {}, h('code', {}, agent.id)),
      h('dt', {}, 'model'), h('dd', {}, h('code', {}, agent.model ?? '—')),
      h('dt', {}, 'embedding'), h('dd', {}, h('code', {}, agent.embedding ?? '—')),
      h('dt', {}, 'agent_type'), h('dd', {}, agent.agent_type),
      h('dt', {}, 'created_at'), h('dd', {}, agent.created_at ?? '—')),
    h('form', { class: 'grid', async onSubmit(event) {
      event.preventDefault();
      await act(ctx, () => api('PATCH', base, {
        body: { name: name.value.trim(), description: description.value, system: system.value },
      }), 'Agent saved.');
    } }, field('Name', name), field('Description', description), field('System prompt', system),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save settings'))));
}

function attachIdentityForm(ctx, base) {
  const box = input('attach-identity', { required: true });
  return h('form', { class: 'inline', async onSubmit(event) {
    event.preventDefault();
    const value = box.value.trim();
    await act(ctx, async () => {
      const ids = value.startsWith('identity-') ? [value] : await identityIDsFor([value]);
      for (const identityID of ids) await api('PATCH', `${base}/identities/attach/${seg(identityID)}`);
    }, 'Identity attached.');
  } }, field('Identifier key or identity id', box), h('button', { type: 'submit' }, 'Attach identity'));
}

/** Each memory block: its value in a textarea, the length against the limit, Save. */
function memorySection(ctx, agent, base) {
  const blocks = agent.memory?.blocks || agent.blocks || [];
  return section(`Memory blocks (${blocks.length})`, 'memory',
    blocks.length ? null : h('p', { class: 'empty' }, 'This agent has no memory blocks.'),
    blocks.map((block) => {
      const boxID = 'block-value-' + block.label.replace(/[^A-Za-z0-9_-]/g, '_');
      const value = h('textarea', { id: boxID, rows: 4, value: block.value, 'aria-describedby': boxID + '-size' });
      const size = h('p', { class: 'hint', id: boxID + '-size' });
      const measure = () => {
        size.textContent = `${value.value.length} of ${block.limit} characters`;
        size.classList.toggle('over', value.value.length > block.limit);
      };
      value.addEventListener('input', measure);
      measure();
      return h('form', { class: 'block', 'data-label': block.label, async onSubmit(event) {
        event.preventDefault();
        await act(ctx, () => api('PATCH', `${base}/core-memory/blocks/${seg(block.label)}`, { body: { value: value.value } }),
          `Block ${block.label} saved.`);
      } },
      h('div', { class: 'field' }, h('label', { for: boxID }, 'Block ', h('code', {}, block.label)), value, size),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save ' + block.label),
        h('a', { href: '#/blocks/' + encodeURIComponent(block.id) }, 'Open block')));
    }));
}
