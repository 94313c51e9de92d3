import { notFound } from '../shared/errors.js'
import { readKeyFile } from '../core/vault/key-file.js'
import { Vault } from '../core/vault/vault.js'
import { secureVaultFolder, vaultExists } from '../core/vault/vault-file.js'
import { keyFilePath, vaultDir } from './locations.js'
import { note } from './output.js'
import { askPassphrase } from './passphrase.js'

export interface GlobalOptions {
  vault?: string
}

/** Unlocks the vault (passphrase + this device's key file), runs `work`, and always locks it again. */
export async function withVault<T>(options: GlobalOptions, work: (vault: Vault) => Promise<T>): Promise<T> {
  const dir = vaultDir(options.vault)
  if (!vaultExists(dir)) throw notFound(`No vault in ${dir} (create one with \`mevault init\`)`)
  // Opening tightens it anyway (a folder left open by an earlier MeVault): here it is also said.
  const tightened = secureVaultFolder(dir)
  if (tightened) note(tightened)
  const passphrase = await askPassphrase()
  const vault = await Vault.unlock({
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
