/* Call quality from the browser's WebRTC stats: round-trip time, jitter and packet loss each
   second, graded good / fair / poor over the last few seconds; a summary for the call report;
   and whether media has stopped arriving (the connection dropped). */

var POOR = { rtt: 400, jitter: 50, loss: 5 };
var FAIR = { rtt: 250, jitter: 30, loss: 2 };
var GRADES = ['good', 'fair', 'poor'];

export function grade(sample) {
  var over = function (limit) {
    return sample.rtt > limit.rtt || sample.jitter > limit.jitter || sample.loss > limit.loss;
  };
  return over(POOR) ? 'poor' : over(FAIR) ? 'fair' : 'good';
}

export function Quality() {
  this.samples = [];
  this.last = null;
  this.stalled = 0;
  this.worst = 0;
}

/* Read one raw getStats snapshot ({type: [reports]}); return the grade of the recent window. */
Quality.prototype.add = function (raw) {
  var inbound = pick(raw['inbound-rtp']), remote = pick(raw['remote-inbound-rtp']);
  var pair = (raw['candidate-pair'] || []).filter(function (p) { return p.nominated; })[0];
  if (!inbound) return null;
  var received = inbound.packetsReceived || 0, lost = Math.max(0, inbound.packetsLost || 0);
  var last = this.last || { received: received, lost: lost };
  var delta = received - last.received, missed = lost - last.lost;
  this.stalled = this.last && delta <= 0 ? this.stalled + 1 : 0;
  this.last = { received: received, lost: lost };
  var rtt = remote && remote.roundTripTime !== undefined ? remote.roundTripTime :
    pair && pair.currentRoundTripTime;
  var sample = {
    rtt: Math.round((rtt || 0) * 1000),
    jitter: Math.round((inbound.jitter || 0) * 1000),
    loss: delta + missed > 0 ? (100 * missed) / (delta + missed) : 0
  };
  this.samples.push(sample);
  var recent = this.samples.slice(-3), index = 0;
  recent.forEach(function (s) { index = Math.max(index, GRADES.indexOf(grade(s))); });
  if (this.samples.length > 2) this.worst = Math.max(this.worst, index);
  return GRADES[index];
};

function pick(list) {
  return (list || []).filter(function (r) { return r.kind === 'audio' || r.mediaType === 'audio'; })[0];
}

/* What the call report stores: averages, the overall loss and the worst sustained grade. */
Quality.prototype.summary = function (reconnects) {
  var n = this.samples.length;
  if (!n) return null;
  var total = function (key) {
    return this.samples.reduce(function (sum, s) { return sum + s[key]; }, 0) / n;
  }.bind(this);
  return {
    rttMs: Math.round(total('rtt')), jitterMs: Math.round(total('jitter')),
    lossPct: Math.round(total('loss') * 10) / 10, grade: GRADES[this.worst],
    samples: Math.min(n, 100000), reconnects: reconnects || 0
  };
};
