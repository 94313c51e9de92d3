/**
 * Child process for the crash tests: opens the vault and writes fields, printing "ok N" only
 * after `set` has returned (the change is durable). The test kills it with SIGKILL.
 * With "rotate", it also moves the vault to a new key after every write (as a revocation does).
 * With a count, it stops writing after that many edits, prints "held" and waits to be killed,
 * the vault still open (as a crash leaves it).
 */
import { sodium } from '../../src/core/crypto/sodium.js'
import { Vault } from '../../src/core/vault/vault.js'

const [dir, passphrase, secretKeyHex, start, mode, count] = process.argv.slice(2)
const vault = await Vault.unlock({ dir: dir!, passphrase: passphrase!, secretKey: Buffer.from(secretKeyHex!, 'hex') })
process.stdout.write('ready\n')
const end = count === undefined ? Infinity : Number(start) + Number(count)
for (let i = Number(start); i < end; i++) {
  await vault.set(`crash${i % 4}.n${i}`, `value ${i}`)
  process.stdout.write(`ok ${i}\n`)
  if (mode === 'rotate') await vault.adoptKey(sodium().crypto_aead_xchacha20poly1305_ietf_keygen(), `${i + 1}:00000000000000aa`)
}
process.stdout.write('held\n')
setInterval(() => undefined, 60_000) // open until killed
