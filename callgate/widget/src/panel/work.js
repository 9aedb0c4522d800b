/* Proof of work. When the token limits run hot, the token endpoint answers 428 with a
   challenge: find a counter such that the SHA-256 of "challenge.counter" starts with
   `difficulty` zero bits, and ask again with that proof. The search runs in a worker, off the
   page's main thread; where the page's policy forbids a worker made from a blob, it runs on
   the main thread in slices of a few milliseconds, so the page stays responsive. */

var SLICE = 4000; // hashes per slice on the main thread (a few ms)

/* Return the first counter in [from, from + count) whose proof of `prefix` ("challenge.") has
   `bits` (1-32) leading zero bits, or -1. Self-contained: it is also the worker's source. */
function search(prefix, bits, from, count) {
  var K = [], IV = [], found = 0, n = 2, i, d;
  var frac = function (x) { return (x - Math.floor(x)) * 4294967296 | 0; };
  for (; found < 64; n++) {
    for (d = 2; d * d <= n && n % d; d++);
    if (d * d > n) {
      if (found < 8) IV[found] = frac(Math.sqrt(n));
      K[found++] = frac(Math.cbrt(n));
    }
  }
  var W = new Int32Array(64);
  var block = function (s, bytes, at) {
    var a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    var i, t, u, x, y;
    for (i = 0; i < 16; i++, at += 4) {
      W[i] = bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];
    }
    for (; i < 64; i++) {
      x = W[i - 15]; y = W[i - 2];
      W[i] = ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3) + W[i - 16] +
        ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10) + W[i - 7] | 0;
    }
    for (i = 0; i < 64; i++) {
      t = h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) +
        (e & f ^ ~e & g) + K[i] + W[i] | 0;
      u = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) +
        (a & b ^ a & c ^ b & c) | 0;
      h = g; g = f; f = e; e = d + t | 0; d = c; c = b; b = a; a = t + u | 0;
    }
    s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e; s[5] += f; s[6] += g; s[7] += h;
  };
  // The whole blocks of the prefix are hashed once; each counter hashes only the rest.
  var head = new Int32Array(IV), full = prefix.length - prefix.length % 64;
  var bytes = new Uint8Array(full), tail = new Uint8Array(128), state = new Int32Array(8);
  for (i = 0; i < full; i++) bytes[i] = prefix.charCodeAt(i);
  for (var at = 0; at < full; at += 64) block(head, bytes, at);
  var rest = prefix.length - full;
  for (var counter = from; counter < from + count; counter++) {
    var digits = String(counter), size = rest + digits.length, length = (full + size) * 8;
    tail.fill(0);
    for (var j = 0; j < rest; j++) tail[j] = prefix.charCodeAt(full + j);
    for (j = 0; j < digits.length; j++) tail[rest + j] = digits.charCodeAt(j);
    tail[size] = 0x80;
    var end = size + 9 > 64 ? 128 : 64;
    tail[end - 4] = length >>> 24; tail[end - 3] = length >>> 16;
    tail[end - 2] = length >>> 8; tail[end - 1] = length;
    state.set(head);
    block(state, tail, 0);
    if (end === 128) block(state, tail, 64);
    if (state[0] >>> (32 - bits) === 0) return counter;
  }
  return -1;
}

var SOURCE = 'var search=' + search.toString() +
  ';onmessage=function(e){postMessage(search(e.data[0],e.data[1],0,1e15))};';

function onMainThread(prefix, bits, resolve) {
  var from = 0;
  (function slice() {
    var found = search(prefix, bits, from, SLICE);
    if (found >= 0) return resolve(prefix + found);
    from += SLICE;
    setTimeout(slice, 0);
  })();
}

/* Resolve with a proof of `challenge` at `bits`. */
export function solve(challenge, bits) {
  var prefix = challenge + '.';
  return new Promise(function (resolve) {
    var url, worker = null;
    var fallBack = function () {
      if (worker) worker.terminate();
      if (url) URL.revokeObjectURL(url);
      onMainThread(prefix, bits, resolve);
    };
    try {
      url = URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
      worker = new Worker(url);
    } catch (e) {
      return fallBack(); // the page's Content-Security-Policy forbids it
    }
    worker.onerror = function (event) { if (event.preventDefault) event.preventDefault(); fallBack(); };
    worker.onmessage = function (event) {
      worker.terminate();
      URL.revokeObjectURL(url);
      resolve(prefix + event.data);
    };
    worker.postMessage([prefix, bits]);
  });
}
