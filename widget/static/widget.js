/* Callgate call button. Embed: <script async src="BASE/widget.js" data-button="ID"></script> */
(function () {
  'use strict';
  var script = document.currentScript;

  function warn(message) {
    try { console.warn('[callgate] ' + message); } catch (e) { /* no console */ }
  }

  /* Styles (shadow root only) */
  var CSS = `
    :host { all: initial }
    .cg {
      font: 15px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f;
      display: flex; flex-direction: column; gap: 8px; align-items: flex-end; z-index: 2147483000;
    }
    .cg.fixed { position: fixed; bottom: 20px; right: 20px }
    .cg.left { right: auto; left: 20px; align-items: flex-start }
    .cg.inline { align-items: flex-start }
    button {
      all: unset; box-sizing: border-box; cursor: pointer; min-height: 44px; min-width: 44px;
      border-radius: 22px; padding: 0 18px; display: inline-flex; align-items: center; gap: 8px;
      font: inherit; font-weight: 600; background: var(--bg); color: var(--fg);
    }
    button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px }
    button[disabled] { cursor: not-allowed; opacity: .55 }
    svg { width: 20px; height: 20px; fill: currentColor }
    .status:before {
      content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
      background: var(--bg); margin-right: 8px; vertical-align: middle;
    }
    .main { box-shadow: 0 4px 14px rgba(0,0,0,.25); transition: transform .15s }
    .main:hover { transform: translateY(-1px) }
    .panel {
      background: #fff; border-radius: 14px; box-shadow: 0 6px 24px rgba(0,0,0,.2);
      padding: 14px 16px; min-width: 220px; display: flex; flex-direction: column; gap: 10px;
    }
    [hidden] { display: none !important }
    .row { display: flex; gap: 8px; flex-wrap: wrap }
    .status { font-weight: 600 }
    .timer { font-variant-numeric: tabular-nums; color: #555; font-size: 22px }
    .timer:empty { display: none }
    .ghost { background: #eef0f2; color: #1d1d1f }
    .end { background: #c62828; color: #fff }
    .pad { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px }
    .pad button { justify-content: center }
    a { color: #0b57d0; font-weight: 600; min-height: 44px; display: inline-flex; align-items: center }
    .shut .main { opacity: .6 }
    .shut .status:before { background: #999 }
    .pulse .main { animation: cgp 1.2s ease-in-out infinite }
    @keyframes cgp { 50% { box-shadow: 0 0 0 8px rgba(0,0,0,.08) } }
    @media (prefers-reduced-motion: reduce) { .main, .pulse .main { animation: none; transition: none } }
  `;

  /* DOM helpers */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function icon() {
    var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
    var path = document.createElementNS(ns, 'path');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    path.setAttribute('d', 'M7 3 4.5 5.5c0 8 6 14 14 14L21 17l-4-3-2.5 2.5C12 15 9 12 8 9.5L10.5 7z');
    svg.appendChild(path);
    return svg;
  }

  function styleRoot(root) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el('style', '', CSS)); // older browsers without constructable sheets
    }
  }

  /* State table: the parts each state shows (others hidden). active: a call is under way;
     label: main button shows its label, else "retry"; timer: ticks; keep: the time stays. */
  var STATES = {
    idle: { main: true, label: true, close: true },
    connecting: { panel: true, active: true, hangup: true },
    ringing: { panel: true, active: true, hangup: true, pulse: true },
    incall: { panel: true, active: true, hangup: true, mute: true, pad: true, timer: true },
    ended: { panel: true, main: true, close: true, keep: true },
    failed: { panel: true, main: true, close: true },
    closed: { panel: true, main: true, label: true, close: true, link: true }
  };
  var PARTS = ['panel', 'main', 'mute', 'pad', 'link', 'hangup', 'close'];

  /* Rendering */
  function Button(api, id, options) {
    this.api = api;
    this.id = id;
    this.options = options;
    this.state = 'idle';
  }

  Button.prototype.render = function (config, unavailable) {
    var o = this.options, inline = document.querySelector('[data-callgate-button]');
    var texts = this.texts = mergeTexts(config.texts, o.texts);
    var host = this.host = el('callgate-button');
    // Inline !important beats any host-page rule, so hostile CSS cannot hide or move us.
    host.style.setProperty('all', 'initial', 'important');
    host.style.setProperty('display', 'block', 'important');
    var root = host.attachShadow({ mode: 'open' });
    styleRoot(root);
    var position = inline ? 'inline' : (o.position || config.position || 'bottom-right');
    var box = this.box = el('div', 'cg ' + (position === 'inline' ? 'inline' : 'fixed') +
      (position === 'bottom-left' ? ' left' : ''));
    box.style.setProperty('--bg', o.color || config.color || '#0b6e4f');
    box.style.setProperty('--fg', o.textColor || config.textColor || '#ffffff');
    this.buildPanel(box);
    var main = this.main = el('button', 'main');
    main.type = 'button';
    main.appendChild(icon());
    this.name = o.label || config.label || texts.call;
    this.label = main.appendChild(el('span', '', this.name));
    box.appendChild(main);
    root.appendChild(box);
    (inline || document.body).appendChild(host);
    if (this.preview) return this.show(previewState(config), null, true);
    if (unavailable) return this.disable(texts.notallowed);
    this.bindIntent();
    if (this.closed()) this.show('closed', null, true);
  };

  // Closed by the server's hours, unless the opening time it gave has passed since.
  Button.prototype.closed = function () {
    var c = this.config;
    if (this.preview) return this.state === 'closed';
    return c.open === false && !(Date.parse(c.opensAt) <= Date.now());
  };

  Button.prototype.buildPanel = function (box) {
    var t = this.texts, panel = this.panel = el('div', 'panel');
    panel.hidden = true;
    this.status = el('div', 'status');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.timer = el('div', 'timer');
    this.timer.setAttribute('role', 'timer');
    var row = el('div', 'row');
    this.mute = el('button', 'ghost', t.mute);
    this.mute.setAttribute('aria-pressed', 'false');
    this.hangup = el('button', 'end', t.hangup);
    this.close = el('button', 'ghost', t.close);
    [this.mute, this.hangup, this.close].forEach(function (b) { b.type = 'button'; row.appendChild(b); });
    panel.appendChild(this.status);
    panel.appendChild(this.timer);
    var self = this, f = this.config.fallback;
    if (f && /^(tel:|https:\/\/)/.test(f)) {
      this.link = panel.appendChild(el('a', '', f.replace(/^tel:|^https:\/\//, '')));
      this.link.href = f; // only after the scheme check above
    }
    if (this.config.dtmf) {
      this.pad = panel.appendChild(el('div', 'pad'));
      this.pad.setAttribute('role', 'group');
      this.pad.setAttribute('aria-label', t.keypad);
      '123456789*0#'.split('').forEach(function (digit) {
        var key = self.pad.appendChild(el('button', 'ghost', digit));
        key.type = 'button';
        key.addEventListener('click', function () { self.dtmf(digit); });
      });
    }
    panel.appendChild(row);
    box.appendChild(panel);
    // Media elements the SDK attaches its audio to; never shown.
    this.local = box.appendChild(el('div'));
    this.remote = box.appendChild(el('div'));
    this.local.hidden = this.remote.hidden = true;
  };

  Button.prototype.disable = function (message) {
    this.main.disabled = true;
    this.main.title = message;
    this.main.setAttribute('aria-label', this.label.textContent + ' — ' + message);
  };

  Button.prototype.bindIntent = function () {
    var self = this, preload = function () { self.loadSdk().catch(function () {}); };
    ['pointerenter', 'focus', 'touchstart'].forEach(function (name) {
      self.main.addEventListener(name, preload, { once: true, passive: true });
    });
    this.main.addEventListener('click', function () { self.start(); });
    this.hangup.addEventListener('click', function () { self.stop(); });
    this.close.addEventListener('click', function () { self.show('idle'); });
    this.mute.addEventListener('click', function () { self.toggleMute(); });
    this.panel.addEventListener('keydown', function (e) {
      if (self.pad && /^[0-9*#]$/.test(e.key)) self.dtmf(e.key);
    });
  };

  Button.prototype.dtmf = function (digit) {
    if (this.call && this.state === 'incall') this.call.sendDTMF(digit);
  };

  Button.prototype.show = function (state, reason, quiet) {
    var self = this, t = this.texts, s = STATES[state];
    this.state = state;
    // Lets the host page follow calls (analytics, its own UI): document-level 'callgate:state'.
    this.host.dispatchEvent(new CustomEvent('callgate:state', {
      bubbles: true, composed: true, detail: { button: this.id, state: state, reason: reason || null }
    }));
    PARTS.forEach(function (part) { if (self[part]) self[part].hidden = !s[part]; });
    this.status.textContent = reason ? t[reason] : (t[state] || '');
    this.box.classList.toggle('pulse', !!s.pulse);
    this.box.classList.toggle('shut', this.closed());
    this.label.textContent = s.label ? this.name : t.retry;
    if (!s.timer) {
      clearInterval(this.ticker);
      if (!s.keep) this.timer.textContent = '';
    }
    if (!s.active && !quiet) this.main.focus({ preventScroll: true });
  };

  Button.prototype.startTimer = function () {
    var self = this, started = Date.now();
    var tick = function () {
      var s = Math.floor((Date.now() - started) / 1000);
      self.timer.textContent = Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
    };
    tick();
    this.ticker = setInterval(tick, 1000);
  };

  Button.prototype.toggleMute = function () {
    if (!this.call) return;
    var muted = this.mute.getAttribute('aria-pressed') !== 'true';
    if (muted) this.call.muteAudio(); else this.call.unmuteAudio();
    this.mute.setAttribute('aria-pressed', String(muted));
    this.mute.textContent = muted ? this.texts.unmute : this.texts.mute;
  };

  /* Call setup: microphone, token, session, call */
  Button.prototype.start = function () {
    var self = this;
    if (STATES[this.state].active) return;
    if (this.closed()) return this.show('closed');
    var attempt = this.attempt = (this.attempt || 0) + 1;
    this.show('connecting');
    this.stopping = false;
    checkMicrophone()
      .then(function () { return Promise.all([self.fetchToken(), self.loadSdk()]); })
      .then(function (results) {
        // The visitor may have hung up while we were getting ready.
        if (attempt === self.attempt && self.state === 'connecting') return self.connect(results[0], results[1]);
      })
      .catch(function (error) {
        error = error || {};
        if (error.opensAt === undefined) return self.fail(self.texts[error.message] ? error.message : 'failed');
        self.config.open = false;
        self.config.opensAt = error.opensAt;
        self.show('closed');
      });
  };

  Button.prototype.fetchToken = function () {
    var url = this.api + '/api/v1/buttons/' + encodeURIComponent(this.id) + '/token';
    return fetch(url, { method: 'POST', credentials: 'omit', cache: 'no-store' })
      .catch(function () { throw new Error('gateway'); })
      .then(function (response) {
        if (response.ok) return response.json();
        return response.json().catch(function () { return {}; }).then(function (body) {
          var error = new Error(response.status === 403 ? 'notallowed' : 'unavailable');
          // The token endpoint says when a closed button opens next (null: not scheduled).
          if (body.error === 'closed') error.opensAt = body.opensAt;
          throw error;
        });
      });
  };

  Button.prototype.connect = function (grant, F) {
    var self = this, S = F.constants.SESSION_STATUS, refusal = null;
    Button.init = Button.init || Promise.resolve(F.init({ logger: { severity: 'ERROR', enableLogs: false } }));
    return Button.init.then(function () {
      self.session = F.createSession({
        urlServer: grant.gateway.url, appKey: grant.gateway.appKey, custom: { token: grant.token }
      }).on(S.ESTABLISHED, function (session) { self.placeCall(session, F); })
        // SDK 2.0 reports a refused connect as WARN (then DISCONNECTED), never as FAILED.
        .on(S.WARN, function (info) { refusal = (info && info.info) || 'rejected'; })
        .on(S.FAILED, function () { self.fail('gateway'); })
        .on(S.DISCONNECTED, function () {
          if (STATES[self.state].active) self.fail(refusal ? reasonOf(refusal) : 'gateway');
        });
    });
  };

  Button.prototype.placeCall = function (session, F) {
    var self = this, C = F.constants.CALL_STATUS;
    this.call = session.createCall({
      callee: 'callgate', visibleName: 'Web visitor', localVideoDisplay: this.local,
      remoteVideoDisplay: this.remote, constraints: { audio: true, video: false },
      receiveAudio: true, receiveVideo: false
    }).on(C.RING, function () { self.show('ringing'); })
      .on(C.ESTABLISHED, function () { self.show('incall'); self.startTimer(); })
      .on(C.FINISH, function () { self.end('ended'); })
      .on(C.BUSY, function () { self.end('failed', 'busy'); })
      .on(C.FAILED, function () { if (self.stopping) self.end('ended'); else self.end('failed', 'rejected'); });
    this.call.call();
  };

  Button.prototype.stop = function () {
    this.stopping = true;
    // Before the gateway answers, the SDK ends the call locally without telling it,
    // so closing the session is what really hangs up.
    try { if (this.call) this.call.hangup(); } catch (e) { /* already over */ }
    this.end('ended');
  };

  Button.prototype.end = function (state, reason) {
    var session = this.session;
    this.session = this.call = null;
    this.mute.setAttribute('aria-pressed', 'false');
    this.mute.textContent = this.texts.mute;
    if (state !== 'ended' || this.state !== 'ended') this.show(state, reason);
    if (session) setTimeout(function () { try { session.disconnect(); } catch (e) { /* closed */ } }, 300);
  };

  Button.prototype.fail = function (reason) {
    if (this.state === 'failed' || this.state === 'ended') return;
    this.end('failed', reason);
  };

  function reasonOf(info) {
    if (/origin/i.test(info)) return 'notallowed';
    if (/expired/i.test(info)) return 'expired';
    return 'rejected';
  }

  function checkMicrophone() {
    var media = navigator.mediaDevices;
    if (!media || !media.getUserMedia) return Promise.reject(new Error('nomic'));
    return media.getUserMedia({ audio: true, video: false }).then(function (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }, function (error) {
      throw new Error(/NotFound|Overconstrained/.test(error && error.name) ? 'nomic' : 'mic');
    });
  }

  /* SDK loading (once per page) */
  Button.prototype.loadSdk = function () {
    var sdk = this.config.sdk, api = this.api;
    if (window.Flashphoner) return Promise.resolve(window.Flashphoner);
    if (!sdk) return Promise.reject(new Error('gateway'));
    if (!Button.sdkPromise) {
      Button.sdkPromise = new Promise(function (resolve, reject) {
        var tag = el('script');
        tag.src = api + sdk.path;
        tag.integrity = sdk.integrity;
        tag.crossOrigin = 'anonymous';
        tag.onload = function () { resolve(window.Flashphoner); };
        tag.onerror = function () { Button.sdkPromise = null; reject(new Error('gateway')); };
        document.head.appendChild(tag);
      });
    }
    return Button.sdkPromise;
  };

  /* Boot: options from the <script> tag, config from the API */
  function mergeTexts(serverTexts, overrides) {
    var result = {}, key;
    for (key in serverTexts || {}) result[key] = serverTexts[key];
    for (key in overrides) result[key] = overrides[key];
    return result;
  }

  function readOptions(tag) {
    var data = tag.dataset, texts = {};
    for (var key in data) {
      if (key.indexOf('text') === 0 && key.length > 4) texts[key.charAt(4).toLowerCase() + key.slice(5)] = data[key];
    }
    return {
      label: data.label, color: data.color, textColor: data.textColor,
      position: data.position, lang: data.lang, texts: texts
    };
  }

  function boot() {
    var id = script && script.getAttribute('data-button');
    if (!id) return warn('missing data-button on the <script> tag');
    var registry = window.Callgate = window.Callgate || { buttons: {} };
    if (registry.buttons[id]) return; // included twice: one button
    var api = new URL(script.src).origin, button = new Button(api, id, readOptions(script));
    registry.buttons[id] = button;
    var previewId = script.getAttribute('data-preview');
    if (previewId) return preview(button, previewId); // no fetch, no token, no SDK, no microphone
    var lang = button.options.lang || navigator.language || 'en';
    fetch(api + '/api/v1/buttons/' + encodeURIComponent(id) + '?lang=' + encodeURIComponent(lang),
      { credentials: 'omit' })
      .then(function (response) {
        if (response.status === 404) throw new Error('no button ' + id + ' (unknown or disabled)');
        return response.json().then(function (config) { return [config, response.status === 403]; });
      })
      .then(function (result) { whenReady(function () { button.config = result[0]; button.render(result[0], result[1]); }); })
      .catch(function (error) { warn(error.message || 'cannot load the button'); });
  }

  /* Preview mode (the console's button editor): config from a JSON element, never a call */
  var PREVIEW_STATES = ['idle', 'connecting', 'ringing', 'incall', 'ended', 'failed', 'closed'];

  function previewState(config) {
    var state = config.previewState;
    if (PREVIEW_STATES.indexOf(state) >= 0) return state;
    return config.open === false ? 'closed' : 'idle';
  }

  function preview(button, elementId) {
    whenReady(function () {
      var node = document.getElementById(elementId), config;
      try {
        config = JSON.parse(node.textContent);
      } catch (e) {
        return warn('data-preview: no JSON button config in #' + elementId);
      }
      button.preview = true;
      button.config = config;
      button.render(config);
      if (button.state === 'incall') button.timer.textContent = '0:00';
    });
  }

  function whenReady(fn) {
    if (document.body) fn(); else document.addEventListener('DOMContentLoaded', fn, { once: true });
  }

  try { boot(); } catch (error) { warn(error && error.message); }
})();
