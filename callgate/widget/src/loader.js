/* Callgate call button, the loader. Embed: <script async src="BASE/widget.js" data-button="ID">.
   It draws the button, open or closed; the call panel, the SDK and everything after them load
   on intent (pointer over, focus, touch, click), or at once in preview.
   PANEL_FILE and LOADER_CSS are filled in by widget/build.mjs. */
var script = document.currentScript;
var registry = (window.Callgate = window.Callgate || { buttons: {} });

function warn(message) {
  try { console.warn('[callgate] ' + message); } catch (e) { /* no console */ }
}

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/* Load a script once per page (the panel, the SDK); same URL, same promise. */
function loadScript(url, integrity) {
  var cache = (registry.scripts = registry.scripts || {});
  return cache[url] || (cache[url] = new Promise(function (resolve, reject) {
    var tag = el('script');
    tag.src = url;
    if (integrity) tag.integrity = integrity;
    tag.crossOrigin = 'anonymous';
    tag.onload = resolve;
    tag.onerror = function () { delete cache[url]; reject(new Error('gateway')); };
    document.head.appendChild(tag);
  }));
}

var PHONE = 'M7 3 4.5 5.5c0 8 6 14 14 14L21 17l-4-3-2.5 2.5C12 15 9 12 8 9.5L10.5 7z';
var CLOCK = 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 10.4 3.6 2.1-1 1.7L11 13V6h2z';

/* An SVG icon of one 24×24 path, hidden from assistive technology (the text says it). */
function icon(d) {
  var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.appendChild(document.createElementNS(ns, 'path')).setAttribute('d', d);
  return svg;
}
registry.loadScript = loadScript;
registry.icon = icon;

function Button(api, id, options) {
  this.api = api;
  this.id = id;
  this.options = options;
  this.state = 'idle';
}

Button.prototype.render = function (config, refused) {
  var o = this.options, inline = document.querySelector('[data-callgate-button]');
  var t = this.texts = Object.assign({}, config.texts, o.texts);
  var name = this.name = o.label || config.label || t.call;
  var host = this.host = el('callgate-button');
  // Inline !important beats any host-page rule, so hostile CSS cannot hide or move us.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'block', 'important');
  this.root = host.attachShadow({ mode: 'open' });
  this.addStyle(LOADER_CSS);
  var position = inline ? 'inline' : o.position || config.position || 'bottom-right';
  this.layout = 'cg ' + (position === 'inline' ? 'inline' : 'fixed') +
    (position === 'bottom-left' ? ' left' : '');
  var box = this.box = el('div', this.layout);
  box.setAttribute('role', 'region'); // a landmark of its own, wherever the page puts it
  box.setAttribute('aria-label', name);
  box.style.setProperty('--bg', o.color || config.color || '#0b6e4f');
  box.style.setProperty('--fg', o.textColor || config.textColor || '#ffffff');
  var main = this.main = box.appendChild(el('button', 'main'));
  main.type = 'button';
  this.mainIcon = main.appendChild(icon(PHONE)).firstChild;
  this.label = main.appendChild(el('span', '', name));
  this.root.appendChild(box);
  (inline || document.body).appendChild(host);
  if (refused) return this.refuse();
  if (this.closed()) {
    box.className += ' closed';
    this.mark(true);
  }
  // Only a preview shows its panel at once; a closed button shows why on intent.
  if (this.preview) this.use('ready'); else this.bind();
};

/* The main button open (a phone) or closed (a clock, and the closed message in its accessible
   name); the box's class `closed` greys it. The panel calls it on each state. */
Button.prototype.mark = function (closed) {
  this.mainIcon.setAttribute('d', closed ? CLOCK : PHONE);
  if (closed) this.main.setAttribute('aria-label', this.name + ' — ' + this.texts.closed);
  else this.main.removeAttribute('aria-label');
};

Button.prototype.addStyle = function (css) {
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    this.root.adoptedStyleSheets = this.root.adoptedStyleSheets.concat(sheet);
  } catch (e) {
    this.root.appendChild(el('style', '', css)); // older browsers without constructable sheets
  }
};

// Closed by the server's hours, unless the opening time it gave has passed since.
Button.prototype.closed = function () {
  var c = this.config;
  return c.open === false && !(Date.parse(c.opensAt) <= Date.now());
};

Button.prototype.refuse = function () {
  var t = this.texts, origin = location.origin;
  this.main.disabled = true;
  this.main.title = t.notallowed;
  this.main.setAttribute('aria-label', this.name + ' — ' + t.notallowed);
  warn('this page\'s origin ' + origin + ' is not allowed to use button ' + this.id +
    ': the button\'s owner must add ' + origin + ' to its allowed origins');
};

Button.prototype.bind = function () {
  var self = this, main = this.main, ready = function () { self.use('ready'); };
  ['pointerenter', 'focus', 'touchstart'].forEach(function (name) {
    main.addEventListener(name, ready, { once: true, passive: true });
  });
  main.addEventListener('click', function () { self.use('click'); });
};

/* Hand the visitor's action to the panel once it is there. */
Button.prototype.use = function (action) {
  this.load().then(function (ui) { ui[action](); }, function () { warn('cannot load the panel'); });
};

/* The panel, the SDK (unless closed: no call) and the full config (all texts, hours,
   switches) in parallel, once. */
Button.prototype.load = function () {
  var self = this, sdk = this.config.sdk;
  if (sdk && !this.preview && !window.Flashphoner && !this.closed()) {
    loadScript(this.api + sdk.path, sdk.integrity).catch(function () {});
  }
  var full = this.preview ? this.config : this.full || (this.full = this.fetch('').then(
    function (response) { return response.json(); },
    function (error) { self.full = null; throw error; }));
  return Promise.all([loadScript(this.api + '/widget/' + PANEL_FILE), full]).then(function (got) {
    if (!self.ui) {
      self.config = got[1];
      self.texts = Object.assign({}, got[1].texts, self.options.texts);
      self.ui = registry.attach(self);
    }
    return self.ui;
  });
};

Button.prototype.fetch = function (view) {
  var lang = this.options.lang || navigator.language || 'en';
  return fetch(this.api + '/api/v1/buttons/' + encodeURIComponent(this.id) + '?lang=' +
    encodeURIComponent(lang) + view, { credentials: 'omit' });
};

/* Boot: options from the <script> tag, config from the API (or, in preview, from the page) */
function readOptions(tag) {
  var data = tag.dataset, texts = {};
  for (var key in data) {
    if (key.indexOf('text') === 0 && key.length > 4) {
      texts[key.charAt(4).toLowerCase() + key.slice(5)] = data[key];
    }
  }
  return { label: data.label, color: data.color, textColor: data.textColor,
    position: data.position, lang: data.lang, texts: texts, datalayer: 'datalayer' in data };
}

function start(button, config, refused) {
  whenReady(function () { button.config = config; button.render(config, refused); });
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
    start(button, config, false);
  });
}

function boot() {
  var id = script && script.getAttribute('data-button');
  if (!id) return warn('missing data-button on the <script> tag');
  if (registry.buttons[id]) return; // included twice: one button
  var api = new URL(script.src).origin, button = new Button(api, id, readOptions(script));
  registry.buttons[id] = button;
  var previewId = script.getAttribute('data-preview');
  if (previewId) return preview(button, previewId); // no fetch, no token, no SDK, no microphone
  // The button's look only; the full config comes with the panel, on intent.
  button.fetch('&view=button')
    .then(function (response) {
      if (response.status === 404) throw new Error('no button ' + id + ' (unknown or disabled)');
      return response.json().then(function (config) { start(button, config, response.status === 403); });
    })
    .catch(function (error) { warn(error.message || 'cannot load the button'); });
}

function whenReady(fn) {
  if (document.body) fn(); else document.addEventListener('DOMContentLoaded', fn, { once: true });
}

try { boot(); } catch (error) { warn(error && error.message); }
