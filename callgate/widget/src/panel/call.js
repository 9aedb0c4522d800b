/* Call setup and its life: microphone, token, SDK and gateway connection in parallel; the call;
   quality sampling; how it ends. Reconnecting after a drop is in reconnect.js, moving a busy
   or unanswered call to its overflow route in overflow.js. */
import { fetchConfig, fetchToken } from './net.js';
import { Quality } from './quality.js';
import { ReconnectMethods } from './reconnect.js';
import { OverflowMethods } from './overflow.js';
import { mediaOptions, relayReady } from './relay.js';
import { SetupMethods } from './setup.js';

var STALL_SECONDS = 3; // seconds without incoming audio before "reconnecting…"

export var CallMethods = {
  start: function () {
    var self = this, b = this.b, attempt = ++this.attempt;
    b.show('connecting');
    this.stopping = false;
    this.reconnects = 0;
    this.startedAt = null;
    var mic = this.mic.open();
    var setup = Promise.all([fetchToken(b.api, b.id).then(relayReady), this.sdk()]);
    mic.then(function () { self.listDevices(); }, function () {});
    Promise.all([mic, setup]).catch(function (error) {
      if (attempt === self.attempt) self.failWith(error);
    });
    setup.then(function (ready) {
      // The visitor may have hung up while we were getting ready.
      if (attempt === self.attempt && b.state === 'connecting') self.connect(ready[0], ready[1], mic);
    }, function () {});
  },

  sdk: function () {
    var sdk = this.b.config.sdk, registry = window.Callgate;
    var loaded = window.Flashphoner ? Promise.resolve() : sdk ?
      registry.loadScript(this.b.api + sdk.path, sdk.integrity) : Promise.reject(new Error('gateway'));
    return loaded.then(function () {
      var F = window.Flashphoner;
      if (!F) throw new Error('gateway');
      registry.init = registry.init ||
        Promise.resolve(F.init({ logger: { severity: 'ERROR', enableLogs: false } }));
      return registry.init.then(function () { return F; });
    });
  },

  connect: function (grant, F, mic) {
    var self = this, S = F.constants.SESSION_STATUS, attempt = this.attempt;
    this.grant = grant;
    this.live = false;
    var session = this.session = F.createSession({
      urlServer: grant.gateway.url, appKey: grant.gateway.appKey, custom: { token: grant.token },
      mediaOptions: mediaOptions(grant)
    }).on(S.ESTABLISHED, function () {
      mic.then(function () { if (self.session === session) self.placeCall(session, F); }, function () {});
    })
      // A refused connect, /call or registration (setup.js); never FAILED.
      .on(S.WARN, function (info) { self.warned(session, attempt, info || {}); })
      .on(S.FAILED, function () { self.lost(session, attempt); })
      .on(S.DISCONNECTED, function () { self.lost(session, attempt); });
    // The setup clock starts once the microphone is ours: reading its prompt is not being late.
    mic.then(function () { self.armSetup(session, attempt); }, function () {});
  },

  placeCall: function (session, F) {
    var self = this, C = F.constants.CALL_STATUS, b = this.b;
    var ringing = function () {
      self.heard(call);
      if (self.call === call && b.state === 'connecting') { b.show('ringing'); self.armRing(call); }
    };
    this.quality = new Quality();
    var call = this.call = session.createCall({
      callee: 'callgate', visibleName: 'Web visitor', localVideoDisplay: this.local,
      remoteVideoDisplay: this.remote, receiveAudio: true, receiveVideo: false,
      constraints: { audio: false, video: false, customStream: this.mic.callStream() }
    }).on(C.TRYING, function () { self.heard(call); })
      .on(C.RING, ringing).on(C.SESSION_PROGRESS, ringing) // 183: the far side's early media
      .on(C.ESTABLISHED, function () { self.established(call); })
      .on(C.FINISH, function () { if (self.call === call) self.end('ended'); })
      .on(C.BUSY, function () { if (self.call === call && !self.overflow(call)) self.end('failed', 'busy'); })
      .on(C.FAILED, function () { if (self.call === call) self.refused(); });
    call.call();
  },

  established: function (call) {
    var self = this;
    this.heard(call);
    clearTimeout(this.ringTimer);
    this.live = true;
    this.startedAt = this.startedAt || Date.now();
    if (this.muted) call.muteAudio();
    if (this.sink) call.setAudioOutputId(this.sink);
    this.b.show('incall');
    clearInterval(this.sampler);
    this.sampler = setInterval(function () { self.sample(call); }, 1000);
  },

  sample: function (call) {
    var self = this;
    call.getStats(function (raw) {
      if (self.call !== call) return;
      var grade = self.quality.add(raw);
      if (grade) self.showQuality(grade);
      var stalled = self.quality.stalled >= STALL_SECONDS;
      if (stalled && self.b.state === 'incall') self.recover();
      if (!stalled && self.b.state === 'reconnecting' && !self.redialing) self.b.show('incall');
    }, true);
  },

  /* Setup refused (/call, the connect): ask the API why (closed, all lines busy), else say
     `reason` ("not accepted" by default). After a setup timeout the line counted busy may be
     this very attempt's, still held until the gateway hears the hangup: not a reason. */
  refused: function (reason) {
    var self = this, b = this.b;
    if (this.stopping) return this.end('ended');
    this.end('failed', reason || 'rejected');
    fetchConfig(b.api, b.id, b.config.language).then(function (config) {
      if (b.state !== 'failed') return;
      if (config.open === false) { b.config = Object.assign(b.config, config); return b.show('closed'); }
      if (config.busy && reason !== 'timeout') b.show('failed', 'busy');
    }).catch(function () {});
  },

  stop: function () {
    this.stopping = true;
    this.attempt += 1;
    // Before the gateway answers, the SDK ends the call locally without telling it,
    // so closing the session is what really hangs up.
    try { if (this.call) this.call.hangup(); } catch (e) { /* already over */ }
    this.end('ended');
  },

  end: function (state, reason, quiet) {
    var session = this.session;
    clearInterval(this.sampler);
    clearTimeout(this.setupTimer);
    clearTimeout(this.ringTimer);
    this.finishReport();
    this.session = this.call = this.deadline = null;
    this.redialing = false;
    this.mic.close();
    this.setMuted(false);
    if (state !== 'ended' || this.b.state !== 'ended') this.b.show(state, reason, quiet);
    if (session) setTimeout(function () { try { session.disconnect(); } catch (e) { /* closed */ } }, 300);
  },

  failWith: function (error) {
    error = error || {};
    var b = this.b, reason = b.texts[error.message] ? error.message : 'failed';
    if (this.b.state === 'failed' || this.b.state === 'ended') return;
    if (error.message === 'closed') {
      b.config.open = false;
      b.config.opensAt = error.opensAt;
      return this.end('closed');
    }
    this.help = error.help || null;
    this.retryAt = error.retryAfter ? Date.now() + error.retryAfter * 1000 : 0;
    this.end('failed', reason);
  }
};
Object.assign(CallMethods, ReconnectMethods, SetupMethods, OverflowMethods);
