/* The microphone: opened once per call attempt and handed to the SDK as a stream, measured for
   the level meter and silence, switchable (another microphone, another speaker) at any time.
   The visitor's microphone feeds a Web Audio graph; each call gets its own destination stream,
   so switching devices never touches the peer connection. */
import { failure } from './net.js';

var SILENCE = 0.002; // RMS below this for SILENT_MS: the microphone delivers nothing
var SILENT_MS = 2500;

/* Why the microphone cannot be used here, before asking: names the cause the page can fix. */
export function blocked() {
  if (!window.isSecureContext) return 'insecure';
  var policy = document.permissionsPolicy || document.featurePolicy;
  if (policy && policy.allowsFeature && !policy.allowsFeature('microphone')) {
    return window.self !== window.top ? 'micframe' : 'micpolicy';
  }
  var media = navigator.mediaDevices;
  return media && media.getUserMedia ? null : 'nomic';
}

function refusal(error) {
  var name = error && error.name;
  if (/NotFound|Overconstrained|NotReadable/.test(name)) return failure('nomic');
  return failure('mic', { help: /^((?!chrome|android).)*safari/i.test(navigator.userAgent) ?
    'michelpsafari' : 'michelp' });
}

export function Microphone(onLevel) {
  this.onLevel = onLevel;
  this.deviceId = null;
}

Microphone.prototype.open = function () {
  var self = this, cause = blocked();
  if (cause) return Promise.reject(failure(cause));
  var Context = window.AudioContext || window.webkitAudioContext;
  this.context = this.context || new Context();
  this.context.resume().catch(function () {});
  return this.capture(this.deviceId).then(function () { self.watch(); return self; });
};

Microphone.prototype.capture = function (deviceId) {
  var self = this, audio = deviceId ? { deviceId: { exact: deviceId } } : true;
  return navigator.mediaDevices.getUserMedia({ audio: audio, video: false }).then(function (stream) {
    var old = self.stream, ctx = self.context;
    if (!ctx) return stream.getTracks().forEach(function (t) { t.stop(); }); // closed meanwhile
    if (self.source) self.source.disconnect();
    self.stream = stream;
    self.source = ctx.createMediaStreamSource(stream);
    self.analyser = self.analyser || ctx.createAnalyser();
    self.source.connect(self.analyser);
    if (self.destination) self.source.connect(self.destination);
    if (old) old.getTracks().forEach(function (t) { t.stop(); });
    var settings = stream.getAudioTracks()[0].getSettings ? stream.getAudioTracks()[0].getSettings() : {};
    self.deviceId = settings.deviceId || deviceId;
  }, function (error) { throw refusal(error); });
};

/* A fresh stream for one call (the SDK stops its tracks when that call ends). */
Microphone.prototype.callStream = function () {
  if (this.destination) this.source.disconnect(this.destination);
  this.destination = this.context.createMediaStreamDestination();
  this.source.connect(this.destination);
  return this.destination.stream;
};

Microphone.prototype.watch = function () {
  var self = this, data = new Float32Array(this.analyser.fftSize), quietSince = Date.now();
  clearInterval(this.ticker);
  this.ticker = setInterval(function () {
    self.analyser.getFloatTimeDomainData(data);
    var sum = 0;
    for (var i = 0; i < data.length; i++) sum += data[i] * data[i];
    var rms = Math.sqrt(sum / data.length), now = Date.now();
    if (rms >= SILENCE) quietSince = now;
    self.onLevel(Math.min(1, rms * 5), now - quietSince >= SILENT_MS);
  }, 200);
};

Microphone.prototype.devices = function () {
  return navigator.mediaDevices.enumerateDevices().then(function (list) {
    return {
      inputs: list.filter(function (d) { return d.kind === 'audioinput'; }),
      outputs: 'setSinkId' in HTMLMediaElement.prototype ?
        list.filter(function (d) { return d.kind === 'audiooutput'; }) : []
    };
  });
};

Microphone.prototype.close = function () {
  clearInterval(this.ticker);
  if (this.stream) this.stream.getTracks().forEach(function (t) { t.stop(); });
  if (this.context) this.context.close().catch(function () {});
  this.context = this.stream = this.source = this.analyser = this.destination = null;
};
