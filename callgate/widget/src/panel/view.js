/* The panel's frame above the button, and show(state): one table decides what each state shows,
   its colour and icon, what is announced, and where the focus goes. */
import { button, el } from './forms.js';
import { hoursText, opensText } from './hours.js';
import { ICONS, STATES } from './states.js';

var ROLE_PARTS = ['panel', 'main', 'link', 'close', 'detail', 'ask'];

/* Build the frame into the loader's box, before the main button; return its parts. */
export function buildFrame(b) {
  var t = b.texts, config = b.config;
  var panel = b.box.insertBefore(el('div', 'panel'), b.main);
  var head = panel.appendChild(el('div', 'head'));
  b.icon = head.appendChild(window.Callgate.icon(ICONS.idle)).firstChild;
  b.status = head.appendChild(el('div'));
  b.status.setAttribute('role', 'status');
  b.detail = panel.appendChild(el('p', 'small detail'));
  b.body = panel.appendChild(el('div', 'stack'));
  var f = config.fallback;
  if (f && /^(tel:|https:\/\/)/.test(f)) {
    b.link = panel.appendChild(el('a', '', f.replace(/^tel:|^https:\/\//, '')));
    b.link.href = f; // only after the scheme check above
  }
  b.actions = panel.appendChild(el('div', 'row'));
  b.ask = b.actions.appendChild(button('ghost', t.callback));
  b.close = b.actions.appendChild(button('ghost', t.close));
  b.ask.hidden = true;
  b.parts = { panel: panel, main: b.main, link: b.link, close: b.close, detail: b.detail,
    ask: config.callback ? b.ask : null };
  b.panel = panel;
  b.states = STATES;
  b.show = show;
  return ROLE_PARTS;
}

function show(state, reason, quiet) {
  var b = this, s = b.states[state], t = b.texts, parts = b.parts;
  b.state = state;
  b.reason = reason || null;
  // Lets the host page follow calls (analytics, its own UI): document-level 'callgate:state'.
  b.host.dispatchEvent(new CustomEvent('callgate:state', {
    bubbles: true, composed: true, detail: { button: b.id, state: state, reason: b.reason }
  }));
  if (b.options.datalayer && !b.preview) mirror(b.id, state, b.reason);
  for (var part in parts) if (parts[part]) parts[part].hidden = !s[part];
  var look = s.look || state;
  // A closed button stays grey with its clock while the visitor leaves a callback request,
  // after it is sent, and once the panel is closed again.
  var closed = look === 'closed' || (b.closed() && (look === 'idle' || !!s.look));
  b.box.className = b.layout + ' ' + look + (closed ? ' closed' : '') + (s.panel ? ' open' : '');
  b.icon.setAttribute('d', ICONS[state] || ICONS[look] || ICONS.idle);
  b.mark(closed);
  b.status.textContent = (reason ? t[reason] : t[state] || '').replace('{api}', b.api);
  b.label.textContent = s.label ? b.name : t.retry;
  b.detail.textContent = state === 'closed' ? closedDetail(b) : '';
  if (b.onshow) b.onshow(state, s, quiet);
}

/* Opt-in (data-datalayer): the page's tag manager reads window.dataLayer; one that cannot be
   pushed to (not an array) is left as the page made it. */
function mirror(id, state, reason) {
  var layer = window.dataLayer || (window.dataLayer = []);
  if (typeof layer.push === 'function') {
    layer.push({ event: 'callgate_state', callgate_button: id, callgate_state: state,
      callgate_reason: reason });
  }
}

/* Outside business hours: when it opens next (in the visitor's time) and the weekly hours. */
function closedDetail(b) {
  var c = b.config, lang = c.language || 'en', t = b.texts;
  var opens = c.opensAt ? t.opens.replace('{time}', opensText(c.opensAt, lang)) : '';
  var hours = c.hours ? t.hours + ': ' + hoursText(c.hours, lang, c.timezone) : '';
  return [opens, hours].filter(Boolean).join('. ');
}
