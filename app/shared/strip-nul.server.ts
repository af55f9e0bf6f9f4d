import { Transform } from "node:stream";

/**
 * React 18.3's streaming renderer writes into a reused 2,048-byte buffer and, when a multi-byte
 * UTF-8 character (every Hangul syllable is three bytes) would straddle its end, flushes the whole
 * buffer anyway: the unwritten bytes reach the page as NUL characters inside Korean words
 * (react#26228, fixed only in React 19). HTML text never contains a real U+0000, so every NUL byte
 * in the stream is that bug and is dropped here. Chunks without one pass through untouched.
 */
export function stripNulBytes(chunk: Buffer): Buffer {
  if (chunk.indexOf(0) === -1) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== 0) out[n++] = chunk[i]!;
  return out.subarray(0, n);
}

export function createNulStripper(): Transform {
  return new Transform({
    transform(chunk: Buffer | Uint8Array, _encoding, callback) {
      callback(null, stripNulBytes(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    },
  });
}
