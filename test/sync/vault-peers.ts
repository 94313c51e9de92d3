import { join as joinPath } from 'node:path'
import { acceptInvitation } from '../../src/core/pairing/accept-invitation.js'
import { openInvitation } from '../../src/core/pairing/invitation.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { serveSync, syncNow, type SyncServer } from '../../src/core/sync/sync-session.js'
import type { SyncSummary } from '../../src/core/sync/vault-sync.js'
import { parseSecretKey } from '../../src/core/crypto/secret-key.js'
import { Vault } from '../../src/core/vault/vault.js'
import { tempDir } from '../helpers/temp-dir.js'

export const PASSPHRASE = 'correct horse battery staple'
export const KDF = { opslimit: 1, memlimit: 64 * 1024 * 1024 }

/** Real vaults in temp folders, paired through real invitations on 127.0.0.1; closed after the test. */
export function vaultPeers() {
  const open: Vault[] = []
  const servers: SyncServer[] = []
  const unlockWith = new Map<Vault, { dir: string; secretKey: Uint8Array }>()
  const root = tempDir('mevault-sync')

  async function first(name: string, options: { clock?: () => Date } = {}): Promise<Vault> {
    const dir = joinPath(root, name)
    const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: name, kdf: KDF, clock: options.clock })
    open.push(vault)
    unlockWith.set(vault, { dir, secretKey: parseSecretKey(recoveryKit.secretKey) })
    return vault
  }

  /** A new machine joins `inviter`'s vault with a real invitation code. */
  async function join(inviter: Vault, name: string, options: { clock?: () => Date } = {}): Promise<Vault> {
    const invitation = await openInvitation(inviter, { logger: recordingLogger() })
    try {
      const dir = joinPath(root, name)
      const { vault, recoveryKit } = await acceptInvitation(invitation.code, {
        dir,
        passphrase: PASSPHRASE,
        deviceName: name,
        kdf: KDF,
        clock: options.clock,
        logger: recordingLogger()
      })
      open.push(vault)
      unlockWith.set(vault, { dir, secretKey: parseSecretKey(recoveryKit.secretKey) })
      await invitation.joined
      return vault
    } finally {
      await invitation.close()
    }
  }

  /** Closes a vault made outside first() and join() (a join the test drives itself) with the others. */
  function adopt(vault: Vault): Vault {
    open.push(vault)
    return vault
  }

  /** `from` runs `sync now` against `to`, which serves for the length of the call. */
  async function sync(from: Vault, to: Vault): Promise<SyncSummary> {
    const server = await serveSync(to, { logger: recordingLogger() })
    servers.push(server)
    try {
      return await syncNow(from, { host: server.host, port: server.port, logger: recordingLogger() })
    } finally {
      await server.close()
    }
  }

  /** Locks the vault and unlocks it again from its file, as a restarted app would. */
  async function reopen(vault: Vault): Promise<Vault> {
    const { dir, secretKey } = unlockWith.get(vault)!
    await vault.close()
    const again = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    open.push(again)
    unlockWith.set(again, { dir, secretKey })
    return again
  }

  async function closeAll(): Promise<void> {
    for (const server of servers.splice(0)) await server.close()
    for (const vault of open.splice(0)) await vault.close().catch(() => {})
  }

  return { root, first, join, adopt, sync, reopen, closeAll }
}
