/* A route that overflows: when its callee is busy or does not answer within the route's ring
   time, the call moves, once, to the overflow route the owner set. The token answer says so
   ({overflow: {key, ringSeconds}}); the key asks for one more token, for the overflow leg of
   this same attempt, and the visitor reads that we are trying another line meanwhile. */
import { fetchToken } from './net.js';
import { relayReady } from './relay.js';

export var OverflowMethods = {
  /* The far side rings: give it the route's ring time, then overflow. */
  armRing: function (call) {
    var self = this, grant = this.grant, seconds = grant && grant.overflow && grant.overflow.ringSeconds;
    clearTimeout(this.ringTimer);
    if (seconds > 0) this.ringTimer = setTimeout(function () { self.overflow(call); }, seconds * 1000);
  },

  /* Hang up `call` and dial its overflow leg; false if this call has none (then it ends). */
  overflow: function (call) {
    var self = this, b = this.b, grant = this.grant, old = this.session, attempt = ++this.attempt;
    var key = grant && grant.overflow && grant.overflow.key;
    if (this.call !== call || !key || this.stopping) return false;
    clearTimeout(this.ringTimer);
    clearTimeout(this.setupTimer);
    this.finishReport();
    try { call.hangup(); } catch (e) { /* already over */ }
    this.call = this.session = null;
    if (old) setTimeout(function () { try { old.disconnect(); } catch (e) { /* closed */ } }, 300);
    b.show('connecting', 'overflow');
    Promise.all([fetchToken(b.api, b.id, key).then(relayReady), this.sdk()]).then(function (ready) {
      if (attempt === self.attempt && b.state === 'connecting') self.connect(ready[0], ready[1], Promise.resolve());
    }, function () {
      if (attempt === self.attempt) self.end('failed', 'busy');
    });
    return true;
  }
};
