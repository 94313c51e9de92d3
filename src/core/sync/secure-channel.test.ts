import { connect, createServer, type Server, type Socket } from 'node:net'
import type { PeerId } from '@automerge/automerge-repo'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SigningKeyPair } from '../crypto/identity.js'
import { loadSodium } from '../crypto/sodium.js'
import { SecureChannel } from './secure-channel.js'
import { newTestDevice, pairedDevices, recordingLogger, type TestDevice } from './testing/paired-devices.js'
import { TcpTap } from './testing/tcp-tap.js'
import { encodeFrame } from './wire-frames.js'

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value)
const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 5000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const cleanup: Array<() => void> = []
afterEach(() => {
  while (cleanup.length > 0) cleanup.pop()?.()
})

interface PairOptions {
  listener: TestDevice
  dialer: TestDevice
  /** Keys the dialer really uses (to play a device that holds the wrong secret key). */
  dialerKeys?: SigningKeyPair
  tapped?: boolean
  listenerMaxFrameBytes?: number
  dialerMaxFrameBytes?: number
}

/** A listening device and a dialing device on 127.0.0.1, optionally through a recording tap. */
async function connectPair(options: PairOptions) {
  const listenerLog = recordingLogger()
  const dialerLog = recordingLogger()
  const received = { listener: [] as string[], dialer: [] as string[] }
  let listenerChannel: SecureChannel | undefined
  const server: Server = createServer((socket) => {
    listenerChannel = new SecureChannel(socket, {
      role: 'server',
      deviceKeys: options.listener.keys,
      announcement: { peerId: 'listener' as PeerId, peerMetadata: {} },
      trust: options.listener.trust,
      logger: listenerLog,
      maxFrameBytes: options.listenerMaxFrameBytes
    })
    listenerChannel.deliverTo((payload) => received.listener.push(text(payload)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const serverPort = (server.address() as { port: number }).port
  let port = serverPort
  let tap: TcpTap | undefined
  if (options.tapped) {
    tap = new TcpTap(serverPort)
    port = await tap.start()
  }
  const dialer = new SecureChannel(connect({ host: '127.0.0.1', port }), {
    role: 'client',
    deviceKeys: options.dialerKeys ?? options.dialer.keys,
    announcement: { peerId: 'dialer' as PeerId, peerMetadata: {} },
    trust: options.dialer.trust,
    logger: dialerLog,
    maxFrameBytes: options.dialerMaxFrameBytes
  })
  dialer.deliverTo((payload) => received.dialer.push(text(payload)))
  cleanup.push(() => {
    dialer.socket.destroy()
    listenerChannel?.socket.destroy()
    void tap?.stop()
    server.close()
  })
  return { dialer, listener: () => listenerChannel, listenerLog, dialerLog, received, tap }
}

/** Opens a raw TCP connection to a listening channel, to speak something other than the protocol. */
async function rawListener(listener: TestDevice, handshakeTimeoutMs = 10_000) {
  const log = recordingLogger()
  const server = createServer(
    (socket) =>
      new SecureChannel(socket, {
        role: 'server',
        deviceKeys: listener.keys,
        announcement: { peerId: 'listener' as PeerId, peerMetadata: {} },
        trust: listener.trust,
        logger: log,
        handshakeTimeoutMs
      })
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const raw: Socket = connect({ host: '127.0.0.1', port: (server.address() as { port: number }).port })
  let closed = false
  raw.on('close', () => (closed = true))
  raw.on('error', () => {})
  raw.on('data', () => {})
  cleanup.push(() => {
    raw.destroy()
    server.close()
  })
  await new Promise((resolve) => raw.once('connect', resolve))
  return { raw, log, isClosed: () => closed }
}

describe('secure channel', () => {
  beforeAll(async () => {
    await loadSodium()
  })

  it('paired devices authenticate each other and exchange messages in order, both ways', async () => {
    const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
    const pair = await connectPair({ listener: laptop, dialer: phone })
    const peer = await pair.dialer.ready
    expect(peer.trusted.name).toBe('laptop')
    expect(peer.peerId).toBe('listener')
    for (const word of ['one', 'two', 'three']) pair.dialer.send(bytes(word))
    await until(() => pair.received.listener.length === 3, 'three messages')
    expect(pair.received.listener).toEqual(['one', 'two', 'three'])
    expect((await pair.listener()?.ready)?.trusted.name).toBe('phone')
    pair.listener()?.send(bytes('back'))
    await until(() => pair.received.dialer.length === 1, 'the reply')
    expect(pair.received.dialer).toEqual(['back'])
  })

  it('refuses a device that is not paired, delivering nothing and saying why', async () => {
    const laptop = newTestDevice('laptop')
    const stranger = newTestDevice('stranger')
    stranger.pin(laptop) // the stranger knows the laptop, but the laptop never paired with it
    const pair = await connectPair({ listener: laptop, dialer: stranger })
    pair.dialer.send(bytes('let me in'))
    await expect(pair.dialer.ready).rejects.toThrow()
    await until(() => pair.listenerLog.warnings.length > 0, 'a refusal line')
    expect(pair.listenerLog.warnings[0]).toMatch(/refused connection from .*unknown device \([0-9a-f]{16}\) is not paired/)
    expect(pair.received.listener).toEqual([])
    expect(pair.listener()?.isOpen).toBe(false)
  })

  it('refuses a listener the dialing device has not paired with', async () => {
    const [laptop, phone] = [newTestDevice('laptop'), newTestDevice('phone')]
    laptop.pin(phone)
    const pair = await connectPair({ listener: laptop, dialer: phone })
    await expect(pair.dialer.ready).rejects.toThrow(/not paired/)
    expect(pair.dialerLog.warnings.join('\n')).toMatch(/unknown device .* is not paired/)
    expect(pair.received.dialer).toEqual([])
  })

  it('refuses a device that presents a pinned key without holding its secret key', async () => {
    const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
    const impostor = newTestDevice('impostor')
    const pair = await connectPair({
      listener: laptop,
      dialer: phone,
      dialerKeys: { publicKey: phone.keys.publicKey, secretKey: impostor.keys.secretKey }
    })
    pair.dialer.send(bytes('trust me'))
    await until(() => pair.listenerLog.warnings.length > 0, 'a refusal line')
    expect(pair.listenerLog.warnings[0]).toMatch(/signature does not verify/)
    expect(pair.received.listener).toEqual([])
  })

  it('refuses a malformed greeting and closes the connection', async () => {
    const laptop = newTestDevice('laptop')
    const { raw, log, isClosed } = await rawListener(laptop)
    raw.write(encodeFrame(bytes('GET / HTTP/1.1 and some more bytes to fill 36')))
    await until(isClosed, 'the listener to hang up')
    expect(log.warnings[0]).toMatch(/malformed greeting/)
  })

  it('refuses an oversize frame before the handshake without buffering it', async () => {
    const laptop = newTestDevice('laptop')
    const { raw, log, isClosed } = await rawListener(laptop)
    raw.write(Uint8Array.of(0x7f, 0xff, 0xff, 0xff, 1, 2, 3))
    await until(isClosed, 'the listener to hang up')
    expect(log.warnings[0]).toMatch(/frame of 2147483647 bytes exceeds the limit of 4096/)
  })

  it('drops a connection that never completes the handshake', async () => {
    const laptop = newTestDevice('laptop')
    const { log, isClosed } = await rawListener(laptop, 200)
    await until(isClosed, 'the listener to hang up')
    expect(log.warnings[0]).toMatch(/handshake not completed in time/)
  })

  describe('against an attacker on the wire', () => {
    it('refuses an altered frame and drops the connection', async () => {
      const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
      const pair = await connectPair({ listener: laptop, dialer: phone, tapped: true })
      ;(pair.tap as TcpTap).rewriteFrames = (direction, index, frame) => {
        if (direction === 'to-server' && index === 4) frame[frame.length - 20] = (frame[frame.length - 20] ?? 0) ^ 0x01
        return [frame]
      }
      await pair.dialer.ready
      pair.dialer.send(bytes('first'))
      pair.dialer.send(bytes('second'))
      await until(() => pair.listenerLog.warnings.length > 0, 'a refusal line')
      expect(pair.listenerLog.warnings[0]).toMatch(/dropped connection with device phone .*failed authentication/)
      expect(pair.received.listener).toEqual(['first'])
      await until(() => !pair.dialer.isOpen, 'the dialer to see the drop')
    })

    it('refuses a replayed frame and drops the connection', async () => {
      const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
      const pair = await connectPair({ listener: laptop, dialer: phone, tapped: true })
      ;(pair.tap as TcpTap).rewriteFrames = (direction, index, frame) =>
        direction === 'to-server' && index === 3 ? [frame, frame] : [frame]
      await pair.dialer.ready
      pair.dialer.send(bytes('pay 10'))
      await until(() => pair.listenerLog.warnings.length > 0, 'a refusal line')
      expect(pair.listenerLog.warnings[0]).toMatch(/frame 3 failed authentication/)
      expect(pair.received.listener).toEqual(['pay 10'])
    })

    it('refuses frames delivered out of order', async () => {
      const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
      const pair = await connectPair({ listener: laptop, dialer: phone, tapped: true })
      let held: Uint8Array | undefined
      ;(pair.tap as TcpTap).rewriteFrames = (direction, index, frame) => {
        if (direction !== 'to-server') return [frame]
        if (index === 3) {
          held = frame
          return []
        }
        return index === 4 && held ? [frame, held] : [frame]
      }
      await pair.dialer.ready
      pair.dialer.send(bytes('A'))
      pair.dialer.send(bytes('B'))
      await until(() => pair.listenerLog.warnings.length > 0, 'a refusal line')
      expect(pair.listenerLog.warnings[0]).toMatch(/failed authentication/)
      expect(pair.received.listener).toEqual([])
    })

    it('never delivers a frame cut short by a dropped connection', async () => {
      const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
      const pair = await connectPair({ listener: laptop, dialer: phone, tapped: true })
      ;(pair.tap as TcpTap).rewriteFrames = (direction, index, frame) => {
        if (direction === 'to-server' && index === 3) {
          setTimeout(() => pair.tap?.cutAll(), 50)
          return [] // replaced below by a raw half frame
        }
        return [frame]
      }
      await pair.dialer.ready
      pair.dialer.send(bytes('x'.repeat(1000)))
      await until(() => !pair.dialer.isOpen, 'the cut')
      await until(() => pair.listener()?.isOpen === false, 'the listener to see the cut')
      expect(pair.received.listener).toEqual([])
    })

    it('refuses a message above the frame limit, on either side', async () => {
      const [laptop, phone] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
      const pair = await connectPair({ listener: laptop, dialer: phone, listenerMaxFrameBytes: 1024, dialerMaxFrameBytes: 4096 })
      await pair.dialer.ready
      expect(pair.dialer.send(new Uint8Array(8192))).toBe(false)
      expect(pair.dialerLog.warnings[0]).toMatch(/not sending a 8192-byte message .* above the 4096-byte frame limit/)
      pair.dialer.send(new Uint8Array(2048))
      await until(() => pair.listenerLog.warnings.length > 0, 'a refusal line')
      expect(pair.listenerLog.warnings[0]).toMatch(/exceeds the limit of 1041/)
      expect(pair.received.listener).toEqual([])
    })
  })
})
