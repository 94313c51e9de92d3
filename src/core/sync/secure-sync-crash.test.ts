import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { AutomergeUrl, DocHandle, PeerId } from '@automerge/automerge-repo'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/sodium.js'
import { pairedDevices, type TestDevice } from './testing/paired-devices.js'
import { listeningRepo, until } from './testing/repo-peers.js'
import { TcpTap } from './testing/tcp-tap.js'

type Card = Record<string, string>
const peerScript = fileURLToPath(new URL('./testing/sync-peer-process.ts', import.meta.url))
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

interface PhoneReport {
  notesUrl?: AutomergeUrl
  doc?: 'notes' | 'laptop'
  heads?: string[]
  fields?: number
  warn?: string
}

/** Starts the phone process; collects what it reports. */
function startPhone(settings: object): { child: ChildProcess; reports: PhoneReport[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', peerScript], {
    env: { ...process.env, MEVAULT_SYNC_PEER: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const reports: PhoneReport[] = []
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      reports.push(JSON.parse(line) as PhoneReport)
    } catch {
      // not one of ours
    }
  })
  return { child, reports }
}

const latest = (reports: PhoneReport[], doc: PhoneReport['doc']): PhoneReport | undefined =>
  reports.filter((report) => report.doc === doc).at(-1)

describe('a device killed in the middle of a sync', () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'mevault-sync-crash-'))
  const children: ChildProcess[] = []
  beforeAll(async () => {
    await loadSodium()
  })
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL')
    rmSync(storageDir, { recursive: true, force: true })
  })

  it('converges after a restart, losing nothing from either side', async () => {
    const [laptopDevice, phoneDevice] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
    const laptop = await listeningRepo(laptopDevice, 'laptop')
    const big: Card = {}
    // Random values, so Automerge's compression cannot shrink the document below a large message.
    for (let i = 0; i < 2000; i += 1) big[`field${i}`] = randomBytes(64).toString('hex')
    const onLaptop = laptop.repo.create<Card>(big)

    // First run: the laptop's big sync message is on its way when the phone process is killed.
    const tap = new TcpTap(laptop.port)
    const tapPort = await tap.start()
    const settings = {
      secretKeyHex: hex(phoneDevice.keys.secretKey),
      laptopPublicKeyHex: hex(laptopDevice.keys.publicKey),
      port: tapPort,
      storageDir,
      laptopDocUrl: onLaptop.url,
      editLaptopDoc: false
    }
    const first = startPhone(settings)
    children.push(first.child)
    let killedMidSync = false
    tap.rewriteFrames = (direction, _index, frame) => {
      if (direction === 'to-client' && frame.length > 100_000) {
        first.child.kill('SIGKILL') // the phone dies before this message reaches it
        killedMidSync = true
        return []
      }
      return [frame]
    }
    await until(() => first.child.exitCode !== null || first.child.signalCode !== null, 'the phone to die', 30_000)
    expect(killedMidSync).toBe(true)
    const notesUrl = first.reports.find((report) => report.notesUrl)?.notesUrl
    expect(notesUrl).toBeDefined()
    expect(latest(first.reports, 'laptop')).toBeUndefined() // it never got the laptop's document
    await tap.stop()

    // While the phone is down the laptop edits on.
    onLaptop.change((doc) => {
      doc.afterCrash = 'written on the laptop while the phone was down'
    })

    // Second run, from the same storage: everything arrives, and the phone's own notes survive.
    const second = startPhone({ ...settings, port: laptop.port, notesUrl, editLaptopDoc: true })
    children.push(second.child)
    await until(() => latest(second.reports, 'notes') !== undefined, 'the phone to reopen its notes', 30_000)
    await until(() => laptop.adapter.connectedPeers.includes('phone' as PeerId), 'the phone to reconnect', 30_000)
    // If the laptop had started fetching the notes in the first run, it marked them unavailable when the
    // phone died; the restarted phone offers them again, so ask until they are there.
    let notesOnLaptop: DocHandle<Card> | undefined
    await until(() => notesOnLaptop !== undefined, "the phone's notes to reach the laptop", 30_000, () => {
      laptop.repo.find<Card>(notesUrl as AutomergeUrl).then((handle) => (notesOnLaptop = handle), () => {})
    })
    expect(notesOnLaptop?.doc().note).toBe('written on the phone before the crash')
    await until(() => onLaptop.doc().fromPhone !== undefined, "the phone's edit to reach the laptop", 30_000)
    const converged = (): boolean => {
      const phoneView = latest(second.reports, 'laptop')
      return JSON.stringify(phoneView?.heads?.slice().sort()) === JSON.stringify(onLaptop.heads().slice().sort())
    }
    await until(converged, 'the phone to hold exactly what the laptop holds', 30_000)
    expect(latest(second.reports, 'laptop')?.fields).toBe(2002)
    expect(Object.keys(onLaptop.doc())).toHaveLength(2002)
    expect(onLaptop.doc().afterCrash).toBeDefined()
    second.child.kill('SIGKILL')
    await laptop.adapter.close()
  })
})
