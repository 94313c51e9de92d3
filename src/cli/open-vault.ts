import type { Vault } from '../core/vault/vault.js'
import { notFound } from '../shared/errors.js'
import { keyFilePath, vaultDir } from './locations.js'
import { note } from './output.js'
import { askPassphrase } from './passphrase.js'

export interface GlobalOptions {
  vault?: string
}

/**
 * Unlocks the vault (passphrase + this device's key file), runs `work`, and always locks it again.
 * Only for the two commands that become the vault's holder and serve the network from this process
 * with the Vault itself, so no other holder runs (the rest go through connectToVault, the typed API):
 * `sync serve`, and `pair invite` with no holder, which reopens the code's port for the new machine's
 * first sync and waits until that sync has ended, something the API's methods cannot see.
 */
export async function withVault<T>(options: GlobalOptions, work: (vault: Vault) => Promise<T>): Promise<T> {
  const dir = vaultDir(options.vault)
  // Loaded here rather than at the top, so commands that never open a vault (and --help) start without
  // SQLite, libsodium and Automerge.
  const [{ secureVaultFolder, vaultExists }, { readKeyFile }, vaultModule] = await Promise.all([
    import('../core/vault/vault-file.js'),
    import('../core/vault/key-file.js'),
    import('../core/vault/vault.js')
  ])
  if (!vaultExists(dir)) throw notFound(`No vault in ${dir} (create one with \`mevault init\`)`)
  // Opening tightens it anyway (a folder left open by an earlier MeVault): here it is also said.
  const tightened = secureVaultFolder(dir)
  if (tightened) note(tightened)
  const passphrase = await askPassphrase()
  const vault = await vaultModule.Vault.unlock({
    dir,
    passphrase,
    secretKey: (vaultId) => readKeyFile(keyFilePath(vaultId), vaultId),
    lockWaitMs: Number(process.env.MEVAULT_LOCK_WAIT_MS ?? 10_000)
  })
  try {
    return await work(vault)
  } finally {
    await vault.close()
  }
}
