import { connect, type Socket } from 'node:net'
import type { PeerId } from '@automerge/automerge-repo'
import { newSigningKeyPair, type SigningKeyPair } from '../../src/core/crypto/identity.js'
import { decodeInviteCode } from '../../src/core/pairing/invite-code.js'
import { decodeMessage, encodeMessage, JoinAnswer, joinProof } from '../../src/core/pairing/pairing-messages.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { SecureChannel } from '../../src/core/sync/secure-channel.js'
import { LENGTH_PREFIX_BYTES } from '../../src/core/sync/wire-frames.js'

const made = new Set<Socket>()

/** Ends every connection made here, so a listener that failed to close one can still shut down. */
export function destroyConnections(): void {
  for (const socket of made) socket.destroy()
  made.clear()
}

/** A raw TCP connection to 127.0.0.1:port that keeps count of what it received and whether it closed. */
export function rawConnection(port: number) {
  const socket: Socket = connect({ host: '127.0.0.1', port })
  made.add(socket)
  let received = 0
  let isClosed = false
  socket.on('error', () => {}) // a reset from the listener is the expected end
  socket.on('data', (chunk: Buffer) => (received += chunk.length))
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true
      resolve()
    })
  )
  return {
    socket,
    closed,
    get received() {
      return received
    },
    get isClosed() {
      return isClosed
    }
  }
}

/**
 * Plays a device that is not in the vault and completes the handshake with an invitation's listener,
 * which accepts any device key (the joiner is not paired yet). Pins the inviter's key from the code,
 * as a real joiner does. Resolves once the channel is open.
 */
export async function handshakeWithInviter(code: string, keys: SigningKeyPair = newSigningKeyPair()) {
  const { port } = decodeInviteCode(code)
  const connection = rawConnection(port)
  const channel = new SecureChannel(connection.socket, {
    role: 'client',
    deviceKeys: keys,
    announcement: { peerId: 'attacker' as PeerId, peerMetadata: {} },
    trust: () => ({ deviceId: 'inviting-device' }),
    logger: recordingLogger()
  })
  await channel.ready
  return Object.assign(connection, { channel, keys }) // not a spread: it would freeze the live getters
}

/** The 4-byte length prefix announcing a frame of `length` bytes, with none of its bytes. */
export function frameHeader(length: number): Uint8Array {
  const header = new Uint8Array(LENGTH_PREFIX_BYTES)
  new DataView(header.buffer).setUint32(0, length)
  return header
}

/** Someone who knows the code joins with a device id of their choosing; resolves with the inviter's answer. */
export async function joinAs(code: string, deviceId: string, name: string): Promise<JoinAnswer> {
  const invite = decodeInviteCode(code)
  const attacker = await handshakeWithInviter(code)
  try {
    const answer = new Promise<JoinAnswer>((resolve, reject) => {
      attacker.channel.deliverTo((bytes) => resolve(decodeMessage(JoinAnswer, bytes)))
      attacker.channel.onClose(() => reject(new Error('the inviter closed the connection without answering')))
    })
    const proof = joinProof(invite.secret, attacker.keys.publicKey)
    attacker.channel.send(encodeMessage({ type: 'mevault.pair.join/1', proof, device: { id: deviceId, name } }))
    return await answer
  } finally {
    attacker.channel.close()
  }
}

/** 'closed' once the connection closes, or 'still open' after `ms` (a liveness bound, not a speed check). */
export async function closedWithin(closed: Promise<void>, ms: number): Promise<'closed' | 'still open'> {
  let timer: NodeJS.Timeout | undefined
  const cap = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), ms)))
  try {
    return await Promise.race([closed.then(() => 'closed' as const), cap])
  } finally {
    clearTimeout(timer)
  }
}
