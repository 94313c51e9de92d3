import type { PeerId } from '@automerge/automerge-repo'
import { MeVaultError } from '../../shared/errors.js'
import { ensureThisDevice, keepKeyCurrent, markSeen, trustFromDevices } from '../devices/device-list.js'
import type { Vault } from '../vault/vault.js'
import { stderrLogger, type SyncLogger } from './peer-trust.js'
import { SecureClientAdapter } from './secure-client-adapter.js'
import { SecureServerAdapter } from './secure-server-adapter.js'
import { compareSnapshots, keyOutcome, namedDocumentsToSync, snapshot, syncAllWith, type SyncSummary } from './vault-sync.js'

const deviceIdOf = (peerId: PeerId): string => peerId.replace(/^mevault-/, '')

/** Paired devices are the only peers that get past the handshake, so the Repo may offer them everything. */
function openToPairedDevices(vault: Vault): void {
  vault.repo.sharePolicy = async () => true
}

export interface SyncNowOptions {
  host: string
  port: number
  logger?: SyncLogger
  timeoutMs?: number
}

/**
 * Connects to a paired device's `sync serve`, syncs every vault document until both hold the same
 * heads, disconnects, and says what changed here.
 */
export async function syncNow(vault: Vault, options: SyncNowOptions): Promise<SyncSummary> {
  const devices = await ensureThisDevice(vault)
  const before = await snapshot(vault)
  const logger = options.logger ?? stderrLogger
  let failure: string | undefined
  const watching: SyncLogger = {
    info: (line) => {
      if (/could not reach/.test(line)) failure ??= line
      logger.info(line)
    },
    warn: (line) => {
      failure ??= line
      logger.warn(line)
    }
  }
  const adapter = new SecureClientAdapter({
    deviceKeys: vault.device.keys,
    trust: trustFromDevices(vault, devices),
    logger: watching,
    host: options.host,
    port: options.port,
    retryIntervalMs: 0
  })
  openToPairedDevices(vault)
  const syncStateSaves = watchSyncStateSaves(vault)
  const connected = new Promise<PeerId>((resolve) => adapter.once('peer-candidate', ({ peerId }) => resolve(peerId)))
  vault.repo.networkSubsystem.addNetworkAdapter(adapter)
  try {
    const peerId = await Promise.race([connected, failed(() => failure, options.host, options.port)])
    await markSeen(vault, deviceIdOf(peerId))
    let documents: number
    try {
      documents = await syncAllWith(vault, peerId, {
        timeoutMs: options.timeoutMs,
        isConnected: () => adapter.connectedPeers.includes(peerId)
      })
    } catch (error) {
      throw new MeVaultError('BUSY', `Sync with ${options.host}:${options.port} did not finish: ${(error as Error).message}`)
    }
    // A key another device rotated to (or a revocation it brought) applies before the next write.
    const key = await keepKeyCurrent(vault)
    return { ...compareSnapshots(before, await snapshot(vault), documents), ...keyOutcome(key) }
  } finally {
    adapter.disconnect()
    await syncStateSaves.settled()
    syncStateSaves.stop()
  }
}

/**
 * automerge-repo saves a peer's sync state at most every 100 ms (its default saveDebounceRate, which
 * the vault keeps): the last save is due that long after the last sync-state change. `settled()`
 * waits until then (plus a margin for timer jitter) so it lands before the vault may close, and not
 * longer: usually that time has already passed by the end of a sync.
 */
function watchSyncStateSaves(vault: Vault): { settled(): Promise<void>; stop(): void } {
  const SAVE_THROTTLE_MS = 100
  const MARGIN_MS = 25
  let last = 0
  const note = (): void => {
    last = performance.now()
  }
  vault.repo.synchronizer.on('sync-state', note)
  return {
    settled: async () => {
      const wait = last + SAVE_THROTTLE_MS + MARGIN_MS - performance.now()
      if (last > 0 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      await new Promise((resolve) => setImmediate(resolve)) // a save whose timer just fired finishes first
    },
    stop: () => vault.repo.synchronizer.off('sync-state', note)
  }
}

/** Rejects with a clear error once the connection attempt has failed (polled: the channel logs why). */
async function failed(reason: () => string | undefined, host: string, port: number): Promise<never> {
  const started = Date.now()
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    const line = reason()
    if (line && /could not reach/.test(line)) {
      throw new MeVaultError('NOT_FOUND', `No MeVault device answered at ${host}:${port} (is \`mevault sync serve\` running there?)`)
    }
    if (line) throw new MeVaultError('WRONG_CREDENTIALS', `The device at ${host}:${port} refused this device: ${line.replace(/^sync: /, '')}`)
    if (Date.now() - started > 15_000) throw new MeVaultError('NOT_FOUND', `No answer from ${host}:${port}`)
  }
}

export interface SyncServer {
  host: string
  port: number
  adapter: SecureServerAdapter
  close(): Promise<void>
}

/**
 * Listens for paired devices and keeps syncing with whoever connects, until close(). A revocation
 * (made here or synced in) drops the revoked device's live connection at once.
 */
export async function serveSync(vault: Vault, options: { host?: string; port?: number; logger?: SyncLogger }): Promise<SyncServer> {
  const devices = await ensureThisDevice(vault)
  // Open the named documents, so a peer asking for one finds it here even before anything was written to it.
  for (const name of await namedDocumentsToSync(vault)) await vault.document(name)
  const adapter = new SecureServerAdapter({
    deviceKeys: vault.device.keys,
    trust: trustFromDevices(vault, devices),
    logger: options.logger ?? stderrLogger,
    host: options.host,
    port: options.port
  })
  const { host, port } = await adapter.listen()
  openToPairedDevices(vault)
  const syncStateSaves = watchSyncStateSaves(vault)
  vault.repo.networkSubsystem.addNetworkAdapter(adapter)
  const revalidate = (): void => adapter.revalidate()
  devices.on('change', revalidate)
  adapter.on('peer-candidate', ({ peerId }) => void markSeen(vault, deviceIdOf(peerId)).catch(() => {}))
  // Once a peer has gone, what it brought is complete: adopt a key it rotated to, or rotate for a revocation it brought.
  adapter.on('peer-disconnected', () => void keepKeyCurrent(vault).catch((error: Error) => options.logger?.warn(`sync: key check failed: ${error.message}`)))
  return {
    host,
    port,
    adapter,
    close: async () => {
      devices.off('change', revalidate)
      await adapter.close()
      await syncStateSaves.settled()
      syncStateSaves.stop()
      // Only ready handles: a document a peer asked for that this vault lacks stays unavailable here.
      const ready = Object.values(vault.repo.handles).filter((handle) => handle.isReady())
      await vault.repo.flush(ready.map((handle) => handle.documentId))
    }
  }
}
