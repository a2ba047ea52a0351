// A tag editor: tags as chips; a new tag is typed and added with Enter; a chip is removed with
// its button, or the last one with Backspace in the empty field.
import { button, h } from './dom.js';

/** `save(tags)` stores the new list and resolves to the stored one (or throws). */
export function tagEditor({ id, tags, save, fail }) {
  let current = [...tags];
  const list = h('ul', { class: 'chips', id: id + '-list', 'aria-label': 'Tags' });
  const box = h('input', { id, type: 'text', autocomplete: 'off', placeholder: 'Type a tag and press Enter',
    'aria-describedby': id + '-hint' });
  const status = h('p', { class: 'hint', id: id + '-hint' }, 'Enter adds the tag; Backspace in the empty field removes the last one.');

  const draw = () => {
    list.replaceChildren(...current.map((tag) => h('li', { class: 'chip', 'data-tag': tag }, h('span', {}, tag),
      button('×', () => change(current.filter((other) => other !== tag), box), {
        class: 'chip-remove', 'aria-label': 'Remove tag ' + tag, title: 'Remove tag ' + tag,
      }))));
  };

  const change = async (next, focusAfter) => {
    box.disabled = true;
    try {
      current = await save(next);
      draw();
    } catch (error) {
      fail(error);
    } finally {
      box.disabled = false;
      focusAfter.focus();
    }
  };

  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const tag = box.value.trim();
      if (!tag) return;
      box.value = '';
      if (!current.includes(tag)) change([...current, tag], box);
    } else if (event.key === 'Backspace' && box.value === '' && current.length) {
      event.preventDefault();
      change(current.slice(0, -1), box);
    }
  });
  draw();
  return h('div', { class: 'tag-editor' }, h('label', { for: id }, 'Tags'), list, box, status);
}
