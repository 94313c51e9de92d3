import type { PeerId } from '@automerge/automerge-repo'
import { isMeVaultError, MeVaultError } from '../../shared/errors.js'
import { ensureThisDevice, keepKeyCurrent, markSeen } from '../devices/device-list.js'
import { trustFromDevices } from './device-trust.js'
import type { Vault } from '../vault/vault.js'
import { stderrLogger, type SyncLogger } from './peer-trust.js'
import { SecureClientAdapter } from './secure-client-adapter.js'
import { SecureServerAdapter } from './secure-server-adapter.js'
import { type FirstCopy, FirstCopyHandshakeFailed, type FirstCopyOptions, receiveFirstCopy, wantsFirstCopy } from './first-copy-client.js'
import { sendFirstCopy } from './first-copy-server.js'
import { compareSnapshots, keyOutcome, namedDocumentsToSync, snapshot, syncAllWith, type SyncSummary } from './vault-sync.js'

const deviceIdOf = (peerId: PeerId): string => peerId.replace(/^mevault-/, '')

export interface SyncNowOptions {
  host: string
  port: number
  logger?: SyncLogger
  timeoutMs?: number
  /** Time the other device has to complete the handshake (default 10 s). */
  handshakeTimeoutMs?: number
}

/**
 * Connects to a paired device's `sync serve`, syncs every vault document until both hold the same
 * heads, disconnects, and says what changed here.
 */
export async function syncNow(vault: Vault, options: SyncNowOptions): Promise<SyncSummary> {
  const devices = await ensureThisDevice(vault)
  const before = await snapshot(vault)
  const logger = options.logger ?? stderrLogger
  const where = `${options.host}:${options.port}`
  const trust = trustFromDevices(vault, devices)
  // A new device first receives every record in one batch; the sync below then confirms only what differs.
  const copy = wantsFirstCopy(vault) ? await firstCopyFrom(vault, where, { ...options, trust, logger }) : undefined
  const connection = connectionOutcome(where)
  const adapter = new SecureClientAdapter({
    deviceKeys: vault.device.keys,
    trust,
    logger,
    host: options.host,
    port: options.port,
    retryIntervalMs: 0,
    handshakeTimeoutMs: options.handshakeTimeoutMs
  })
  adapter.onFailure((failure) => connection.failed(failure))
  adapter.once('peer-candidate', ({ peerId }) => connection.connected(peerId))
  const port = vault.syncPort()
  const syncStateSaves = watchSyncStateSaves(vault)
  // Paired devices are the only peers past the handshake: the vault shares with them for this session only.
  const session = port.attach(adapter)
  try {
    const peerId = await connection.outcome
    await markSeen(vault, deviceIdOf(peerId))
    let documents: number
    try {
      documents = await syncAllWith(vault, peerId, {
        timeoutMs: options.timeoutMs,
        isConnected: () => adapter.connectedPeers.includes(peerId),
        settled: copy?.settled
      })
    } catch (error) {
      throw syncStopped(where, adapter.lastFailure, error)
    }
    // A key another device rotated to (or a revocation it brought) applies before the next write.
    const key = await keepKeyCurrent(vault)
    return { ...compareSnapshots(before, await snapshot(vault), documents), ...keyOutcome(key) }
  } finally {
    session.detach()
    await syncStateSaves.settled()
    syncStateSaves.stop()
  }
}

/** The first copy, or why it failed, said as a sync that failed there would say it (nothing was stored). */
async function firstCopyFrom(vault: Vault, where: string, options: FirstCopyOptions & { timeoutMs?: number }): Promise<FirstCopy> {
  try {
    return await receiveFirstCopy(vault, options)
  } catch (error) {
    if (error instanceof FirstCopyHandshakeFailed) throw connectFailure(where, error.failure)
    if (!isMeVaultError(error)) throw error
    if (error.code === 'INTEGRITY') {
      throw new MeVaultError('INTEGRITY', `The device at ${where} sent a damaged first copy (${error.message}): nothing of it was stored`, { cause: error })
    }
    throw syncStopped(where, undefined, error)
  }
}

/**
 * automerge-repo saves a peer's sync state at most every 100 ms (its default saveDebounceRate, which
 * the vault keeps), from a timer: the last save is due that long after the last sync-state change.
 * `settled()` waits until that timer has run (plus a margin for timer jitter) so the save lands before
 * the vault may close, and not longer: usually that time has already passed by the end of a sync.
 * Even then it waits on a timer of its own, not only a turn of the event loop: on a busy machine the
 * save's timer can be due and not yet run, and a timer due later runs after it, where an immediate
 * would run before it (and the save would then hit a closed vault, crashing the command).
 */
function watchSyncStateSaves(vault: Vault): { settled(): Promise<void>; stop(): void } {
  const SAVE_THROTTLE_MS = 100
  const MARGIN_MS = 25
  let last = 0
  const note = (): void => {
    last = performance.now()
  }
  const stop = vault.syncPort().onSyncState(note)
  return {
    settled: async () => {
      if (last === 0) return
      for (let due = last; ; due = last) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due + SAVE_THROTTLE_MS + MARGIN_MS - performance.now())))
        if (last === due) break // no change while waiting: that was the last save
      }
      await new Promise((resolve) => setImmediate(resolve)) // a save whose timer just fired finishes first
    },
    stop
  }
}

/** Gives up on a device that neither connects nor refuses: the handshake deadline normally comes first. */
const CONNECT_TIMEOUT_MS = 15_000

/** What the person reads when connecting failed, by how it failed (the channel's typed failure). */
function connectFailure(where: string, failure: MeVaultError): MeVaultError {
  const say = (message: string): MeVaultError => new MeVaultError(failure.code, message, { cause: failure })
  switch (failure.code) {
    case 'PEER_REFUSED':
      return say(`The device at ${where} refused this device: it is not paired with it, or it revoked this device`)
    case 'PEER_UNKNOWN':
      return say(`The device at ${where} is not one this vault trusts (not paired, revoked, or not a MeVault device): this device refused it`)
    case 'UNREACHABLE':
      return say(`No MeVault device answered at ${where}: is MeVault listening for your devices there?`)
    case 'TIMED_OUT':
      return say(`The device at ${where} did not finish the handshake in time: try again`)
    default:
      return say(`The connection to ${where} was cut before the handshake ended: try again`)
  }
}

/**
 * Why a sync that had connected stopped: the other device refused this one on the way (it revoked
 * it), the connection was lost, or time ran out. Its code says which; the message says it did not finish.
 */
function syncStopped(where: string, failure: MeVaultError | undefined, error: unknown): unknown {
  if (failure?.code === 'PEER_REFUSED') {
    return new MeVaultError('PEER_REFUSED', `Sync with ${where} did not finish: the other device refused this device (it revoked it)`, { cause: failure })
  }
  if (isMeVaultError(error, 'TIMED_OUT') || isMeVaultError(error, 'CONNECTION_LOST')) {
    return new MeVaultError(error.code, `Sync with ${where} did not finish: ${error.message}; run it again to continue`, { cause: error })
  }
  return error // anything else (a storage fault) as it is
}

/**
 * How the connection attempt ended: the peer id once connected, or the first typed failure the
 * client reported. Its one timer is cleared as soon as it settles, so a finished `sync now` leaves
 * nothing behind that keeps the process alive.
 */
function connectionOutcome(where: string) {
  let resolve!: (peerId: PeerId) => void
  let reject!: (error: MeVaultError) => void
  const outcome = new Promise<PeerId>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  const timer = setTimeout(() => reject(new MeVaultError('TIMED_OUT', `No answer from ${where} in time`)), CONNECT_TIMEOUT_MS)
  void outcome.catch(() => {}).finally(() => clearTimeout(timer))
  return {
    outcome,
    connected: (peerId: PeerId) => resolve(peerId),
    /** Only the first outcome counts. */
    failed: (failure: MeVaultError) => reject(connectFailure(where, failure))
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
  const port = vault.syncPort()
  for (const name of await namedDocumentsToSync(vault)) await port.open(name)
  const adapter = new SecureServerAdapter({
    deviceKeys: vault.device.keys,
    trust: trustFromDevices(vault, devices),
    logger: options.logger ?? stderrLogger,
    host: options.host,
    port: options.port
  })
  adapter.onFirstCopy((channel, peer) => {
    void markSeen(vault, deviceIdOf(peer.peerId)).catch(() => {})
    void sendFirstCopy(port, channel, peer.peerId, options.logger ?? stderrLogger)
  })
  const { host, port: listening } = await adapter.listen()
  const syncStateSaves = watchSyncStateSaves(vault)
  // Paired devices are the only peers past the handshake: the vault shares with them until close().
  const session = port.attach(adapter)
  const revalidate = (): void => adapter.revalidate()
  devices.on('change', revalidate)
  adapter.on('peer-candidate', ({ peerId }) => void markSeen(vault, deviceIdOf(peerId)).catch(() => {}))
  // Once a peer has gone, what it brought is complete: adopt a key it rotated to, or rotate for a revocation it brought.
  adapter.on('peer-disconnected', () => void keepKeyCurrent(vault).catch((error: Error) => options.logger?.warn(`sync: key check failed: ${error.message}`)))
  return {
    host,
    port: listening,
    adapter,
    close: async () => {
      devices.off('change', revalidate)
      await adapter.close()
      session.detach()
      await syncStateSaves.settled()
      syncStateSaves.stop()
      // Only ready handles: a document a peer asked for that this vault lacks stays unavailable here.
      await port.flushReady()
    }
  }
}
