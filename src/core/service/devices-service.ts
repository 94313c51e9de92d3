import { networkInterfaces } from 'node:os'
import type { DeviceInfo, InvitationView, MeVaultApi, SyncListenerView, SyncResult, SyncStatus } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { listDevices, revokeDevice, type DeviceView } from '../devices/device-list.js'
import { openInvitation, type Invitation } from '../pairing/invitation.js'
import { stderrLogger, type SyncLogger } from '../sync/peer-trust.js'
import { serveSync, syncNow, type SyncServer } from '../sync/sync-session.js'
import { describeSummary } from '../sync/vault-sync.js'
import type { Vault } from '../vault/vault.js'
import { qrMatrix } from './qr-matrix.js'

type DevicesMethods = Pick<
  MeVaultApi,
  | 'devices.list'
  | 'devices.revoke'
  | 'devices.syncStatus'
  | 'devices.listen'
  | 'devices.stopListening'
  | 'devices.invite'
  | 'devices.cancelInvitation'
  | 'devices.syncNow'
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

/**
 * The typed API's device methods over the unlocked vault: the device list, revocation, one-time
 * invitations, and this device's sync listener. At most one listener and one invitation run at a
 * time; both belong to the vault that was unlocked when they started and end with close().
 */
export function createDevicesService(unlocked: () => Vault, options: { logger?: SyncLogger } = {}): DevicesService {
  const logger = options.logger ?? stderrLogger
  let listener: { server: SyncServer; network: boolean } | undefined
  let invitation: { open: Invitation; view: InvitationView } | undefined
  let joined: SyncStatus['joined'] = null
  let syncing = false
  // Listener and invitation changes run one at a time: two quick clicks must not start two servers.
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  const listenerView = (): SyncListenerView | null => {
    if (!listener) return null
    const { host, port } = listener.server
    const lan = listener.network ? lanAddress() : undefined
    return { host, port, network: listener.network, ...(lan ? { reachableAt: `${lan}:${port}` } : {}) }
  }

  const status = (): SyncStatus => {
    const open = invitation && Date.parse(invitation.view.expiresAt) > Date.now() ? invitation.view : null
    return { listener: listenerView(), invitation: open, joined }
  }

  async function endInvitation(): Promise<void> {
    const ending = invitation
    invitation = undefined
    if (ending) await Promise.race([ending.open.close(), delay(CLOSE_WAIT_MS)])
  }

  async function stopListener(): Promise<void> {
    const stopping = listener
    listener = undefined
    await stopping?.server.close()
  }

  async function startListener(vault: Vault, network: boolean): Promise<void> {
    if (listener?.network === network) return
    // The invitation told its joiner where this listener was: a moved listener needs a new code.
    await endInvitation()
    await stopListener()
    listener = { server: await serveSync(vault, { host: network ? '0.0.0.0' : '127.0.0.1', logger }), network }
  }

  return {
    methods: {
      'devices.list': async () => (await listDevices(unlocked())).map(toInfo),
      'devices.revoke': async ({ id }) => toInfo(await revokeDevice(unlocked(), id)),
      'devices.syncStatus': async () => {
        unlocked()
        return status()
      },
      'devices.listen': ({ network }) =>
        serially(async () => {
          await startListener(unlocked(), network)
          return status()
        }),
      'devices.stopListening': () =>
        serially(async () => {
          unlocked()
          await endInvitation()
          await stopListener()
          return status()
        }),
      'devices.invite': () =>
        serially(async () => {
          const vault = unlocked()
          if (!listener) await startListener(vault, false)
          await endInvitation()
          const server = listener!.server
          const open = await openInvitation(vault, { host: server.host, syncPort: server.port, logger })
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
        }),
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
