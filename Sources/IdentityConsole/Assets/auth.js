// Password mode and API keys: asked once, kept for this tab (sessionStorage), sent as Bearer.
import { credential, setCredential } from './api.js';

const panel = document.getElementById('auth');
const message = document.getElementById('auth-message');
const form = document.getElementById('auth-form');
const box = document.getElementById('credential');

/** Wires the sign-in form and the sign-out button. */
export function initAuth({ onSignedIn, onSignedOut }) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!box.value) return;
    setCredential(box.value);
    box.value = '';
    onSignedIn();
  });
  document.getElementById('sign-out').addEventListener('click', onSignedOut);
}

/** Opens the panel, saying why: no credential yet, a refused one (401), or a forbidden action (403). */
export function showPrompt(error) {
  if (error.status === 403) {
    message.textContent = 'Forbidden (403): this password or key may not do that. ' + error.message;
  } else if (credential()) {
    message.textContent = 'The password or API key was refused (401 Unauthorized). Enter it again.';
  } else {
    message.textContent = 'This server is protected (401 Unauthorized): enter its password or an API key.';
  }
  panel.hidden = false;
  box.focus();
}

export function hidePrompt() {
  panel.hidden = true;
  message.textContent = '';
}
