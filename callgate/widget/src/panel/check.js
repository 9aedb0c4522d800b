/* What the panel shows while the call is set up and under way: the microphone level and the
   device picker, the time, the quality line, and the countdown after a 429. */
import { el } from './forms.js';

export var CheckMethods = {};
var P = CheckMethods;

P.select = function (label, id) {
  var wrap = this.devices.appendChild(el('div', 'device'));
  var caption = wrap.appendChild(el('label', 'field', label));
  var select = wrap.appendChild(el('select'));
  select.id = caption.htmlFor = id;
  wrap.hidden = true;
  return select;
};

P.unfold = function (open) {
  this.unfolded = open;
  this.toggle.setAttribute('aria-expanded', String(open));
  this.devices.hidden = this.b.state === 'incall' && !open && !this.silent;
};

/* After a 429 the retry stays disabled, counting down, until Retry-After has passed. */
P.countdown = function (state) {
  var self = this, b = this.b;
  clearInterval(this.waiting);
  var left = function () { return Math.ceil(((self.retryAt || 0) - Date.now()) / 1000); };
  if (state !== 'failed' || left() <= 0) return (b.main.disabled = false);
  b.main.disabled = true;
  var paint = function () {
    var s = left();
    if (s <= 0) { clearInterval(self.waiting); b.main.disabled = false; self.retryAt = 0; }
    if (b.reason === 'limited') b.status.textContent = b.texts[s > 0 ? 'limited' : 'unavailable'].replace('{s}', s);
  };
  paint();
  this.waiting = setInterval(paint, 1000);
};

P.tick = function () {
  var self = this, paint = function () {
    var s = Math.floor((Date.now() - self.startedAt) / 1000);
    self.timer.textContent = Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
  };
  paint();
  this.ticker = setInterval(paint, 1000);
};

P.showQuality = function (grade) {
  var t = this.b.texts;
  this.qualityLine.className = 'quality ' + grade;
  this.qualityText.textContent = t[grade];
  var hint = grade === 'poor' ? t.weak : '';
  if (this.b.state === 'incall' && this.hint.textContent !== hint && !this.silent) this.hint.textContent = hint;
};

P.level = function (value, silent) {
  this.meter.value = value;
  var warn = silent && !this.muted && this.states[this.b.state].precheck && this.b.parts.precheck;
  if (!!warn === !!this.silent) return;
  this.silent = !!warn;
  this.hint.textContent = warn ? this.b.texts.silent : '';
  this.unfold(!!this.unfolded); // a silent microphone opens the picker
};

P.listDevices = function () {
  var self = this;
  this.mic.devices().then(function (found) {
    fill(self.micSelect, found.inputs, self.mic.deviceId);
    fill(self.sinkSelect, found.outputs, self.sink);
  }).catch(function () {});
};

function fill(select, devices, current) {
  while (select.firstChild) select.removeChild(select.firstChild);
  devices.forEach(function (d, i) {
    var option = select.appendChild(el('option', '', d.label || 'Device ' + (i + 1)));
    option.value = d.deviceId;
    option.selected = d.deviceId === current;
  });
  select.parentNode.hidden = devices.length < 2;
}

