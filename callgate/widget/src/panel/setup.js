/* Call setup under either reading of WCS. SDK 2.0 reports a refused connect, a refused /call
   (the older API's reading: a `fail` frame) and a failed SIP registration only as a session
   WARN, and a WCS that keeps the socket open after one may send nothing more. So a WARN during
   setup is a refusal, and an attempt that hears no TRYING, RING or ESTABLISHED within SETUP_MS
   of the microphone being ours ends with a reason. In a call a WARN is a refused action (a
   keypad press after the kill switch): the call goes on, and may still reconnect. */
import { reasonOf } from './net.js';

var SETUP_MS = 15000;

export var SetupMethods = {
  armSetup: function (session, attempt) {
    var self = this;
    clearTimeout(this.setupTimer);
    this.setupTimer = setTimeout(function () {
      if (self.session === session && attempt === self.attempt) self.setupFailed('timeout');
    }, SETUP_MS);
  },

  /* The gateway took the call (TRYING, RING, a 183, ESTABLISHED): the deadline is met. */
  heard: function (call) {
    if (this.call === call) clearTimeout(this.setupTimer);
  },

  warned: function (session, attempt, info) {
    if (this.session !== session || attempt !== this.attempt || this.stopping || this.live) return;
    this.setupFailed(reasonOf(info.info || '', info.apiMethod));
  },

  setupFailed: function (reason) {
    if (this.b.state === 'reconnecting') return this.end('failed', 'dropped');
    this.refused(reason);
  }
};
