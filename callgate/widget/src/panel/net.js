/* What the panel asks the API: a call token, the config again, callbacks and call reports.
   Errors carry the reason the visitor reads (a text key) and, when known, more detail. */

import { solve } from './work.js';

var LONG_WAIT = 300; // seconds
var MAX_CHALLENGES = 3; // challenges solved for one token request before giving up

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
    // The limits run hot: solve the challenge (work.js) and ask again with its proof.
    if (response.status === 428 && body.challenge) {
      throw failure('challenge', { challenge: body.challenge, difficulty: body.difficulty });
    }
    // The token endpoint says when a closed button opens next (null: not scheduled).
    if (body.error === 'closed') throw failure('closed', { opensAt: body.opensAt });
    if (body.error === 'budget_exhausted') throw failure('unavailable');
    if (body.error === 'invalid_phone') throw failure('badphone');
    // The notice changed since the page loaded: the visitor must read and accept this one.
    if (body.error === 'consent_required') throw failure('consent', { consent: body.consent });
    // The picked route closed, or a required name is missing: pick again.
    if (/^(route_closed|no_open_route|unknown_route|name_required)$/.test(body.error)) {
      throw failure(body.error === 'no_open_route' ? 'closed' : 'repick', { code: body.error });
    }
    throw failure(response.status === 403 ? 'notallowed' : 'unavailable');
  });
}

function send(url, init) {
  return fetch(url, Object.assign({ credentials: 'omit', cache: 'no-store' }, init))
    .catch(function () { throw failure('gateway'); })
    .then(function (response) { return response.ok ? response.json() : readError(response); });
}

/* The notice each button's visitor accepted, sent with every token request for that button:
   the server stores the acceptance before it issues the token. */
var accepted = {};

export function acceptNotice(id, text) {
  accepted[id] = text || null;
}

/* The route and name the visitor picked before the call (pick.js), per button. */
var chosen = {};

export function chooseContext(id, context) {
  chosen[id] = context;
}

/* The identity the site's server signed for its logged-in customer, read from the tag each
   time (the site may renew it): <script … data-button="ID" data-identity="…">. */
function identityOf(id) {
  var tags = document.querySelectorAll('script[data-button][data-identity]');
  for (var i = 0; i < tags.length; i++) {
    if (tags[i].getAttribute('data-button') === id) return tags[i].getAttribute('data-identity');
  }
  return null;
}

/* The token request names the notice accepted, the route and name picked, the page (path and
   query only: never the fragment or the host), the customer's signed identity and, for an
   overflow leg, the key the first leg's token came with (overflow.js). Under pressure it is
   answered with a challenge, solved while the visitor reads "Connecting…" (work.js). */
export function fetchToken(api, id, overflowOf) {
  var context = chosen[id] || {}, body = { page: location.pathname + location.search };
  if (overflowOf) body.overflowOf = overflowOf;
  if (accepted[id]) body.consent = accepted[id];
  if (context.route) body.route = context.route;
  if (context.name) body.name = context.name;
  var identity = identityOf(id);
  if (identity) body.identity = identity;
  var url = api + '/api/v1/buttons/' + encodeURIComponent(id) + '/token';
  var ask = function (tries) {
    var init = { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'text/plain' } };
    return send(url, init).catch(function (error) {
      if (error.message !== 'challenge') throw error;
      // A proof that came too late (expired, or the pressure rose) gets a new challenge.
      if (tries === MAX_CHALLENGES) throw failure('unavailable');
      return solve(error.challenge, error.difficulty).then(function (proof) {
        body.proof = proof;
        return ask(tries + 1);
      });
    });
  };
  return ask(1);
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

/* The reason a refused connect or /call gave (WCS relays the hook's reason); a failed SIP
   registration is the owner's account, not the visitor: calls are not available. */
export function reasonOf(info, method) {
  if (method === 'RegistrationStatusEvent') return 'unavailable';
  if (/origin/i.test(info)) return 'notallowed';
  if (/expired/i.test(info)) return 'expired';
  if (/budget|kill switch/i.test(info)) return 'unavailable';
  return 'rejected';
}
