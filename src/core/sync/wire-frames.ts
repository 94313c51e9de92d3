import { MeVaultError } from '../../shared/errors.js'

/** Every frame on the wire: a 4-byte big-endian length, then that many bytes. */
export const LENGTH_PREFIX_BYTES = 4

export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(LENGTH_PREFIX_BYTES + payload.length)
  new DataView(frame.buffer).setUint32(0, payload.length)
  frame.set(payload, LENGTH_PREFIX_BYTES)
  return frame
}

/**
 * Cuts a TCP byte stream into length-prefixed frames. A length above the current limit is refused before
 * any of it is buffered, so a peer cannot make us hold more than `maxFrameBytes`.
 */
export class FrameReader {
  #chunks: Uint8Array[] = []
  #buffered = 0

  constructor(public maxFrameBytes: number) {}

  /** Adds received bytes; take the frames out with nextFrame(). */
  push(chunk: Uint8Array): void {
    // A plain view: Buffer.slice() shares memory where Uint8Array.slice() copies, and we rely on copies.
    this.#chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))
    this.#buffered += chunk.length
  }

  /**
   * The next complete frame, or undefined if it has not all arrived. One at a time, so a limit changed
   * after a frame (the handshake's small one is raised once a peer is authenticated) applies to the next.
   * Throws on a length above the limit.
   */
  nextFrame(): Uint8Array | undefined {
    if (this.#buffered < LENGTH_PREFIX_BYTES) return undefined
    const header = this.#peek(LENGTH_PREFIX_BYTES)
    const length = new DataView(header.buffer, header.byteOffset, LENGTH_PREFIX_BYTES).getUint32(0)
    if (length > this.maxFrameBytes) {
      throw new MeVaultError('INTEGRITY', `frame of ${length} bytes exceeds the limit of ${this.maxFrameBytes}`)
    }
    if (this.#buffered < LENGTH_PREFIX_BYTES + length) return undefined
    this.#take(LENGTH_PREFIX_BYTES)
    return this.#take(length)
  }

  /** Bytes received that do not yet make a whole frame (a cut connection leaves them undelivered). */
  get pendingBytes(): number {
    return this.#buffered
  }

  #peek(count: number): Uint8Array {
    const first = this.#chunks[0]
    if (first && first.length >= count) return first.slice(0, count)
    return this.#joined().slice(0, count)
  }

  #take(count: number): Uint8Array {
    const joined = this.#joined()
    const taken = joined.slice(0, count)
    const rest = joined.subarray(count)
    this.#chunks = rest.length > 0 ? [rest] : []
    this.#buffered = rest.length
    return taken
  }

  #joined(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0] as Uint8Array
    const joined = new Uint8Array(this.#buffered)
    let offset = 0
    for (const chunk of this.#chunks) {
      joined.set(chunk, offset)
      offset += chunk.length
    }
    this.#chunks = [joined]
    return joined
  }
}
