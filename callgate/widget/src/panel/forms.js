/* What the visitor fills in: the consent notice, a callback request, the rating after a call;
   and the report that stores quality figures and rating with the call (the consent is stored
   with the token request, see net.js). */
import { postJson } from './net.js';

var TAGS = ['echo', 'choppy', 'oneway', 'dropped'];

export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export function button(className, text, onClick) {
  var node = el('button', className, text);
  node.type = 'button';
  if (onClick) node.addEventListener('click', onClick);
  return node;
}

function field(form, label, input, id) {
  var caption = form.appendChild(el('label', 'field', label));
  input.id = id;
  caption.htmlFor = id;
  form.appendChild(input);
  return input;
}

export var FormMethods = {
  buildConsent: function (t) {
    var box = this.consent = el('div', 'stack');
    var text = this.notice = box.appendChild(el('p', 'notice', this.b.config.consent || ''));
    text.id = 'cg-consent';
    this.accept = box.appendChild(button('main', t.accept));
    this.accept.setAttribute('aria-describedby', 'cg-consent');
    return box;
  },

  buildForm: function (t) {
    var form = this.form = el('form', 'stack');
    form.noValidate = true;
    form.appendChild(el('p', 'small', t.callbackintro));
    this.phone = field(form, t.phone, el('input'), 'cg-phone');
    this.phone.type = 'tel';
    this.phone.autocomplete = 'tel';
    this.phone.required = true;
    this.phone.maxLength = 40;
    this.note = field(form, t.note, el('textarea'), 'cg-note');
    this.note.maxLength = 500;
    this.note.rows = 2;
    this.formError = form.appendChild(el('p', 'error'));
    this.formError.id = 'cg-phone-error';
    this.formError.setAttribute('aria-live', 'assertive');
    this.sendForm = form.appendChild(button('main', t.send));
    this.sendForm.type = 'submit';
    return form;
  },

  buildRating: function (t) {
    var self = this, box = this.rating = el('div', 'stack');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', t.rate);
    box.appendChild(el('p', 'small', t.rate));
    var stars = box.appendChild(el('div', 'row stars'));
    this.stars = [1, 2, 3, 4, 5].map(function (n) {
      var star = stars.appendChild(button('ghost star', '★', function () { self.rate(n); }));
      star.setAttribute('aria-label', t.star.replace('{n}', n));
      star.setAttribute('aria-pressed', 'false');
      return star;
    });
    var tags = box.appendChild(el('div', 'row'));
    this.tags = TAGS.map(function (tag) {
      var chip = tags.appendChild(button('ghost chip', t['tag' + tag]));
      chip.setAttribute('aria-pressed', 'false');
      chip.addEventListener('click', function () {
        chip.setAttribute('aria-pressed', String(chip.getAttribute('aria-pressed') !== 'true'));
      });
      chip.dataset.tag = tag;
      return chip;
    });
    var actions = box.appendChild(el('div', 'row'));
    this.sendRating = actions.appendChild(button('main', t.send, function () { self.submitRating(); }));
    this.sendRating.disabled = true;
    actions.appendChild(button('ghost', t.skip, function () { self.b.show('idle'); }));
    return box;
  },

  rate: function (n) {
    this.stars.forEach(function (star, i) { star.setAttribute('aria-pressed', String(i < n)); });
    this.score = n;
    this.sendRating.disabled = false;
  },

  submitRating: function () {
    var tags = this.tags.filter(function (c) { return c.getAttribute('aria-pressed') === 'true'; })
      .map(function (c) { return c.dataset.tag; });
    this.report({ rating: this.score, tags: tags }, this.lastKey);
    this.b.show('rated');
  },

  submitCallback: function (event) {
    var self = this, b = this.b, t = b.texts;
    event.preventDefault();
    var phone = this.phone.value.trim();
    if (!/^\+?[0-9 ()./-]{5,30}$/.test(phone)) return this.formFail('badphone');
    this.sendForm.disabled = true;
    var url = b.api + '/api/v1/buttons/' + encodeURIComponent(b.id) + '/callbacks';
    postJson(url, { phone: phone, note: this.note.value.trim() || null }).then(function () {
      self.form.reset();
      b.show('callbacksent');
    }, function (error) {
      var wait = error.retryAfter, reason = wait ? (wait > 300 ? 'later' : 'limited') : error.message;
      self.formFail(reason, (t[reason] || t.unavailable).replace('{s}', wait));
    }).then(function () { self.sendForm.disabled = false; });
  },

  formFail: function (reason, text) {
    this.formError.textContent = text || this.b.texts[reason];
    var bad = reason === 'badphone';
    this.phone.setAttribute('aria-invalid', String(bad));
    if (bad) this.phone.setAttribute('aria-describedby', 'cg-phone-error');
    this.phone.focus();
  },

  /* Quality goes with the call's end; the rating comes later with the same key. */
  finishReport: function () {
    var grant = this.grant;
    this.grant = null;
    if (!grant || !grant.reportKey) return;
    this.lastKey = grant.reportKey;
    var body = {}, quality = this.quality.summary(this.reconnects);
    if (quality) body.quality = quality;
    if (quality) this.report(body, grant.reportKey, true);
  },

  report: function (body, key, keepalive) {
    if (!key) return;
    body.key = key;
    postJson(this.b.api + '/api/v1/calls/report', body, keepalive).catch(function () {});
  }
};
