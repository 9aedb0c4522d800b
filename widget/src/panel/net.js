/* What the panel asks the API: a call token, the config again, callbacks and call reports.
   Errors carry the reason the visitor reads (a text key) and, when known, more detail. */

var LONG_WAIT = 300; // seconds

export function failure(reason, extra) {
  var error = new Error(reason);
  for (var key in extra || {}) error[key] = extra[key];
  return error;
}

function readError(response) {
  return response.json().catch(function () { return {}; }).then(function (body) {
    var wait = parseInt(response.headers.get('Retry-After'), 10);
    // A short wait is counted down; a long one (a daily limit) reads as "not available".
    if (response.status === 429) {
      wait = wait > 0 ? wait : 60;
      throw failure(wait > LONG_WAIT ? 'unavailable' : 'limited', { retryAfter: wait });
    }
    // The token endpoint says when a closed button opens next (null: not scheduled).
    if (body.error === 'closed') throw failure('closed', { opensAt: body.opensAt });
    if (body.error === 'budget_exhausted') throw failure('unavailable');
    if (body.error === 'invalid_phone') throw failure('badphone');
    throw failure(response.status === 403 ? 'notallowed' : 'unavailable');
  });
}

function send(url, init) {
  return fetch(url, Object.assign({ credentials: 'omit', cache: 'no-store' }, init))
    .catch(function () { throw failure('gateway'); })
    .then(function (response) { return response.ok ? response.json() : readError(response); });
}

export function fetchToken(api, id) {
  return send(api + '/api/v1/buttons/' + encodeURIComponent(id) + '/token', { method: 'POST' });
}

export function fetchConfig(api, id, lang) {
  var query = '?lang=' + encodeURIComponent(lang || 'en');
  return send(api + '/api/v1/buttons/' + encodeURIComponent(id) + query, {});
}

// text/plain keeps these simple requests (no preflight); the server reads the body as JSON.
export function postJson(url, body, keepalive) {
  return send(url, {
    method: 'POST', body: JSON.stringify(body), keepalive: !!keepalive,
    headers: { 'Content-Type': 'text/plain' }
  });
}

/* The reason a refused connect gave (WCS relays the hook's reason). */
export function reasonOf(info) {
  if (/origin/i.test(info)) return 'notallowed';
  if (/expired/i.test(info)) return 'expired';
  if (/budget|kill switch/i.test(info)) return 'unavailable';
  return 'rejected';
}
