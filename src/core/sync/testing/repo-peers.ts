import { Repo, type DocHandle, type PeerId } from '@automerge/automerge-repo'
import { SecureClientAdapter } from '../secure-client-adapter.js'
import { SecureServerAdapter } from '../secure-server-adapter.js'
import { recordingLogger, type TestDevice } from './paired-devices.js'
import { TcpTap } from './tcp-tap.js'

/** A device whose Repo listens for paired devices on 127.0.0.1 (no storage: memory only). */
export async function listeningRepo(device: TestDevice, peerId: string) {
  const logger = recordingLogger()
  const adapter = new SecureServerAdapter({ deviceKeys: device.keys, trust: device.trust, logger })
  const { port } = await adapter.listen()
  const repo = new Repo({ network: [adapter], peerId: peerId as PeerId })
  return { repo, adapter, logger, port }
}

/** A device whose Repo dials `port`, through a recording tap unless told otherwise. */
export async function dialingRepo(device: TestDevice, peerId: string, port: number, options: { tapped?: boolean } = {}) {
  const logger = recordingLogger()
  let tap: TcpTap | undefined
  let target = port
  if (options.tapped !== false) {
    tap = new TcpTap(port)
    target = await tap.start()
  }
  const adapter = new SecureClientAdapter({
    deviceKeys: device.keys,
    trust: device.trust,
    logger,
    host: '127.0.0.1',
    port: target,
    retryIntervalMs: 100
  })
  const repo = new Repo({ network: [adapter], peerId: peerId as PeerId })
  return { repo, adapter, logger, tap }
}

/** Polls `check` every 10 ms (running `retry` before each poll, if given) until it holds or time is up. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000, retry?: () => void): Promise<void> {
  const started = Date.now()
  for (;;) {
    retry?.()
    await new Promise((resolve) => setTimeout(resolve, 10))
    if (check()) return
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
  }
}

export const sameHeads = (a: DocHandle<unknown>, b: DocHandle<unknown>): boolean =>
  JSON.stringify([...a.heads()].sort()) === JSON.stringify([...b.heads()].sort())
