/* Network changes: media that stops arriving shows "reconnecting…"; if it does not come back,
   or the gateway connection drops, the widget dials again on a fresh session with a fresh
   token, for at most RECOVER_MS, then ends the call with a reason. */
import { fetchToken } from './net.js';
import { relayReady } from './relay.js';

var RECOVER_MS = 20000;

export var ReconnectMethods = {
  /* Media stopped: say so, and dial again on a fresh session if it does not come back. */
  recover: function () {
    var self = this, call = this.call;
    this.b.show('reconnecting');
    this.deadline = Date.now() + RECOVER_MS;
    setTimeout(function () {
      if (self.call === call && self.b.state === 'reconnecting') self.redial();
    }, RECOVER_MS / 2);
  },

  redial: function () {
    var self = this, b = this.b, old = this.session, attempt = ++this.attempt;
    this.redialing = true;
    this.reconnects += 1;
    this.finishReport();
    this.call = this.session = null;
    if (old) try { old.disconnect(); } catch (e) { /* already closed */ }
    if (b.state !== 'reconnecting') b.show('reconnecting');
    this.deadline = this.deadline || Date.now() + RECOVER_MS;
    Promise.all([fetchToken(b.api, b.id).then(relayReady), this.sdk()]).then(function (ready) {
      if (attempt !== self.attempt) return;
      self.redialing = false;
      self.connect(ready[0], ready[1], Promise.resolve());
    }, function (error) {
      if (attempt !== self.attempt) return;
      if (Date.now() < self.deadline && !error.opensAt) return setTimeout(function () { self.redial(); }, 2000);
      self.end('failed', 'dropped');
    });
  },

  /* The session closed: a drop during the call (recover), or setup failing. A refusal
     (a WARN during setup) has ended the attempt before (setup.js). */
  lost: function (session, attempt) {
    if (this.session !== session || attempt !== this.attempt || this.stopping) return;
    var state = this.b.state;
    if (state === 'reconnecting' || state === 'incall') {
      if (Date.now() < (this.deadline || Infinity)) return this.redial();
      return this.end('failed', 'dropped');
    }
    if (this.states[state].active) this.end('failed', 'gateway');
  }
};
