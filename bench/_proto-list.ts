import { performance } from 'node:perf_hooks'
import { parseSecretKey } from '../src/core/crypto/secret-key.js'
import { syncNow } from '../src/core/sync/sync-session.js'
import { Vault } from '../src/core/vault/vault.js'
const [dir, key, port] = process.argv.slice(2) as [string, string, string]
const v = await Vault.unlock({ dir, passphrase: 'correct horse battery staple', secretKey: parseSecretKey(key) })
const s0 = performance.now()
const sum = await syncNow(v, { host: '127.0.0.1', port: Number(port), logger: { info: () => {}, warn: () => {} } })
console.log('  child sync', (performance.now() - s0).toFixed(0), 'ms', JSON.stringify(sum))
await v.close()
