/* TURN for a call: the servers and credentials each token answer carries (iceServers, and
   iceTransportPolicy "relay" for a relay-only button) go to the SDK's peer connection. A
   relay-only call is placed only once this browser got a relay address from those servers:
   without one no audio could flow, and the far side would answer a silent call. */
import { failure } from './net.js';

var RELAY_MS = 10000; // longest wait for a relay address

/* The SDK's mediaOptions for `grant` (a fresh object: the SDK adds to it), or undefined. */
export function mediaOptions(grant) {
  if (!grant.iceServers && !grant.iceTransportPolicy) return undefined;
  var options = { iceServers: grant.iceServers || [] };
  if (grant.iceTransportPolicy) options.iceTransportPolicy = grant.iceTransportPolicy;
  return options;
}

/* Resolve with `grant` once a relay-only grant's servers gave a relay address (at once for
   others); reject with the 'relay' failure when they refuse, fail or stay silent. */
export function relayReady(grant) {
  var options = mediaOptions(grant);
  if (!options || options.iceTransportPolicy !== 'relay') return Promise.resolve(grant);
  if (!options.iceServers.length || !window.RTCPeerConnection) return Promise.reject(failure('relay'));
  return new Promise(function (resolve, reject) {
    var pc = new RTCPeerConnection(options), timer, done = false;
    var settle = function (ok) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pc.onicecandidate = null;
      pc.close();
      if (ok) resolve(grant); else reject(failure('relay'));
    };
    timer = setTimeout(function () { settle(false); }, RELAY_MS);
    // A relay candidate is the answer; the end of gathering without one is a refusal.
    pc.onicecandidate = function (event) {
      var line = event.candidate && event.candidate.candidate;
      if (!line || / typ relay( |$)/.test(line)) settle(!!line);
    };
    pc.createDataChannel('relay');
    pc.createOffer().then(function (offer) { return pc.setLocalDescription(offer); })
      .catch(function () { settle(false); });
  });
}
