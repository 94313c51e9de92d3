import { randomFillSync } from 'node:crypto'

/**
 * Random bytes from the platform's CSPRNG, drawn 4 KiB at a time and handed out once each: a call
 * into the CSPRNG costs about 5 µs, which an import sealing tens of thousands of chunks paid per
 * nonce. Used for nonces, which must never repeat and need not be secret; the pool never hands
 * out a byte twice (it is refilled, not rewound).
 */
const POOL_BYTES = 4096
let pool = new Uint8Array(0)
let next = 0

export function randomBytesFromPool(length: number): Uint8Array {
  if (length > POOL_BYTES) return randomFillSync(new Uint8Array(length))
  if (next + length > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_BYTES))
    next = 0
  }
  const out = pool.slice(next, next + length)
  next += length
  return out
}
