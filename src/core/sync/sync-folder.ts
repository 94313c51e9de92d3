import { type DocHandle, type DocumentId } from '@automerge/automerge-repo'
import * as A from '@automerge/automerge'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { sodium } from '../crypto/sodium.js'
import { DEVICES_DOCUMENT, devicesDocument, type DevicesDoc, ensureThisDevice, keepKeyCurrent } from '../devices/device-list.js'
import { type KeyChange, KEY_RING_DOCUMENT } from '../devices/key-ring.js'
import type { Vault } from '../vault/vault.js'
import { writePrivateFile } from '../vault/write-private-file.js'
import { type FolderKeys, folderKeysOf, forgetKeys, isSkip, openFile, sealFile, type OpenedFile, type Skip, type SkipReason, tagOf } from './folder-file.js'
import { keepLatest, noteWriters } from './folder-last-seen.js'
import { originalNameOf, printable, SUFFIX, writtenBy } from './folder-names.js'
import { stderrLogger, type SyncLogger } from './peer-trust.js'
import type { FolderSyncResult } from '../../shared/api.js'
import { compareSnapshots, keyOutcome, namedDocumentsToSync, refuseNewerSchemas, snapshot } from './vault-sync.js'

/*
 * The sync folder: something else (Syncthing, a cloud drive, a USB stick) keeps a folder in step
 * between machines; each device writes one file per vault document, `<device id>.<tag>.mvsync`,
 * holding the whole document (format in folder-file.ts). The folder key is derived from the vault
 * key, so the folder holds ciphertext only, and the tag is a keyed hash of the document id, so file
 * names say nothing either. The signature is the writing device's Ed25519 key: files of unknown or
 * revoked devices are skipped.
 *
 * After a revocation the vault key rotates, and files are written under the new folder key, which
 * the revoked device never gets. The key ring itself (which holds nothing but keys sealed to each
 * device) is written under the naming key's folder key, so a device still on an older key can read
 * it, adopt the new key, and then open the rest.
 *
 * Syncthing conflict copies (folder-names.ts) are read as the file they copy and removed once what
 * they brought is saved here and written into this device's own files.
 */

/** What one exchange did: the API's result (shared/api.ts) before it is put in words. */
export type FolderSyncSummary = Omit<FolderSyncResult, 'description' | 'skippedDescription' | 'lines'>

/** What reading the folder found, beyond the merged documents. */
interface ReadTally {
  skippedReasons: Partial<Record<SkipReason, number>>
  fromRevokedDevices: number
  conflictCopiesMerged: number
  /** Conflict copies to remove once this device has written its own files. */
  copiesToRemove: string[]
  /** Device id → the latest time one of its merged files says it was written. */
  writtenAt: Map<string, string>
}

/** Merges every other paired device's files, then writes this device's, then removes the conflict copies merged. */
export async function syncFolder(vault: Vault, dir: string, logger: SyncLogger = stderrLogger): Promise<FolderSyncSummary> {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  await ensureThisDevice(vault)
  const before = await snapshot(vault)
  // Everything stored here must be loaded before merging: a copy imported over an unloaded document would hide it.
  await vault.syncPort().load(await namedDocumentsToSync(vault))
  const tally: ReadTally = { skippedReasons: {}, fromRevokedDevices: 0, conflictCopiesMerged: 0, copiesToRemove: [], writtenAt: new Map() }
  const { merged: read, keyChanges } = await readFolder(vault, dir, tally, logger)
  // Read first: a rotated key found there is the one to write with.
  const keys = folderKeysOf(vault)
  try {
    const written = await writeFolder(vault, dir, keys)
    // Only now: what a copy brought is saved here and in this device's files, which every other device reads.
    const removed = removeCopies(dir, tally.copiesToRemove, logger)
    await refuseNewerSchemas(vault, await namedDocumentsToSync(vault))
    return {
      ...compareSnapshots(before, await snapshot(vault), read),
      ...keyOutcome(...keyChanges),
      written,
      read,
      conflictCopies: { merged: tally.conflictCopiesMerged, removed },
      skipped: Object.values(tally.skippedReasons).reduce((sum, n) => sum + n, 0),
      skippedReasons: tally.skippedReasons,
      fromRevokedDevices: tally.fromRevokedDevices
    }
  } finally {
    forgetKeys(keys)
  }
}

async function writeFolder(vault: Vault, dir: string, keys: FolderKeys): Promise<number> {
  const port = vault.syncPort()
  const named = await namedDocumentsToSync(vault)
  await port.load(named) // every document in memory, the records and ledger shards the merge just named included
  removeOwnTemporaryFiles(vault, dir)
  const keyRingId = (await port.documentIds([KEY_RING_DOCUMENT])).at(-1)
  const writtenAt = vault.now().toISOString()
  let written = 0
  for (const id of await port.documentIds(named)) {
    const handle = port.handle(id)
    if (!handle || handle.heads().length === 0) continue
    const name = `${vault.device.id}.${tagOf(keys.naming, id)}${SUFFIX}`
    const body = A.save(handle.doc() as A.Doc<unknown>)
    writePrivateFile(join(dir, name), sealFile(vault, id === keyRingId ? keys.naming : keys.current, name, id, body, writtenAt), { durable: false })
    written += 1
  }
  return written
}

/**
 * Merges the other devices' files: first the device list and the key ring (a device paired
 * elsewhere becomes known, a rotated key is adopted), then everything else, under the key now in use.
 * This device's own files are not read back, but conflict copies of them are: the other version may
 * hold changes made elsewhere.
 */
async function readFolder(vault: Vault, dir: string, tally: ReadTally, logger: SyncLogger): Promise<{ merged: number; keyChanges: KeyChange[] }> {
  const files = readdirSync(dir).filter(
    (name) => name.endsWith(SUFFIX) && (originalNameOf(name) !== undefined || !writtenBy(vault.device.id, name))
  )
  const first = new Set((await vault.syncPort().documentIds([DEVICES_DOCUMENT, KEY_RING_DOCUMENT])).slice(-2))
  const isFirst = (file: OpenedFile | Skip): file is OpenedFile => !isSkip(file) && first.has(file.header.documentId)
  let keys = folderKeysOf(vault)
  try {
    const tried = files.map((name) => ({ name, file: openFile(dir, name, keys) }))
    let merged = await mergeFiles(vault, tried.flatMap(({ file }) => (isFirst(file) ? [file] : [])), tally, logger)
    const adopted = await keepKeyCurrent(vault)
    forgetKeys(keys)
    keys = folderKeysOf(vault)
    const devices = (await devicesDocument(vault)).doc()
    const rest: OpenedFile[] = []
    for (const { name, file } of tried) {
      if (isFirst(file)) continue
      const opened = isSkip(file) ? openFile(dir, name, keys) : file // sealed under the key just adopted
      if (isSkip(opened)) refuse(name, opened, devices, tally, logger)
      else rest.push(opened)
    }
    merged += await mergeFiles(vault, rest, tally, logger)
    await noteWriters(vault, tally.writtenAt)
    const afterRevocations = await keepKeyCurrent(vault) // a revocation that arrived in the device list
    return { merged, keyChanges: [adopted, afterRevocations] }
  } finally {
    forgetKeys(keys)
  }
}

/** A file that did not open: one named for a revoked device was refused as asked, any other is skipped. */
function refuse(name: string, skip: Skip, devices: DevicesDoc, tally: ReadTally, logger: SyncLogger): void {
  const namedFor = (originalNameOf(name) ?? name).split('.')[0]!
  if (devices[namedFor]?.revokedAt) refuseRevoked(name, namedFor, tally, logger)
  else countSkip(name, skip, tally, logger)
}

function countSkip(name: string, skip: Skip, tally: ReadTally, logger: SyncLogger): void {
  tally.skippedReasons[skip.reason] = (tally.skippedReasons[skip.reason] ?? 0) + 1
  logger.warn(`sync folder: skipped ${printable(name)}: ${skip.why}`)
}

function refuseRevoked(name: string, deviceId: string, tally: ReadTally, logger: SyncLogger): void {
  tally.fromRevokedDevices += 1
  logger.warn(`sync folder: refused ${printable(name)}: written by a revoked device (${printable(deviceId)})`)
}

/** Merges the files of paired devices; what they brought is then made durable in one transaction. */
async function mergeFiles(vault: Vault, files: OpenedFile[], tally: ReadTally, logger: SyncLogger): Promise<number> {
  const merged = new Map<DocumentId, DocHandle<unknown>>()
  let count = 0
  for (const file of files) {
    const devices = (await devicesDocument(vault)).doc() // a device list merged just before may name the writer
    const writerId = file.header.deviceId
    const writer = devices[writerId]
    const skip = (reason: SkipReason, why: string): void => countSkip(file.name, { reason, why }, tally, logger)
    if (!writer) {
      skip('unknownDevice', `written by an unknown device (${printable(writerId)})`)
      continue
    }
    if (writer.revokedAt) {
      refuseRevoked(file.name, writerId, tally, logger)
      continue
    }
    if (!sodium().crypto_sign_verify_detached(file.signature, file.signed, sodium().from_hex(writer.publicKey))) {
      skip('badSignature', `its signature does not match device ${printable(writerId)}`)
      continue
    }
    const { handle, changed } = vault.syncPort().merge(file.header.documentId, file.body)
    merged.set(file.header.documentId, handle)
    count += 1
    keepLatest(tally.writtenAt, writerId, file.header.writtenAt)
    if (file.conflictCopy) noteCopy(vault, file, changed, tally, logger)
  }
  await vault.syncPort().save([...merged.values()]) // heads kept for the damage check
  return count
}

/**
 * A merged conflict copy is removed at the end of the run, with one exception: a copy of this
 * device's own file that brought nothing new is most likely this machine's own earlier write, and
 * the other machine writing under this device's id (a copied vault folder) may not have read it
 * yet; a device with another id removes it once merged.
 */
function noteCopy(vault: Vault, file: OpenedFile, changed: boolean, tally: ReadTally, logger: SyncLogger): void {
  tally.conflictCopiesMerged += 1
  const ownFile = file.header.deviceId === vault.device.id
  if (ownFile && changed) {
    // Only another writer of this device's files can have put changes this device lacks in one.
    logger.warn(
      `sync folder: conflict copy ${printable(file.name)} of this device's own file held changes made elsewhere (merged): ` +
        'another machine writes as this device, as a copied vault folder does; it does not read files written under its own id, so pair it instead'
    )
  }
  if (changed || !ownFile) tally.copiesToRemove.push(file.name)
  else logger.info(`sync folder: kept conflict copy ${printable(file.name)}: a copy of this device's own file that brings nothing new here`)
}

function removeCopies(dir: string, names: string[], logger: SyncLogger): number {
  let removed = 0
  for (const name of names) {
    try {
      rmSync(join(dir, name), { force: true })
      removed += 1
      logger.info(`sync folder: merged conflict copy ${printable(name)} and removed it`)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error'
      logger.warn(`sync folder: merged conflict copy ${printable(name)} but could not remove it (${code}); it is read again next time`)
    }
  }
  return removed
}

const REASON_WORDS: Record<SkipReason, string> = {
  unreadable: 'could not be read',
  failedAuthentication: 'failed authentication',
  notASyncFile: 'not a sync file',
  unknownDevice: 'from an unknown device',
  badSignature: 'bad signature'
}

/** "skipped 3 files (2 failed authentication, 1 from an unknown device)", or '' when none was. */
export function describeSkipped(summary: Pick<FolderSyncSummary, 'skipped' | 'skippedReasons'>): string {
  if (summary.skipped === 0) return ''
  const reasons = (Object.entries(summary.skippedReasons) as Array<[SkipReason, number]>).map(([reason, n]) => `${n} ${REASON_WORDS[reason]}`)
  return `skipped ${summary.skipped} ${summary.skipped === 1 ? 'file' : 'files'} (${reasons.join(', ')})`
}

/** Temporary files of this device's that a crash left behind (their writes never finished). */
function removeOwnTemporaryFiles(vault: Vault, dir: string): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`.${vault.device.id}.`) && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true })
  }
}
