/**
 * Child process for the crash test: opens the vault and writes fields forever, printing
 * "ok N" only after `set` has returned (the change is durable). The test kills it with SIGKILL.
 * With "rotate", it also moves the vault to a new key after every write (as a revocation does).
 */
import { sodium } from '../../src/core/crypto/sodium.js'
import { Vault } from '../../src/core/vault/vault.js'

const [dir, passphrase, secretKeyHex, start, mode] = process.argv.slice(2)
const vault = await Vault.unlock({ dir: dir!, passphrase: passphrase!, secretKey: Buffer.from(secretKeyHex!, 'hex') })
process.stdout.write('ready\n')
for (let i = Number(start); ; i++) {
  await vault.set(`crash${i % 4}.n${i}`, `value ${i}`)
  process.stdout.write(`ok ${i}\n`)
  if (mode === 'rotate') await vault.adoptKey(sodium().crypto_aead_xchacha20poly1305_ietf_keygen(), `${i + 1}:00000000000000aa`)
}
