import type { DocumentId } from '@automerge/automerge-repo'
import { connect } from 'node:net'
import { MeVaultError } from '../../shared/errors.js'
import { peerIdOf } from '../devices/device-list.js'
import type { Vault } from '../vault/vault.js'
import { checkFirstCopy } from './first-copy-check.js'
import { type CopiedDocument, type CopyEnd, decodeCopyFrame } from './first-copy-frames.js'
import type { PeerTrust, SyncLogger } from './peer-trust.js'
import { SecureChannel } from './secure-channel.js'

export interface FirstCopyOptions {
  host: string
  port: number
  trust: PeerTrust
  logger: SyncLogger
  handshakeTimeoutMs?: number
  /** How long the whole copy may take once connected (default 30 s). */
  timeoutMs?: number
}

/** What a first copy brought; `offered` is false when the other device does not serve first copies. */
export interface FirstCopy {
  offered: boolean
  /** Documents stored here whose heads are the sender's heads now: nothing left to sync for them. */
  settled: Set<DocumentId>
  /** Documents stored here. */
  stored: number
}

/** The handshake of the first copy's channel failed: how, as the channel typed it (nothing was sent). */
export class FirstCopyHandshakeFailed extends Error {
  constructor(readonly failure: MeVaultError) {
    super(failure.message)
  }
}

/** A vault that has never held an index (so no record either) is new: its first sync can be a copy. */
export const wantsFirstCopy = (vault: Vault): boolean => {
  const parts = vault.syncPort().firstCopy
  return !parts.holds(parts.indexId)
}

/**
 * Receives a first copy from a paired device's `sync serve`, on a secure channel of its own: every
 * record and the index in one batch, checked whole (checkFirstCopy), then stored in one transaction
 * without loading any of them into the Repo. Rejects, storing nothing, with FirstCopyHandshakeFailed
 * when connecting failed, CONNECTION_LOST or TIMED_OUT when the copy did not arrive whole,
 * INTEGRITY when it arrived damaged.
 */
export async function receiveFirstCopy(vault: Vault, options: FirstCopyOptions): Promise<FirstCopy> {
  const channel = new SecureChannel(connect({ host: options.host, port: options.port }), {
    role: 'client',
    deviceKeys: vault.device.keys,
    announcement: { peerId: peerIdOf(vault.device.id), peerMetadata: { firstCopy: true } },
    trust: options.trust,
    logger: options.logger,
    handshakeTimeoutMs: options.handshakeTimeoutMs
  })
  try {
    await channel.ready.catch((failure: MeVaultError) => {
      throw new FirstCopyHandshakeFailed(failure)
    })
    const received = await collect(channel, options.timeoutMs ?? 30_000)
    if (!received) return { offered: false, settled: new Set(), stored: 0 }
    const { documents, end } = received
    const parts = vault.syncPort().firstCopy
    const checked = checkFirstCopy(parts, documents, end)
    const stored = await parts.store(checked)
    const heads = new Map(checked.map((doc) => [doc.id, doc.heads.join(',')]))
    const settled = new Set(stored.filter((id) => end.heads.get(id)?.join(',') === heads.get(id)))
    return { offered: true, settled, stored: stored.length }
  } finally {
    channel.close()
  }
}

/**
 * Every frame up to END; undefined when the other device answered as a sync session instead (an
 * older MeVault); rejects when the channel closes first, a frame is bad, or time runs out.
 */
function collect(channel: SecureChannel, timeoutMs: number): Promise<{ documents: CopiedDocument[]; end: CopyEnd } | undefined> {
  return new Promise((resolve, reject) => {
    const documents: CopiedDocument[] = []
    const lost = (): MeVaultError => new MeVaultError('CONNECTION_LOST', 'the connection was lost before the first copy arrived whole')
    // It can close in the same read that opened it, before this runs: its close listeners have been called then.
    if (!channel.isOpen) return reject(lost())
    const timer = setTimeout(() => reject(new MeVaultError('TIMED_OUT', 'the first copy did not arrive in time')), timeoutMs)
    const settle = (): void => clearTimeout(timer)
    channel.onClose(() => {
      settle()
      reject(lost())
    })
    channel.deliverTo((bytes) => {
      try {
        const frame = decodeCopyFrame(bytes)
        if (frame.kind === 'part') documents.push(...frame.documents)
        else {
          settle()
          resolve(frame.kind === 'end' ? { documents, end: frame.end } : undefined)
        }
      } catch (error) {
        settle()
        reject(error as Error)
      }
    })
  })
}
