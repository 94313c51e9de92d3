import { networkInterfaces } from 'node:os'
import type { DeviceInfo, InvitationView, InviteOptions, MeVaultApi, SyncListenerView, SyncResult, SyncStatus, VaultChange } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { listDevices, renameDevice, revokeDevice, type DeviceView } from '../devices/device-list.js'
import { openInvitation, type Invitation } from '../pairing/invitation.js'
import { stderrLogger, type SyncLogger } from '../sync/peer-trust.js'
import { serveSync, syncNow, type SyncServer } from '../sync/sync-session.js'
import { describeSummary } from '../sync/vault-sync.js'
import type { Vault } from '../vault/vault.js'
import { qrMatrix } from './qr-matrix.js'
import { exchangeWithFolder } from './sync-folder-method.js'
import { listenFailure } from './listen-failure.js'

type DevicesMethods = Pick<
  MeVaultApi,
  | 'devices.list'
  | 'devices.revoke'
  | 'devices.rename'
  | 'devices.syncStatus'
  | 'devices.listen'
  | 'devices.stopListening'
  | 'devices.invite'
  | 'devices.cancelInvitation'
  | 'devices.syncNow'
  | 'devices.syncFolder'
>

export interface DevicesService {
  methods: DevicesMethods
  /** Stops the listener and any open invitation: called on lock, before the vault closes. */
  close(): Promise<void>
}

/** An invitation whose listener does not close in this time is left to end by itself (lock must not hang). */
const CLOSE_WAIT_MS = 2_000
/** `sync now` reports failures as its error; the transport's own lines would only repeat them. */
const quiet: SyncLogger = { info: () => {}, warn: () => {} }
/** Addresses only this computer can reach: a listener there is not "on the network". */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

/**
 * The typed API's device methods over the unlocked vault: the device list, revocation, one-time
 * invitations, and this device's sync listener. At most one listener and one invitation run at a
 * time; both belong to the vault that was unlocked when they started and end with close().
 */
export function createDevicesService(
  unlocked: () => Vault,
  options: {
    logger?: SyncLogger
    // Told when an invitation ends (a device joined, it expired, was cancelled or replaced): the
    // device list's save notice comes before `joined` is set, so a face re-reading then could miss it.
    onChange?: (change: VaultChange) => void
    // A sync listener the vault's holder runs and ends itself (`sync serve`): an invitation sends the
    // new machine's first sync there, as the holder printed it; it is never stopped or moved here.
    heldListener?: SyncServer
  } = {}
): DevicesService {
  const logger = options.logger ?? stderrLogger
  let listener: { server: SyncServer; network: boolean } | undefined
  let invitation: { open: Invitation; view: InvitationView } | undefined
  let joined: SyncStatus['joined'] = null
  let syncing = false
  let folderSyncing = false
  // Listener and invitation changes run one at a time: two quick clicks must not start two servers.
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  const held = options.heldListener ? { server: options.heldListener, network: !LOOPBACK.has(options.heldListener.host) } : undefined
  /** This service's own listener, else the holder's. */
  const current = (): typeof listener => listener ?? held

  const listenerView = (): SyncListenerView | null => {
    const shown = current()
    if (!shown) return null
    const { host, port } = shown.server
    const lan = shown.network ? lanAddress() : undefined
    return { host, port, network: shown.network, ...(lan ? { reachableAt: `${lan}:${port}` } : {}) }
  }

  const status = (): SyncStatus => {
    const open = invitation && Date.parse(invitation.view.expiresAt) > Date.now() ? invitation.view : null
    return { listener: listenerView(), invitation: open, joined }
  }

  async function endInvitation(): Promise<void> {
    const ending = invitation
    invitation = undefined
    if (!ending) return
    await Promise.race([ending.open.close(), delay(CLOSE_WAIT_MS)])
    options.onChange?.({ kind: 'devices' })
  }

  async function stopListener(): Promise<void> {
    const stopping = listener
    listener = undefined
    await stopping?.server.close()
  }

  async function startListener(vault: Vault, host: string): Promise<void> {
    // The invitation told its joiner where this listener was: a moved listener needs a new code.
    await endInvitation()
    await stopListener()
    listener = { server: await serveSync(vault, { host, logger }), network: !LOOPBACK.has(host) }
  }

  /** Opens an invitation beside the sync listener, which keeps its address (starting it first if it is off). */
  async function invite(vault: Vault, wanted: InviteOptions): Promise<InvitationView> {
    if (!current()) await startListener(vault, wanted.host ?? '127.0.0.1')
    const server = current()!.server
    if (wanted.host !== undefined && wanted.host !== server.host) {
      throw new MeVaultError(
        'BAD_INPUT',
        `This vault already listens for sync on ${server.host}:${server.port} and keeps that address; ` +
          `an invitation listens there too: leave out the host, or stop the listener first`
      )
    }
    if (wanted.port === server.port) {
      throw new MeVaultError(
        'BAD_INPUT',
        `Port ${server.port} is this vault's sync listener; the invitation needs a port of its own: choose another, or leave it out for any free one`
      )
    }
    await endInvitation()
    const open = await openInvitation(vault, {
      host: server.host,
      port: wanted.port,
      advertise: wanted.advertise,
      ttlMs: wanted.minutes === undefined ? undefined : wanted.minutes * 60_000,
      syncPort: server.port,
      logger
    }).catch((error: unknown) => {
      throw listenFailure(error, server.host, wanted.port)
    })
    const view: InvitationView = {
      code: open.code,
      expiresAt: open.expiresAt.toISOString(),
      host: open.host,
      port: open.port,
      qr: qrMatrix(open.code)
    }
    const entry = { open, view }
    invitation = entry
    joined = null
    // One device joins per code: then (or at expiry) the invitation ends; the listener stays for its first sync.
    void open.joined
      .then(async (device) => {
        if (invitation !== entry) return
        if (device) joined = { id: device.id, name: device.name }
        await serially(async () => {
          if (invitation === entry) await endInvitation()
        })
      })
      .catch((error: Error) => logger.warn(`pair: closing the invitation failed: ${error.message}`))
    return view
  }

  return {
    methods: {
      'devices.list': async () => (await listDevices(unlocked())).map(toInfo),
      'devices.revoke': async ({ id }) => toInfo(await revokeDevice(unlocked(), id)),
      'devices.rename': async ({ id, name }) => toInfo(await renameDevice(unlocked(), id, name)),
      'devices.syncStatus': async () => {
        unlocked()
        return status()
      },
      'devices.listen': ({ network }) =>
        serially(async () => {
          const vault = unlocked()
          if (listener?.network !== network) await startListener(vault, network ? '0.0.0.0' : '127.0.0.1')
          return status()
        }),
      'devices.stopListening': () =>
        serially(async () => {
          unlocked()
          await endInvitation()
          await stopListener()
          return status()
        }),
      'devices.invite': (wanted) => serially(async () => invite(unlocked(), wanted ?? {})),
      'devices.cancelInvitation': () =>
        serially(async () => {
          unlocked()
          await endInvitation()
          return status()
        }),
      'devices.syncNow': async ({ peer }) => {
        const vault = unlocked()
        const address = parsePeer(peer)
        if (syncing) throw new MeVaultError('BUSY', 'A sync is already running; wait for it to finish')
        syncing = true
        try {
          const summary = await syncNow(vault, { ...address, logger: quiet })
          const result: SyncResult = { peer: peer.trim(), ...summary, description: describeSummary(summary) }
          return result
        } finally {
          syncing = false
        }
      },
      'devices.syncFolder': async ({ folder }) => {
        const vault = unlocked()
        // Two exchanges with one folder at once would each write files the other then reads half-written.
        if (folderSyncing) throw new MeVaultError('BUSY', 'A sync folder exchange is already running; wait for it to finish')
        folderSyncing = true
        try {
          return await exchangeWithFolder(vault, folder)
        } finally {
          folderSyncing = false
        }
      }
    },
    close: () =>
      serially(async () => {
        await endInvitation()
        await stopListener()
        joined = null
      })
  }
}

/** Only what the screen shows: the public key itself stays in the core. */
function toInfo(device: DeviceView): DeviceInfo {
  return {
    id: device.id,
    name: device.name,
    fingerprint: device.fingerprint,
    pairedAt: device.pairedAt,
    ...(device.lastSeen ? { lastSeen: device.lastSeen } : {}),
    ...(device.revokedAt ? { revokedAt: device.revokedAt } : {}),
    thisDevice: device.thisDevice
  }
}

/** "HOST:PORT" or "[IPv6]:PORT" (the schema checked the shape); the port must be a real one. */
export function parsePeer(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text.trim())
  const port = Number(match?.[2])
  if (!match || port < 1 || port > 65535) {
    throw new MeVaultError('BAD_INPUT', 'The address must be HOST:PORT with a port from 1 to 65535, e.g. "192.168.1.20:41234"')
  }
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port }
}

/** The first LAN IPv4 address: what another machine on the network would connect to. */
function lanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address
  }
  return undefined
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref())
