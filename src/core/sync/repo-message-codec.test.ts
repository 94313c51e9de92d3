import { cbor, generateAutomergeUrl, parseAutomergeUrl, type Message, type PeerId } from '@automerge/automerge-repo'
import { describe, expect, it } from 'vitest'
import { decodeRepoMessage, encodeRepoMessage } from './repo-message-codec.js'

const phone = 'phone' as PeerId
const laptop = 'laptop' as PeerId
const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
const sync: Message = { type: 'sync', senderId: phone, targetId: laptop, documentId, data: Uint8Array.of(1, 2, 3) }

describe('automerge-repo messages on the wire', () => {
  it('carries sync, request and doc-unavailable messages with 17 bytes of framing', () => {
    for (const message of [sync, { ...sync, type: 'request' }, { type: 'doc-unavailable', senderId: phone, targetId: laptop, documentId }]) {
      const wire = encodeRepoMessage(message)
      expect(wire.length).toBe(17 + (message.data?.length ?? 0))
      expect(decodeRepoMessage(wire, phone, laptop)).toEqual(message)
    }
  })

  it('attributes every document message to the authenticated peer, whatever it was sent as', () => {
    const forged = encodeRepoMessage({ ...sync, senderId: 'tablet' as PeerId, targetId: 'someone' as PeerId })
    expect(decodeRepoMessage(forged, phone, laptop)).toMatchObject({ senderId: 'phone', targetId: 'laptop' })
  })

  it('keeps the original sender of a relayed ephemeral message', () => {
    const ephemeral: Message = { type: 'ephemeral', senderId: 'tablet' as PeerId, targetId: laptop, documentId, data: Uint8Array.of(9) }
    Object.assign(ephemeral, { count: 3, sessionId: 's1' })
    expect(decodeRepoMessage(encodeRepoMessage(ephemeral), phone, laptop)).toEqual(ephemeral)
  })

  it('passes other message kinds through whole', () => {
    const heads = { type: 'remote-heads-changed', senderId: phone, targetId: laptop, documentId, newHeads: { s: { heads: ['h'], timestamp: 1 } } }
    expect(decodeRepoMessage(encodeRepoMessage(heads as Message), phone, laptop)).toEqual(heads)
  })

  it('refuses messages that are malformed or name their own sender', () => {
    expect(() => decodeRepoMessage(Uint8Array.of(1, 2), phone, laptop)).toThrow(/truncated/)
    expect(() => decodeRepoMessage(Uint8Array.of(9), phone, laptop)).toThrow(/unknown message kind 9/)
    expect(() => decodeRepoMessage(Uint8Array.of(0, 0xff, 0xff), phone, laptop)).toThrow()
    const withSender = Uint8Array.of(0, ...cbor.encode({ type: 'custom', senderId: 'tablet' }))
    expect(() => decodeRepoMessage(withSender, phone, laptop)).toThrow(/a "custom" message may not name its own sender/)
  })
})
