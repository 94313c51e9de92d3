import * as A from '@automerge/automerge'
import { createServer, type Server } from 'node:net'
import { networkInterfaces } from 'node:os'
import { isMeVaultError } from '../../shared/errors.js'
import { addDevice, ensureThisDevice, peerIdOf, type DeviceView, listDevices } from '../devices/device-list.js'
import { sodium } from '../crypto/sodium.js'
import { stderrLogger, type SyncLogger } from '../sync/peer-trust.js'
import { DEFAULT_MAX_PENDING_CONNECTIONS, PendingConnections } from '../sync/pending-connections.js'
import { SecureChannel } from '../sync/secure-channel.js'
import type { Vault } from '../vault/vault.js'
import { encodeInviteCode, SECRET_BYTES } from './invite-code.js'
import { decodeMessage, encodeMessage, JoinRequest, joinProof, type JoinAnswer } from './pairing-messages.js'

export const DEFAULT_INVITE_TTL_MS = 10 * 60_000
/** Wrong proofs tolerated before the invitation is voided (the secret is 128 bits; this stops noise). */
const MAX_FAILED_ATTEMPTS = 5
/** A joining device connects, shakes hands and proves the code within this time, or is dropped. */
export const DEFAULT_JOIN_DEADLINE_MS = 10_000
/** The join request is well under 1 KiB; nothing larger is read from a device that has not proved the code. */
export const DEFAULT_MAX_JOIN_FRAME_BYTES = 4096

export interface InvitationOptions {
  /** Where to listen (default 127.0.0.1; 0.0.0.0 for another machine on the network). */
  host?: string
  port?: number
  /** The address put in the code, when it differs from where we listen. */
  advertise?: string
  ttlMs?: number
  logger?: SyncLogger
  /** The port this device serves sync on, if it already does (told to the joining device). */
  syncPort?: number
  /** Time a connection has to prove the code (default 10 s). */
  joinDeadlineMs?: number
  /** Largest message read from a joining device (default 4 KiB). */
  maxJoinFrameBytes?: number
  /** Connections allowed to wait for their proof at once (default 64); more are closed at once. */
  maxPendingConnections?: number
}

export interface Invitation {
  code: string
  host: string
  port: number
  expiresAt: Date
  /** The device that joined, or undefined once the invitation expired or was voided unused. */
  joined: Promise<DeviceView | undefined>
  close(): Promise<void>
}

/**
 * Opens a one-time invitation: listens, and lets exactly one device join that proves the code's
 * secret over a secure channel whose server key the joining device pinned from the code. Any device
 * key may complete the handshake here (it is not paired yet); nothing but the join exchange is
 * possible on this listener, and no vault data moves before the proof is checked.
 */
export async function openInvitation(vault: Vault, options: InvitationOptions = {}): Promise<Invitation> {
  await ensureThisDevice(vault)
  const logger = options.logger ?? stderrLogger
  const secret = sodium().randombytes_buf(SECRET_BYTES)
  const expiresAt = new Date(vault.now().getTime() + (options.ttlMs ?? DEFAULT_INVITE_TTL_MS))
  let state: 'open' | 'used' | 'voided' = 'open'
  let failures = 0
  let settle!: (device: DeviceView | undefined) => void
  const joined = new Promise<DeviceView | undefined>((resolve) => (settle = resolve))
  const expired = (): boolean => vault.now().getTime() >= expiresAt.getTime()

  const unavailable = (): JoinAnswer | undefined => {
    if (state === 'used') return refused('This invitation was already used: make a new one with `mevault pair invite`')
    if (state === 'voided' || expired()) return refused('This invitation has expired: make a new one with `mevault pair invite`')
    return undefined
  }
  const failed = (reason: string): JoinAnswer => {
    failures += 1
    if (failures >= MAX_FAILED_ATTEMPTS) state = 'voided'
    return refused(reason)
  }

  const answer = async (request: JoinRequest, joinerKey: Uint8Array): Promise<JoinAnswer> => {
    const closed = unavailable()
    if (closed) return closed
    if (!sodium().memcmp(sodium().from_hex(request.proof), sodium().from_hex(joinProof(secret, joinerKey)))) {
      return failed('The invitation code does not match this invitation')
    }
    const devices = await ensureThisDevice(vault)
    // A joining device names itself: it may not take the place (and with it the pinned key) of a listed
    // device. Only someone misusing the code asks for that (a real device draws a random 64-bit id).
    if (devices.doc()[request.device.id]) {
      return failed(`Device id ${request.device.id} is already paired with this vault; a joining device cannot take its place`)
    }
    const closedMeanwhile = unavailable()
    if (closedMeanwhile) return closedMeanwhile
    state = 'used' // before any further await: a second joiner racing this one is refused
    await addDevice(vault, request.device.id, request.device.name, joinerKey)
    const secrets = vault.secretsForJoiningDevice()
    const s = sodium()
    const welcome: JoinAnswer = {
      type: 'mevault.pair.welcome/1',
      vaultKey: s.to_base64(secrets.vaultKey),
      namingKey: s.to_base64(secrets.namingKey),
      keyId: secrets.keyId,
      identitySecretKey: s.to_base64(secrets.identitySecretKey),
      devices: s.to_base64(A.save(devices.doc())),
      inviter: { id: vault.device.id, name: vault.device.name },
      syncPort: options.syncPort
    }
    for (const key of [secrets.vaultKey, secrets.namingKey, secrets.identitySecretKey]) s.memzero(key)
    return welcome
  }

  // This listener accepts any device key, so until a connection has proved the code it may only send
  // small frames, for a short time, with a bounded number of others: anyone on the network can connect.
  const joinDeadlineMs = options.joinDeadlineMs ?? DEFAULT_JOIN_DEADLINE_MS
  const unproven = new PendingConnections(options.maxPendingConnections ?? DEFAULT_MAX_PENDING_CONNECTIONS, logger, 'pair')
  const server: Server = createServer((socket) => {
    if (!unproven.admit(socket)) return
    const channel = new SecureChannel(socket, {
      role: 'server',
      deviceKeys: vault.device.keys,
      announcement: { peerId: peerIdOf(vault.device.id), peerMetadata: {} },
      trust: () => ({ deviceId: 'joining-device' }),
      logger,
      maxIncomingFrameBytes: options.maxJoinFrameBytes ?? DEFAULT_MAX_JOIN_FRAME_BYTES,
      handshakeTimeoutMs: joinDeadlineMs
    })
    const deadline = setTimeout(() => channel.destroy(`no join request within ${joinDeadlineMs} ms`), joinDeadlineMs)
    channel.onClose(() => clearTimeout(deadline))
    channel.ready
      .then((peer) => {
        let requested = false
        channel.deliverTo((bytes) => {
          // One request per connection: a second one would be a free extra guess at the code.
          if (requested) return channel.destroy('sent a second pairing message')
          requested = true
          clearTimeout(deadline) // what is left is this side's own work: checking the proof and answering
          unproven.release(socket)
          let request: JoinRequest
          try {
            request = decodeMessage(JoinRequest, bytes)
          } catch (error) {
            channel.destroy(isMeVaultError(error) ? error.message : 'bad pairing message')
            return
          }
          void answer(request, peer.devicePublicKey)
            .catch((error: unknown) => refused(isMeVaultError(error) ? error.message : 'pairing failed on the inviting device'))
            .then(async (reply) => {
              channel.send(encodeMessage(reply))
              channel.close() // the answer is all this connection was for
              if (reply.type === 'mevault.pair.refused/1') {
                logger.warn(`pair: refused a joining device: ${reply.reason}`)
                if (state === 'voided') settle(undefined)
                return
              }
              logger.info(`pair: device ${request.device.id} joined this vault`)
              settle((await listDevices(vault)).find((device) => device.id === request.device.id))
            })
        })
      })
      .catch(() => {})
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = address && typeof address === 'object' ? address.port : 0
  const host = options.advertise ?? advertisedHost(options.host ?? '127.0.0.1')
  const timer = setTimeout(() => settle(undefined), Math.max(0, expiresAt.getTime() - vault.now().getTime()))
  const code = encodeInviteCode({ host, port, inviterPublicKey: vault.device.keys.publicKey, secret, expiresAt })
  return {
    code,
    host,
    port,
    expiresAt,
    joined,
    close: async () => {
      clearTimeout(timer)
      settle(undefined)
      unproven.destroyAll()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

const refused = (reason: string): JoinAnswer => ({ type: 'mevault.pair.refused/1', reason })

/** Listening on every interface: put this machine's first LAN address in the code. */
function advertisedHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address
  }
  return '127.0.0.1'
}
