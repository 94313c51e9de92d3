import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodeFor, EXIT } from '../../src/cli/exit-codes.js'
import { revokeDevice } from '../../src/core/devices/device-list.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { TcpTap } from '../../src/core/sync/testing/tcp-tap.js'
import { serveSync, syncNow } from '../../src/core/sync/sync-session.js'
import { isMeVaultError, type MeVaultError } from '../../src/shared/errors.js'
import { vaultPeers } from './vault-peers.js'

/*
 * How a sync failed is told by its error code (and the CLI's exit code), never by reading log lines:
 * each case here is a real connection on 127.0.0.1 that fails one way.
 */

let peers = vaultPeers()
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
  await peers.closeAll()
  peers = vaultPeers()
})

async function failureOf(promise: Promise<unknown>): Promise<MeVaultError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error
  )
  if (!isMeVaultError(outcome)) throw new Error(`expected a MeVaultError, got ${String(outcome)}`)
  return outcome
}

/** A paired laptop serving sync, and a phone that joined it and synced once. */
async function servingLaptopAndPhone() {
  const laptop = await peers.first('laptop')
  await laptop.set('contact.email', 'ada@example.org')
  const phone = await peers.join(laptop, 'phone')
  const server = await serveSync(laptop, { logger: recordingLogger() })
  cleanup.push(() => server.close())
  return { laptop, phone, server }
}

describe('each way a sync fails has its own code', () => {
  it('a connection cut inside the handshake is a lost connection, not a refusal or wrong credentials', async () => {
    const { phone, server } = await servingLaptopAndPhone()
    // The laptop's greeting and authentication reach the phone (which checks and accepts it); the
    // line goes dead before the laptop's own acceptance arrives: the phone is waiting for it.
    const tap = new TcpTap(server.port)
    let dead = false
    tap.rewriteFrames = (direction, index, frame) => {
      if (direction === 'to-server') return dead ? [] : [frame]
      if (index < 2 && !dead) return [frame]
      if (!dead) setImmediate(() => tap.endAll())
      dead = true
      return []
    }
    const port = await tap.start()
    cleanup.push(() => tap.stop())
    const logger = recordingLogger()
    const failure = await failureOf(syncNow(phone, { host: '127.0.0.1', port, logger }))
    expect(failure.code).toBe('CONNECTION_LOST')
    expect(failure.message).toMatch(/cut before the handshake ended: try again/)
    expect(failure.message).not.toMatch(/refused/)
    expect(exitCodeFor(failure.code)).toBe(EXIT.CONNECTION_LOST)
    // The same phone, on a line that holds, is accepted: nothing was wrong with its credentials.
    expect((await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })).fieldsAdded).toBe(1)
  })

  it('a revoked device is told it was refused', async () => {
    const { laptop, phone, server } = await servingLaptopAndPhone()
    await revokeDevice(laptop, phone.device.id)
    const failure = await failureOf(syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() }))
    expect(failure.code).toBe('PEER_REFUSED')
    expect(failure.message).toBe(`The device at ${server.host}:${server.port} refused this device: it is not paired with it, or it revoked this device`)
    expect(exitCodeFor(failure.code)).toBe(EXIT.PEER_REFUSED)
  })

  it('a device this vault does not trust is refused here, and said so', async () => {
    const { server } = await servingLaptopAndPhone()
    const stranger = await peers.first('stranger')
    const failure = await failureOf(syncNow(stranger, { host: server.host, port: server.port, logger: recordingLogger() }))
    expect(failure.code).toBe('PEER_UNKNOWN')
    expect(failure.message).toMatch(/is not one this vault trusts/)
    expect(exitCodeFor(failure.code)).toBe(EXIT.PEER_UNKNOWN)
  })

  it('nothing listening at the address is unreachable', async () => {
    const phone = await peers.first('phone')
    const closed = await freePort()
    const failure = await failureOf(syncNow(phone, { host: '127.0.0.1', port: closed, logger: recordingLogger() }))
    expect(failure.code).toBe('UNREACHABLE')
    expect(failure.message).toMatch(`No MeVault device answered at 127.0.0.1:${closed}`)
    expect(exitCodeFor(failure.code)).toBe(EXIT.UNREACHABLE)
  })

  it('something that takes the connection and never answers has timed out', async () => {
    const phone = await peers.first('phone')
    const sockets: Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket)) // accepts, says nothing
    const port = await listen(silent)
    cleanup.push(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    })
    const failure = await failureOf(syncNow(phone, { host: '127.0.0.1', port, logger: recordingLogger(), handshakeTimeoutMs: 300 }))
    expect(failure.code).toBe('TIMED_OUT')
    expect(failure.message).toMatch(/did not finish the handshake in time/)
    expect(exitCodeFor(failure.code)).toBe(EXIT.TIMED_OUT)
  })
})

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return address && typeof address === 'object' ? address.port : 0
}

/** A port nothing listens on: one just released. */
async function freePort(): Promise<number> {
  const server = createServer()
  const port = await listen(server)
  await new Promise((resolve) => server.close(resolve))
  return port
}
