/**
 * Sync transport figures: how fast one edit reaches a connected paired device, and how many bytes the
 * secure transport puts on the wire compared with the Automerge sync messages it carries.
 * Run alone with `npx tsx bench/sync-wire.ts`, or through `npm run bench`.
 */
import {
  Repo,
  generateAutomergeUrl,
  parseAutomergeUrl,
  type DocHandle,
  type Message,
  type PeerId
} from '@automerge/automerge-repo'
import { loadSodium } from '../src/core/crypto/sodium.js'
import type { SyncLogger } from '../src/core/sync/peer-trust.js'
import { SecureClientAdapter } from '../src/core/sync/secure-client-adapter.js'
import { SecureServerAdapter } from '../src/core/sync/secure-server-adapter.js'
import { pairedDevices, type TestDevice } from '../src/core/sync/testing/paired-devices.js'
import { TcpTap } from '../src/core/sync/testing/tcp-tap.js'

export interface BenchFigure {
  name: string
  value: number
  unit: string
  target?: number
  note?: string
}

type Card = Record<string, string>
const EDITS = 50
const quiet: SyncLogger = { info: () => {}, warn: () => {} }
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** A laptop listening and a phone dialing it (through a byte-counting tap when asked), both with Repos. */
async function connectedPair(tapped: boolean) {
  const [laptopDevice, phoneDevice] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
  const server = new SecureServerAdapter({ deviceKeys: laptopDevice.keys, trust: laptopDevice.trust, logger: quiet })
  const { port } = await server.listen()
  const tap = tapped ? new TcpTap(port) : undefined
  const client = new SecureClientAdapter({
    deviceKeys: phoneDevice.keys,
    trust: phoneDevice.trust,
    logger: quiet,
    host: '127.0.0.1',
    port: tap ? await tap.start() : port
  })
  const laptop = new Repo({ network: [server], peerId: 'laptop' as PeerId })
  const phone = new Repo({ network: [client], peerId: 'phone' as PeerId })
  const onLaptop = laptop.create<Card>({ name: 'Ada Lovelace', email: 'ada@example.org' })
  const onPhone = await phone.find<Card>(onLaptop.url)
  const close = async (): Promise<void> => {
    client.disconnect()
    await tap?.stop()
    await server.close()
  }
  return { server, client, onLaptop, onPhone, tap, close }
}

/** Makes one edit on the laptop and resolves when the phone's document shows it. */
function editAndWait(onLaptop: DocHandle<Card>, onPhone: DocHandle<Card>, value: string): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (onPhone.doc().email !== value) return
      onPhone.off('change', check)
      resolve()
    }
    onPhone.on('change', check)
    onLaptop.change((card) => {
      card.email = value
    })
  })
}

async function editLatency(): Promise<BenchFigure> {
  const pair = await connectedPair(false)
  const times: number[] = []
  for (let i = 0; i < EDITS; i += 1) {
    const started = performance.now()
    await editAndWait(pair.onLaptop, pair.onPhone, `ada+${i}@example.org`)
    times.push(performance.now() - started)
    // A person's edits are seconds apart. Edits closer than 100 ms are batched by automerge-repo's sync
    // throttle (DocSynchronizer.syncDebounceRate) and wait up to 100 ms, whatever the transport.
    await pause(150)
  }
  await pair.close()
  return {
    name: 'sync: one edit reaching a connected peer (median)',
    value: Number(median(times).toFixed(2)),
    unit: 'ms',
    target: 200,
    note: `${EDITS} edits 150 ms apart, laptop → phone on 127.0.0.1; edits in a burst wait up to 100 ms more (automerge-repo's sync throttle)`
  }
}

/** The transport's own share: one 200-byte sync message from phone to laptop, without Repos. */
async function transportLatency(): Promise<BenchFigure> {
  const [laptopDevice, phoneDevice] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
  const server = new SecureServerAdapter({ deviceKeys: laptopDevice.keys, trust: laptopDevice.trust, logger: quiet })
  const { port } = await server.listen()
  const client = new SecureClientAdapter({ deviceKeys: phoneDevice.keys, trust: phoneDevice.trust, logger: quiet, host: '127.0.0.1', port })
  const connected = new Promise((resolve) => server.once('peer-candidate', resolve))
  server.connect('laptop' as PeerId)
  client.connect('phone' as PeerId)
  await connected
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const data = new Uint8Array(200).fill(7)
  const times: number[] = []
  for (let i = 0; i < EDITS * 4; i += 1) {
    const arrived = new Promise((resolve) => server.once('message', resolve))
    const started = performance.now()
    client.send({ type: 'sync', senderId: 'phone' as PeerId, targetId: 'laptop' as PeerId, documentId, data })
    await arrived
    times.push(performance.now() - started)
  }
  client.disconnect()
  await server.close()
  return {
    name: 'sync: one message through the secure transport (median)',
    value: Number(median(times).toFixed(3)),
    unit: 'ms',
    note: 'seal, TCP on 127.0.0.1, open and decode, without Repos'
  }
}

async function wireOverhead(): Promise<BenchFigure> {
  const pair = await connectedPair(true)
  const tap = pair.tap as TcpTap
  let syncBytes = 0
  const count = (message: Message): void => {
    if (message.type === 'sync' && message.data) syncBytes += message.data.byteLength
  }
  await pause(200) // past the handshake and the initial sync
  pair.server.on('message', count) // every sync message either side receives, as Automerge made it
  pair.client.on('message', count)
  const wireBefore = tap.totalBytes
  for (let i = 0; i < EDITS; i += 1) {
    await editAndWait(pair.onLaptop, pair.onPhone, `ada+${i}@example.org`)
    await pause(20)
  }
  await pause(200)
  const wireBytes = tap.totalBytes - wireBefore
  await pair.close()
  return {
    name: 'sync: bytes on the wire / Automerge sync message bytes, per edit',
    value: Number((wireBytes / syncBytes).toFixed(3)),
    unit: 'ratio',
    target: 1.3,
    note: `${EDITS} one-field edits and their acknowledgements: ${wireBytes} bytes on the wire for ${syncBytes} bytes of sync messages`
  }
}

export async function benchSyncWire(): Promise<BenchFigure[]> {
  await loadSodium()
  return [await editLatency(), await transportLatency(), await wireOverhead()]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const figure of await benchSyncWire()) console.log(JSON.stringify(figure))
  process.exit(0)
}
