/* The panel's states: which parts each shows (the loader's show() hides the others).
   active: a call is under way; label: the main button shows its label, else "Call again";
   timer: ticks; keep: the time stays; precheck: the level meter and device picker. */
export var STATES = {
  idle: { main: 1, label: 1 },
  closed: { panel: 1, main: 1, label: 1, close: 1, link: 1, detail: 1, ask: 1 },
  consent: { panel: 1, consent: 1, close: 1, look: 'idle' },
  pick: { panel: 1, pick: 1, close: 1, look: 'idle' },
  connecting: { panel: 1, active: 1, hangup: 1, precheck: 1 },
  ringing: { panel: 1, active: 1, hangup: 1, precheck: 1, pulse: 1 },
  incall: { panel: 1, active: 1, hangup: 1, mute: 1, pad: 1, timer: 1, quality: 1, precheck: 1 },
  reconnecting: { panel: 1, active: 1, hangup: 1, timer: 1, pulse: 1 },
  ended: { panel: 1, main: 1, close: 1, keep: 1, rating: 1 },
  rated: { panel: 1, main: 1, close: 1, keep: 1 },
  failed: { panel: 1, main: 1, close: 1, ask: 1 },
  callback: { panel: 1, form: 1, close: 1, look: 'idle' },
  callbacksent: { panel: 1, main: 1, label: 1, close: 1, look: 'ended' }
};

/* Status icons (24×24 paths): each state has its own shape, not only its own colour. */
export var ICONS = {
  idle: 'M7 3 4.5 5.5c0 8 6 14 14 14L21 17l-4-3-2.5 2.5C12 15 9 12 8 9.5L10.5 7z',
  connecting: 'M12 4a8 8 0 1 0 8 8h-2a6 6 0 1 1-6-6z',
  ringing: 'M7 3 4.5 5.5c0 8 6 14 14 14L21 17l-4-3-2.5 2.5C12 15 9 12 8 9.5L10.5 7zM14 2v2a6 6 0 0 1 6 6h2a8 8 0 0 0-8-8zm0 4v2a2 2 0 0 1 2 2h2a4 4 0 0 0-4-4z',
  incall: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1.5 14.5-4-4 1.4-1.4 2.6 2.6 5.6-5.6 1.4 1.4z',
  reconnecting: 'M12 5V2L8 6l4 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z',
  ended: 'M12 9c-1.6 0-3.15.25-4.6.72v3.1c0 .39-.23.74-.56.9-.98.49-1.87 1.12-2.66 1.85-.18.18-.43.28-.7.28-.28 0-.53-.11-.71-.29L.29 13.08a1 1 0 0 1 0-1.41C3.34 8.78 7.46 7 12 7s8.66 1.78 11.71 4.67a1 1 0 0 1 0 1.41l-2.48 2.48c-.18.18-.43.29-.71.29-.27 0-.52-.11-.7-.28a11.3 11.3 0 0 0-2.67-1.85 1 1 0 0 1-.56-.9v-3.1C15.15 9.25 13.6 9 12 9z',
  failed: 'M1 21h22L12 2zm12-3h-2v-2h2zm0-4h-2v-4h2z',
  callbacksent: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1.5 14.5-4-4 1.4-1.4 2.6 2.6 5.6-5.6 1.4 1.4z'
};
ICONS.rated = ICONS.callbacksent;
ICONS.closed = 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 10.4 3.6 2.1-1 1.7L11 13V6h2z';

/* Failure reasons after which a callback request is offered (when the owner turned it on). */
export var CALLBACK_REASONS = { busy: 1, unavailable: 1, limited: 1, dropped: 1, timeout: 1 };

/* Call states the host page and the tests can reach: see README "Events". */
export var PREVIEWS = ['idle', 'connecting', 'ringing', 'incall', 'reconnecting', 'ended',
  'rated', 'failed', 'closed', 'consent', 'callback', 'callbacksent', 'pick'];
