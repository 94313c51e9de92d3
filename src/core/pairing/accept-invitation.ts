import * as A from '@automerge/automerge'
import { connect } from 'node:net'
import { MeVaultError } from '../../shared/errors.js'
import type { RecoveryKit } from '../../shared/types.js'
import { devicesDocument, peerIdOf, type DevicesDoc } from '../devices/device-list.js'
import { newSigningKeyPair, signingKeyPairFromSecret } from '../crypto/identity.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { stderrLogger, type SyncLogger } from '../sync/peer-trust.js'
import { SecureChannel } from '../sync/secure-channel.js'
import type { KdfCost } from '../vault/vault-file.js'
import { vaultExists } from '../vault/vault-file.js'
import { FIRST_KEY_ID } from '../vault/vault-keys.js'
import { Vault } from '../vault/vault.js'
import { decodeInviteCode } from './invite-code.js'
import { decodeMessage, encodeMessage, JoinAnswer, joinProof } from './pairing-messages.js'

export interface AcceptOptions {
  dir: string
  passphrase: string
  deviceName: string
  kdf?: KdfCost
  clock?: () => Date
  logger?: SyncLogger
  timeoutMs?: number
  /** SQLite's compiled library for this runtime, as for Vault.create. */
  nativeBinding?: string
}

export interface Joined {
  vault: Vault
  recoveryKit: RecoveryKit
  inviter: { id: string; name: string }
  /** Where to run the first sync: the inviting device. */
  syncAt: { host: string; port: number }
}

/**
 * Joins this machine to the vault that made `code`: connects to the inviting device (pinning the key
 * in the code), proves the one-time secret, receives the vault key, identity and device list, and
 * creates this machine's own vault file, unlocked by its own passphrase and new secret key.
 */
export async function acceptInvitation(code: string, options: AcceptOptions): Promise<Joined> {
  await loadSodium()
  const invite = decodeInviteCode(code)
  const now = options.clock?.() ?? new Date()
  if (now.getTime() >= invite.expiresAt.getTime()) {
    throw new MeVaultError('WRONG_CREDENTIALS', 'This invitation has expired: make a new one with `mevault pair invite`')
  }
  if (vaultExists(options.dir)) throw new MeVaultError('EXISTS', `A vault already exists in ${options.dir}; join from an empty folder`)
  const s = sodium()
  const device = { id: s.to_hex(s.randombytes_buf(8)), name: options.deviceName, keys: newSigningKeyPair() }
  const answer = await askToJoin(invite, device, options)
  if (answer.type === 'mevault.pair.refused/1') throw new MeVaultError('WRONG_CREDENTIALS', `The inviting device refused: ${answer.reason}`)

  const vaultKey = s.from_base64(answer.vaultKey)
  const joining = {
    vaultKey,
    namingKey: answer.namingKey ? s.from_base64(answer.namingKey) : vaultKey.slice(),
    keyId: answer.keyId ?? FIRST_KEY_ID,
    identity: signingKeyPairFromSecret(s.from_base64(answer.identitySecretKey)),
    device
  }
  const { vault, recoveryKit } = await Vault.create({
    dir: options.dir,
    passphrase: options.passphrase,
    kdf: options.kdf,
    clock: options.clock,
    joining,
    nativeBinding: options.nativeBinding
  })
  try {
    // The inviter's device list, merged in whole: both sides then pin each other, with one history.
    const devices = await devicesDocument(vault)
    const received = A.load<DevicesDoc>(s.from_base64(answer.devices))
    devices.update((doc) => A.merge(doc, received))
    await vault.changeDocument(devices, () => {})
  } catch (error) {
    await vault.close()
    throw error
  }
  return { vault, recoveryKit, inviter: answer.inviter, syncAt: { host: invite.host, port: answer.syncPort ?? invite.port } }
}

async function askToJoin(
  invite: ReturnType<typeof decodeInviteCode>,
  device: { id: string; name: string; keys: ReturnType<typeof newSigningKeyPair> },
  options: AcceptOptions
): Promise<JoinAnswer> {
  const logger = options.logger ?? stderrLogger
  const where = `${invite.host}:${invite.port}`
  const socket = connect({ host: invite.host, port: invite.port })
  const inviterHex = sodium().to_hex(invite.inviterPublicKey)
  let otherKey = false
  const channel = new SecureChannel(socket, {
    role: 'client',
    deviceKeys: device.keys,
    announcement: { peerId: peerIdOf(device.id), peerMetadata: {} },
    trust: (key) => {
      if (sodium().to_hex(key) === inviterHex) return { deviceId: 'inviting-device' }
      otherKey = true
      return undefined
    },
    logger,
    handshakeTimeoutMs: options.timeoutMs
  })
  try {
    await channel.ready.catch((failure: MeVaultError) => {
      const say = (code: MeVaultError['code'], message: string): MeVaultError => new MeVaultError(code, message, { cause: failure })
      if (otherKey) throw say('PEER_UNKNOWN', `The device at ${where} is not the one that made this invitation (its key does not match the code)`)
      if (failure.code === 'UNREACHABLE') throw say('UNREACHABLE', `Nothing answered at ${where}: the invitation was used, has expired, or the inviting device stopped waiting`)
      if (failure.code === 'TIMED_OUT') throw say('TIMED_OUT', `The inviting device at ${where} did not finish the handshake in time: try again`)
      throw say('CONNECTION_LOST', `The inviting device at ${where} closed the connection before the handshake ended (too many connections waiting there, or the invitation ended): try again`)
    })
    const reply = new Promise<JoinAnswer>((resolve, reject) => {
      channel.deliverTo((bytes) => {
        try {
          resolve(decodeMessage(JoinAnswer, bytes))
        } catch (error) {
          reject(error as Error)
        }
      })
      channel.onClose(() => reject(new MeVaultError('CONNECTION_LOST', `The inviting device at ${where} closed the connection before answering`)))
      setTimeout(() => reject(new MeVaultError('TIMED_OUT', `No answer from the inviting device at ${where}`)), options.timeoutMs ?? 15_000).unref()
    })
    channel.send(encodeMessage({ type: 'mevault.pair.join/1', proof: joinProof(invite.secret, device.keys.publicKey), device: { id: device.id, name: device.name } }))
    return await reply
  } finally {
    channel.close()
  }
}
