import { connect, type Socket } from 'node:net'
import type { PeerId } from '@automerge/automerge-repo'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/sodium.js'
import { SecureChannel } from './secure-channel.js'
import { SecureServerAdapter } from './secure-server-adapter.js'
import { pairedDevices, recordingLogger, type TestDevice } from './testing/paired-devices.js'

/** Waits for what the listener does on its own time; generous, so a busy machine does not fail it. */
const POLL = { timeout: 15_000 }

const sockets: Socket[] = []
const servers: SecureServerAdapter[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  for (const server of servers.splice(0)) await server.close()
})

function rawConnection(port: number) {
  const socket = connect({ host: '127.0.0.1', port })
  sockets.push(socket)
  const state = { received: 0, closed: false }
  socket.on('error', () => {})
  socket.on('data', (chunk: Buffer) => (state.received += chunk.length))
  socket.on('close', () => (state.closed = true))
  return state
}

describe('the sync listener before a device is authenticated', () => {
  beforeAll(async () => {
    await loadSodium()
  })

  it('closes new connections at once while the cap of unauthenticated ones is reached, then lets a paired device in', async () => {
    const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
    const log = recordingLogger()
    // A handshake deadline far beyond the test: here only the cap may close a connection.
    const server = new SecureServerAdapter({
      deviceKeys: laptop.keys,
      trust: laptop.trust,
      logger: log,
      maxPendingConnections: 2,
      handshakeTimeoutMs: 600_000
    })
    servers.push(server)
    server.connect('laptop' as PeerId)
    const { port } = await server.listen()

    const waiting = [rawConnection(port), rawConnection(port)]
    // The listener greets each connection it takes in: these two hold its two places.
    await expect.poll(() => waiting.every((connection) => connection.received > 0), POLL).toBe(true)
    const third = rawConnection(port)
    await expect.poll(() => third.closed, POLL).toBe(true)
    expect(third.received).toBe(0) // closed before any handshake
    expect(waiting.map((connection) => connection.closed)).toEqual([false, false])
    expect(log.warnings.join('\n')).toMatch(/sync: 2 connections are already waiting to authenticate/)

    for (const socket of sockets.splice(0)) socket.destroy()
    // The listener has let go of the two once it has logged their end (the third never became a channel).
    await expect.poll(() => log.lines.filter((line) => /could not reach/.test(line)).length, POLL).toBe(2)
    const dialer = new SecureChannel(connect({ host: '127.0.0.1', port }), {
      role: 'client',
      deviceKeys: phone.keys,
      announcement: { peerId: 'phone' as PeerId, peerMetadata: {} },
      trust: phone.trust,
      logger: recordingLogger()
    })
    sockets.push(dialer.socket)
    expect((await dialer.ready).trusted.name).toBe('laptop')
    await expect.poll(() => server.connectedPeers, POLL).toEqual(['phone'])
  })
})
