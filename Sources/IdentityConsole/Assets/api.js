// The REST API, as the SDKs call it: JSON bodies, `Authorization: Bearer` when the user gave a
// password or key (kept for this tab only), errors turned into words.

const CREDENTIAL = 'identity-console.credential';

/** An API answer that was not 2xx, with the server's `detail` in words. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function credential() {
  return sessionStorage.getItem(CREDENTIAL);
}

export function setCredential(value) {
  sessionStorage.setItem(CREDENTIAL, value);
}

export function clearCredential() {
  sessionStorage.removeItem(CREDENTIAL);
}

/** `GET|POST|PATCH|PUT|DELETE path`, with `query` (arrays repeat the key, empty values are
 * left out) and a JSON `body`; resolves to the decoded JSON answer. */
export async function api(method, path, { query, body } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== '') url.searchParams.append(key, String(item));
    }
  }
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = credential();
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, 'The server cannot be reached (' + error.message + ').');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) throw new ApiError(response.status, describe(response, data));
  return data;
}

/** The error in words: `detail` as a string, or each validation issue as `where: what`. */
export function describe(response, data) {
  const prefix = response.status + ' ' + (response.statusText || 'Error') + ': ';
  const detail = data && typeof data === 'object' ? data.detail : data;
  if (typeof detail === 'string' && detail) return prefix + detail;
  if (Array.isArray(detail)) {
    return prefix + detail.map((issue) => {
      const where = (issue.loc || []).filter((part) => part !== 'body').join('.');
      return (where ? where + ': ' : '') + (issue.msg || JSON.stringify(issue));
    }).join('; ');
  }
  return prefix + 'the server gave no detail.';
}

/** Path segment escaping for ids, labels and keys. */
export function seg(value) {
  return encodeURIComponent(String(value));
}
