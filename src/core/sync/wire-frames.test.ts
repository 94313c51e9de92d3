import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FrameReader, encodeFrame } from './wire-frames.js'

describe('length-prefixed frames', () => {
  it('reassembles frames however TCP cuts the stream', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.array(fc.nat(50)), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map(encodeFrame))
        const reader = new FrameReader(1024)
        const out: Uint8Array[] = []
        let offset = 0
        for (const cut of [...cuts, stream.length]) {
          reader.push(stream.subarray(offset, Math.min(stream.length, offset + cut)))
          offset = Math.min(stream.length, offset + cut)
          for (let frame = reader.nextFrame(); frame; frame = reader.nextFrame()) out.push(frame)
        }
        expect(out.map((frame) => Buffer.from(frame).toString('hex'))).toEqual(payloads.map((p) => Buffer.from(p).toString('hex')))
        expect(reader.pendingBytes).toBe(0)
      })
    )
  })

  it('refuses a length above the limit as soon as the length arrives', () => {
    const reader = new FrameReader(16)
    reader.push(encodeFrame(new Uint8Array(17)).subarray(0, 4))
    expect(() => reader.nextFrame()).toThrow(/frame of 17 bytes exceeds the limit of 16/)
  })
})
