// The console's shell: hash routes, the error and notice areas, focus after navigation.
import { ApiError, clearCredential, credential } from './api.js';
import { clear } from './dom.js';
import { hidePrompt, initAuth, showPrompt } from './auth.js';
import { identitiesView } from './identities.js';
import { identityView } from './identity.js';
import { agentsView } from './agents.js';
import { agentView } from './agent.js';
import { blocksView, blockView } from './blocks.js';

const routes = [
  [/^\/?$/, identitiesView, 'identities'],
  [/^\/identities$/, identitiesView, 'identities'],
  [/^\/identities\/([^/]+)$/, identityView, 'identities'],
  [/^\/agents$/, agentsView, 'agents'],
  [/^\/agents\/([^/]+)$/, agentView, 'agents'],
  [/^\/blocks$/, blocksView, 'blocks'],
  [/^\/blocks\/([^/]+)$/, blockView, 'blocks'],
];

const main = document.getElementById('main');
const errorBox = document.getElementById('error');
const notice = document.getElementById('notice');
let generation = 0;

/** What every view gets: where to draw, its route parameters and query, and helpers. */
function context(params, query, renderGeneration) {
  return {
    main,
    params,
    query,
    navigate,
    refresh: render,
    notify(message) {
      notice.textContent = message;
    },
    fail,
    current: () => renderGeneration === generation,
  };
}

/** Goes to `#path?query` (query: an object; empty values are dropped). */
export function navigate(path, query = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== '') search.append(key, String(item));
    }
  }
  const text = search.toString();
  const hash = '#' + path + (text ? '?' + text : '');
  if (window.location.hash === hash) render();
  else window.location.hash = hash;
}

/** Shows an error in words; a 401 or 403 opens the sign-in panel. */
export function fail(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    showPrompt(error);
  }
  errorBox.textContent = error && error.message ? error.message : String(error);
  errorBox.hidden = false;
}

function clearMessages() {
  errorBox.hidden = true;
  errorBox.textContent = '';
  notice.textContent = '';
}

async function render() {
  generation += 1;
  const mine = generation;
  clearMessages();
  const raw = window.location.hash.replace(/^#/, '');
  const [path, search] = raw.split('?', 2);
  const query = new URLSearchParams(search || '');
  const route = routes.find(([pattern]) => pattern.test(path)) || routes[0];
  const params = (path.match(route[0]) || []).slice(1).map(decodeURIComponent);
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.section === route[2]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.getElementById('session').hidden = !credential();
  clear(main);
  main.setAttribute('aria-busy', 'true');
  try {
    await route[1](context(params, query, mine));
  } catch (error) {
    if (mine === generation) fail(error);
  } finally {
    if (mine === generation) {
      main.removeAttribute('aria-busy');
      const heading = main.querySelector('h1');
      if (heading && document.getElementById('auth').hidden) {
        heading.tabIndex = -1;
        heading.focus();
      }
    }
  }
}

initAuth({
  onSignedIn() {
    hidePrompt();
    render();
  },
  onSignedOut() {
    clearCredential();
    render();
  },
});
window.addEventListener('hashchange', render);
render();
