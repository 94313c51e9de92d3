// Worker thread (started by kdf-ahead.ts): reads the vault header's KDF parameters and runs
// Argon2id once, then ends, and its 64 MiB of WebAssembly memory with it. Kept to SQLite and
// libsodium: it races the main thread's loading of everything else, and a lighter start wins it.
import Database from 'better-sqlite3'
import sodium from 'libsodium-wrappers-sumo'
import { parentPort, workerData } from 'node:worker_threads'
import { argon2id } from '../core/crypto/argon2id.js'

const { vaultFile, passphrase } = workerData as { vaultFile: string; passphrase: string }

const db = new Database(vaultFile, { readonly: true, fileMustExist: true })
let header: Buffer | undefined
try {
  header = (db.prepare('SELECT value FROM meta WHERE key = ?').get('header') as { value: Buffer } | undefined)?.value
} finally {
  db.close()
}
// Checked no further here: the main thread validates the header, and uses this key only for the very parameters it finds there.
const { kdf } = JSON.parse(header!.toString('utf8')) as { kdf: { alg: string; salt: string; opslimit: number; memlimit: number } }
await sodium.ready
const key = argon2id(sodium, passphrase, kdf)
parentPort!.postMessage({ params: kdf, key }, [key.buffer as ArrayBuffer])
