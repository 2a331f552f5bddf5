// Solves a waiting room's proof-of-work challenge off the page's thread: finds the first nonce (decimal digits) for
// which SHA-256(challenge text + nonce text) starts with `difficulty` zero bits. A SHA-256 of its own rather than
// crypto.subtle: the challenge's whole 64-byte blocks are hashed once, then each try hashes only the last one or two
// blocks, synchronously, several times faster than a promise per hash.
// In: {challenge, difficulty}. Out: {type: 'progress', tried} now and then, then {type: 'solved', nonce, tried, ms}.
'use strict';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const W = new Int32Array(64);
const PROGRESS_EVERY = 65536;

/** One SHA-256 compression of the 16 big-endian words at `bytes[offset..offset+64)` into `state`. */
function compress(state, bytes, offset) {
  for (let i = 0; i < 16; i++) {
    const j = offset + 4 * i;
    W[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15];
    const b = W[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = state[0]; let b = state[1]; let c = state[2]; let d = state[3];
  let e = state[4]; let f = state[5]; let g = state[6]; let h = state[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0;
    d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0; state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0; state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0; state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0; state[7] = (state[7] + h) | 0;
}

/** Whether the digest in `state` starts with `bits` zero bits. */
function leadingZeros(state, bits) {
  for (let i = 0; bits > 0; i++, bits -= 32) {
    const word = state[i] >>> 0;
    if (bits >= 32 ? word !== 0 : word >>> (32 - bits) !== 0) return false;
  }
  return true;
}

function solve(challenge, difficulty) {
  const prefix = new TextEncoder().encode(challenge);
  const whole = prefix.length - (prefix.length % 64);
  const midstate = new Int32Array(INITIAL);
  for (let offset = 0; offset < whole; offset += 64) compress(midstate, prefix, offset);
  const rest = prefix.length - whole;
  const tail = new Uint8Array(128);
  tail.set(prefix.subarray(whole));
  const state = new Int32Array(8);
  const started = Date.now();
  let digits = 0;
  let blocks = 1;
  for (let nonce = 0; ; nonce++) {
    const text = String(nonce);
    if (text.length !== digits) {
      // A new length moves the padding: lay the tail out again.
      digits = text.length;
      const length = rest + digits;
      blocks = length + 9 <= 64 ? 1 : 2;
      tail.fill(0, rest);
      tail[length] = 0x80;
      const bits = (prefix.length + digits) * 8;
      const end = blocks * 64;
      tail[end - 4] = bits >>> 24; tail[end - 3] = bits >>> 16; tail[end - 2] = bits >>> 8; tail[end - 1] = bits;
    }
    for (let i = 0; i < digits; i++) tail[rest + i] = text.charCodeAt(i);
    state.set(midstate);
    compress(state, tail, 0);
    if (blocks === 2) compress(state, tail, 64);
    if (leadingZeros(state, difficulty)) {
      return { nonce: text, tried: nonce + 1, ms: Date.now() - started };
    }
    if ((nonce + 1) % PROGRESS_EVERY === 0) postMessage({ type: 'progress', tried: nonce + 1 });
  }
}

self.onmessage = (e) => {
  const { challenge, difficulty } = e.data;
  postMessage({ type: 'solved', ...solve(challenge, difficulty) });
};
