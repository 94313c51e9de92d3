/**
 * Sync figures on real vaults (real SQLite files, real sockets on 127.0.0.1):
 *   npx tsx test/sync/measure-sync.ts [fields] [fieldsPerRecord]
 * Prints the time of the first sync of a new device, and of one edit reaching the other device.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { acceptInvitation } from '../../src/core/pairing/accept-invitation.js'
import { openInvitation } from '../../src/core/pairing/invitation.js'
import { syncFolder } from '../../src/core/sync/sync-folder.js'
import { serveSync, syncNow } from '../../src/core/sync/sync-session.js'
import { Vault } from '../../src/core/vault/vault.js'

const quiet = { info: () => {}, warn: () => {} }
const KDF = { opslimit: 1, memlimit: 64 * 1024 * 1024 }
const fields = Number(process.argv[2] ?? 1000)
const perRecord = Number(process.argv[3] ?? 10)
const root = mkdtempSync(join(tmpdir(), 'mevault-measure-'))

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  const result = await work()
  console.log(`${what}: ${(performance.now() - started).toFixed(0)} ms`)
  return result
}

try {
  const { vault: laptop } = await Vault.create({ dir: join(root, 'laptop'), passphrase: 'measure measure', deviceName: 'laptop', kdf: KDF })
  await timed(`writing ${fields} fields in ${Math.ceil(fields / perRecord)} records`, async () => {
    for (let i = 0; i < fields; i += 1) await laptop.set(`record${Math.floor(i / perRecord)}.field${i % perRecord}`, `value ${i}`)
  })
  const invitation = await openInvitation(laptop, { logger: quiet })
  const { vault: phone } = await timed('pairing (join, incl. Argon2id for the new vault file)', () =>
    acceptInvitation(invitation.code, { dir: join(root, 'phone'), passphrase: 'measure measure', deviceName: 'phone', kdf: KDF, logger: quiet })
  )
  await invitation.close()
  const server = await serveSync(laptop, { logger: quiet })
  const first = await timed(`first sync of ${fields} fields to the new device`, () => syncNow(phone, { host: server.host, port: server.port, logger: quiet }))
  console.log(`  ${first.fieldsAdded} fields, ${first.recordsAdded} records, ${first.documents} documents`)
  await laptop.set('record0.field0', 'changed')
  await timed('one edit reaching the other device (connect, handshake, compare every document, disconnect)', () =>
    syncNow(phone, { host: server.host, port: server.port, logger: quiet })
  )
  await timed('nothing to do (already in step)', () => syncNow(phone, { host: server.host, port: server.port, logger: quiet }))
  await server.close()
  const folder = join(root, 'folder')
  const { vault: tablet } = await (async () => {
    const tabletInvite = await openInvitation(laptop, { logger: quiet })
    const joined = await acceptInvitation(tabletInvite.code, { dir: join(root, 'tablet'), passphrase: 'measure measure', deviceName: 'tablet', kdf: KDF, logger: quiet })
    await tabletInvite.close()
    return joined
  })()
  await timed(`sync folder: writing ${fields} fields`, () => syncFolder(laptop, folder, quiet))
  const viaFolder = await timed(`sync folder: reading them on a new device`, () => syncFolder(tablet, folder, quiet))
  console.log(`  ${viaFolder.fieldsAdded} fields, ${viaFolder.read} files read`)
  await tablet.close()
  await laptop.close()
  await phone.close()
} finally {
  rmSync(root, { recursive: true, force: true })
}
