/* Callgate call panel: loaded by the loader on intent. It adds its states and parts to the
   loader's button and drives the call. PANEL_CSS is filled in by widget/build.mjs. */
import { CallMethods } from './call.js';
import { CheckMethods } from './check.js';
import { button, el, FormMethods } from './forms.js';
import { Microphone } from './media.js';
import { acceptNotice } from './net.js';
import { needsPick, PickMethods } from './pick.js';
import { Quality } from './quality.js';
import { CALLBACK_REASONS, PREVIEWS } from './states.js';
import { buildFrame } from './view.js';

function Panel(b) {
  var self = this;
  this.b = b;
  this.attempt = 0;
  this.quality = new Quality();
  b.addStyle(PANEL_CSS);
  buildFrame(b);
  this.states = b.states;
  this.mic = new Microphone(function (level, silent) { self.level(level, silent); });
  this.build(b.texts, b.config);
  b.onshow = function (state, s, quiet) { self.onshow(state, s, quiet); };
  if (!b.preview) this.bind();
}

Object.assign(Panel.prototype, CallMethods, CheckMethods, FormMethods, PickMethods);

Panel.prototype.build = function (t, config) {
  var b = this.b, self = this, body = b.body, parts = b.parts;
  body.className = 'stack';
  this.timer = body.appendChild(el('div', 'timer'));
  this.timer.setAttribute('role', 'timer');
  this.timer.setAttribute('aria-label', t.incall);
  this.qualityLine = body.appendChild(el('p', 'quality'));
  this.qualityLine.appendChild(el('span', 'bars')).setAttribute('aria-hidden', 'true');
  this.qualityText = this.qualityLine.appendChild(el('span'));
  this.hint = body.appendChild(el('p', 'hint'));
  this.hint.setAttribute('aria-live', 'polite');
  this.check = body.appendChild(el('div', 'stack'));
  this.meter = this.check.appendChild(el('meter'));
  this.meter.setAttribute('aria-label', t.level);
  this.meter.min = 0;
  this.meter.max = 1;
  this.devices = this.check.appendChild(el('div', 'stack'));
  this.devices.id = 'cg-devices';
  this.micSelect = this.select(t.micdevice, 'cg-mic');
  this.sinkSelect = this.select(t.speaker, 'cg-sink');
  body.appendChild(this.buildPick(t, config));
  body.appendChild(this.buildConsent(t));
  body.appendChild(this.buildForm(t));
  body.appendChild(this.buildRating(t));
  if (config.dtmf) {
    this.pad = body.appendChild(el('div', 'pad'));
    this.pad.setAttribute('role', 'group');
    this.pad.setAttribute('aria-label', t.keypad);
    '123456789*0#'.split('').forEach(function (digit) {
      self.pad.appendChild(button('ghost', digit, function () { self.dtmf(digit); }));
    });
  }
  var actions = b.actions;
  this.mute = actions.insertBefore(button('ghost', t.mute), b.ask);
  this.mute.setAttribute('aria-pressed', 'false');
  this.hangup = actions.insertBefore(button('end', t.hangup), b.ask);
  // In a call the device picker folds away behind a toggle; while connecting it is open.
  this.toggle = actions.insertBefore(button('ghost', t.devices), this.mute);
  this.toggle.setAttribute('aria-controls', 'cg-devices');
  b.ask.addEventListener('click', function () { if (!b.preview) self.callback(); });
  b.close.addEventListener('click', function () { if (!b.preview) b.show('idle'); });
  // Media elements the SDK attaches its audio to; never shown.
  this.local = b.box.appendChild(el('div'));
  this.remote = b.box.appendChild(el('div'));
  this.local.hidden = this.remote.hidden = true;
  Object.assign(parts, { timer: this.timer, quality: this.qualityLine, consent: this.consent,
    form: this.form, pick: this.pickForm, rating: config.rating ? this.rating : null, pad: this.pad,
    mute: this.mute, hangup: this.hangup, precheck: config.precheck === false ? null : this.check });
  // Parts the owner turned off stay hidden in every state.
  this.check.hidden = config.precheck === false;
  this.rating.hidden = !config.rating;
};

Panel.prototype.bind = function () {
  var self = this, b = this.b;
  this.hangup.addEventListener('click', function () { self.stop(); });
  this.mute.addEventListener('click', function () { self.setMuted(!self.muted); });
  this.toggle.addEventListener('click', function () { self.unfold(!self.unfolded); });
  this.accept.addEventListener('click', function () {
    self.consented = true;
    acceptNotice(b.id, b.config.consent);
    self.start();
  });
  this.form.addEventListener('submit', function (e) { self.submitCallback(e); });
  this.pickForm.addEventListener('submit', function (e) { self.submitPick(e); });
  this.micSelect.addEventListener('change', function () {
    self.mic.deviceId = self.micSelect.value;
    if (self.mic.stream) self.mic.capture(self.micSelect.value).catch(function () {});
  });
  this.sinkSelect.addEventListener('change', function () {
    self.sink = self.sinkSelect.value;
    if (self.call) self.call.setAudioOutputId(self.sink);
  });
  b.panel.addEventListener('keydown', function (e) {
    if (self.pad && /^[0-9*#]$/.test(e.key) && e.target.tagName !== 'INPUT') self.dtmf(e.key);
  });
  b.box.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !self.states[b.state].active && b.state !== 'idle') b.show('idle');
  });
};

/* The loader's actions, once the panel is here. */
Panel.prototype.click = function () {
  var b = this.b;
  if (this.states[b.state].active || this.retryAt > Date.now()) return;
  if (b.closed()) return b.show('closed');
  if (needsPick(b.config) && !this.picked) return b.show('pick');
  if (b.config.consent && !this.consented) return b.show('consent');
  this.start();
};

Panel.prototype.callback = function () { this.b.show('callback'); };

/* The picked route closed meanwhile (or a name is required): fetch the routes and pick again. */
Panel.prototype.repick = function (error) {
  var b = this.b;
  this.picked = false;
  this.end('pick');
  if (this.pickError) {
    this.pickError.textContent = b.texts[error.code === 'name_required' ? 'namerequired' : 'routegone'];
  }
  this.refreshRoutes();
};

/* The server holds another notice than the one accepted: show it to be accepted again. */
Panel.prototype.failWith = function (error) {
  var b = this.b;
  if (error && error.message === 'repick' && b.state === 'connecting') return this.repick(error);
  if (!error || error.message !== 'consent' || !error.consent || b.state !== 'connecting') {
    return CallMethods.failWith.call(this, error);
  }
  b.config.consent = error.consent;
  this.notice.textContent = error.consent;
  this.consented = false;
  acceptNotice(b.id, null);
  this.end('consent');
};

/* The panel is here (the first intent, or a preview): a preview draws its state, and a closed
   button shows why and what else, quietly (the focus stays). Once: later intents are no news. */
Panel.prototype.ready = function () {
  var b = this.b;
  if (this.readied) return;
  this.readied = true;
  if (b.preview) return this.preview();
  if (b.closed() && b.state === 'idle') b.show('closed', null, true);
};

Panel.prototype.preview = function () {
  var b = this.b, state = b.config.previewState;
  if (PREVIEWS.indexOf(state) < 0) state = b.config.open === false ? 'closed' : 'idle';
  // A state may be shown with one of its reasons (a failure's, the overflow's), by text key.
  b.show(state, b.texts[b.config.previewReason] ? b.config.previewReason : null, true);
  if (state === 'incall' || state === 'reconnecting') this.timer.textContent = '0:00';
  if (state === 'incall') this.showQuality('good');
};

Panel.prototype.onshow = function (state, s, quiet) {
  var b = this.b, t = b.texts;
  this.toggle.hidden = state !== 'incall' || !b.parts.precheck;
  this.unfold(!!this.unfolded);
  if (state === 'ended' && b.config.rating) b.close.hidden = true; // "Skip" closes instead
  b.box.classList.toggle('pulse', !!s.pulse);
  if (!s.timer && !s.keep) this.timer.textContent = '';
  if (!s.timer) { clearInterval(this.ticker); this.ticker = null; }
  else if (this.startedAt && !this.ticker) this.tick();
  if (state !== 'incall') this.qualityText.textContent = '';
  var offer = b.config.callback && (state === 'closed' || CALLBACK_REASONS[b.reason]);
  if (b.parts.ask) b.ask.hidden = !offer;
  this.hint.textContent = state === 'failed' && this.help ? t[this.help] : '';
  this.countdown(state);
  if (!quiet) this.focus(state, s);
};

/* Focus moves into the panel when it opens, and back to the button when it closes. */
Panel.prototype.focus = function (state, s) {
  var b = this.b, visible = function (node) { return node && !node.hidden && node; };
  var target = {
    consent: this.accept, callback: this.phone, idle: b.main, pick: this.firstPickField(),
    ended: b.config.rating ? this.stars[0] : b.main,
    closed: visible(b.parts.ask) || visible(b.link) || b.close,
    failed: b.main.disabled ? b.close : b.main
  }[state] || (s.active ? this.hangup : b.close);
  target.focus({ preventScroll: true });
};

Panel.prototype.setMuted = function (muted) {
  this.muted = muted;
  if (this.call) muted ? this.call.muteAudio() : this.call.unmuteAudio();
  this.mute.setAttribute('aria-pressed', String(muted));
  this.mute.textContent = muted ? this.b.texts.unmute : this.b.texts.mute;
};

Panel.prototype.dtmf = function (digit) {
  if (this.call && this.b.state === 'incall') this.call.sendDTMF(digit);
};

window.Callgate.attach = function (b) { return new Panel(b); };
