import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { KdfParams } from '../core/crypto/kdf.js'

/**
 * Argon2id for a vault this process is about to open, started on a worker thread before the vault
 * engine has loaded: the two overlap (most of a `mevault get` that opens the vault itself), and the
 * KDF's 64 MiB go back to the system when the worker ends instead of staying in this process's
 * libsodium (a `list --json` of 100k fields peaks lower by that much). Any failure (no vault, a
 * damaged header, the sources run through tsx) just leaves the unlock to derive the key itself.
 */
export function deriveAhead(vaultDir: string, passphrase: string): { ready: Promise<void>; stop(): void } {
  const entry = workerEntry()
  if (!entry) return { ready: Promise.resolve(), stop: () => {} }
  const worker = new Worker(entry, { workerData: { vaultFile: join(vaultDir, 'vault.db'), passphrase }, stderr: true, stdout: true })
  worker.unref()
  const ready = new Promise<void>((resolve) => {
    worker.once('message', (result: { params: KdfParams; key: Uint8Array }) => {
      void handOver(passphrase, result.params, result.key).then(resolve, () => resolve())
    })
    worker.once('error', () => resolve())
    worker.once('exit', () => resolve())
  })
  return { ready, stop: () => void worker.terminate() }
}

async function handOver(passphrase: string, params: KdfParams, key: Uint8Array): Promise<void> {
  const { useDerivedAhead } = await import('../core/crypto/kdf.js')
  useDerivedAhead(passphrase, params, key)
}

/** dist/cli/kdf-worker.js beside the compiled CLI (this code sits in dist/cli or dist/cli/chunks); none from the sources. */
function workerEntry(): URL | undefined {
  if (import.meta.url.endsWith('.ts')) return undefined
  for (const candidate of ['./kdf-worker.js', '../kdf-worker.js']) {
    const url = new URL(candidate, import.meta.url)
    if (existsSync(url)) return url
  }
  return undefined
}
