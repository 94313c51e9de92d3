/**
 * Child process for the crash test: opens the vault and writes fields forever, printing
 * "ok N" only after `set` has returned (the change is durable). The test kills it with SIGKILL.
 */
import { Vault } from '../../src/core/vault/vault.js'

const [dir, passphrase, secretKeyHex, start] = process.argv.slice(2)
const vault = await Vault.unlock({ dir: dir!, passphrase: passphrase!, secretKey: Buffer.from(secretKeyHex!, 'hex') })
process.stdout.write('ready\n')
for (let i = Number(start); ; i++) {
  await vault.set(`crash${i % 4}.n${i}`, `value ${i}`)
  process.stdout.write(`ok ${i}\n`)
}
