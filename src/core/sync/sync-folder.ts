import { type DocumentId } from '@automerge/automerge-repo'
import * as A from '@automerge/automerge'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isMeVaultError } from '../../shared/errors.js'
import { open, seal } from '../crypto/aead.js'
import { sodium } from '../crypto/sodium.js'
import { DEVICES_DOCUMENT, devicesDocument, ensureThisDevice } from '../devices/device-list.js'
import type { Vault } from '../vault/vault.js'
import { stderrLogger, type SyncLogger } from './peer-trust.js'
import { compareSnapshots, namedDocumentsToSync, snapshot, type SyncSummary } from './vault-sync.js'

/*
 * The sync folder: something else (Syncthing, a cloud drive, a USB stick) keeps a folder in step
 * between machines; each device writes one file per vault document, `<device id>.<tag>.mvsync`,
 * holding the whole document:
 *   sealed( folder key, AD = file name,  signature(64) | header length(4) | header JSON | Automerge bytes )
 * The folder key is derived from the vault key, so the folder holds ciphertext only, and the tag is
 * a keyed hash of the document id, so file names say nothing either. The signature is the writing
 * device's Ed25519 key: files of unknown or revoked devices are skipped.
 */

const SUFFIX = '.mvsync'
const HEADER_FORMAT = 'mevault.sync-file/1'

interface FileHeader {
  format: string
  deviceId: string
  documentId: DocumentId
}

function folderKeyOf(vault: Vault): Uint8Array {
  const { vaultKey, identitySecretKey } = vault.secretsForJoiningDevice()
  const key = sodium().crypto_generichash(32, 'mevault-sync-folder/1', vaultKey)
  sodium().memzero(vaultKey)
  sodium().memzero(identitySecretKey)
  return key
}

const tagOf = (key: Uint8Array, id: DocumentId): string => sodium().to_hex(sodium().crypto_generichash(12, `tag:${id}`, key))

/** Writes this device's files, then merges every other paired device's files. */
export async function syncFolder(vault: Vault, dir: string, logger: SyncLogger = stderrLogger): Promise<SyncSummary & { written: number; read: number }> {
  mkdirSync(dir, { recursive: true })
  await ensureThisDevice(vault)
  const before = await snapshot(vault)
  const key = folderKeyOf(vault)
  try {
    // Everything stored here must be loaded before merging: a copy imported over an unloaded document would hide it.
    for (const name of await namedDocumentsToSync(vault)) await vault.document(name)
    await vault.list()
    const read = await readFolder(vault, dir, key, logger)
    const written = await writeFolder(vault, dir, key)
    return { ...compareSnapshots(before, await snapshot(vault), read), written, read }
  } finally {
    sodium().memzero(key)
  }
}

async function writeFolder(vault: Vault, dir: string, key: Uint8Array): Promise<number> {
  const s = sodium()
  const named = await namedDocumentsToSync(vault)
  for (const name of named) await vault.document(name) // ledger shards the merge just named
  await vault.list() // records the merge just named
  let written = 0
  for (const id of vault.syncDocumentIds(named)) {
    const handle = vault.repo.handles[id]
    if (!handle?.isReady() || handle.heads().length === 0) continue
    const header = new TextEncoder().encode(JSON.stringify({ format: HEADER_FORMAT, deviceId: vault.device.id, documentId: id } satisfies FileHeader))
    const body = A.save(handle.doc() as A.Doc<unknown>)
    const signed = new Uint8Array(4 + header.length + body.length)
    new DataView(signed.buffer).setUint32(0, header.length)
    signed.set(header, 4)
    signed.set(body, 4 + header.length)
    const plaintext = new Uint8Array([...s.crypto_sign_detached(signed, vault.device.keys.secretKey), ...signed])
    const name = `${vault.device.id}.${tagOf(key, id)}${SUFFIX}`
    const temporary = join(dir, `.${name}.tmp`)
    writeFileSync(temporary, seal(key, plaintext, name))
    renameSync(temporary, join(dir, name)) // another machine's sync tool never sees half a file
    written += 1
  }
  return written
}

async function readFolder(vault: Vault, dir: string, key: Uint8Array, logger: SyncLogger): Promise<number> {
  const files = readdirSync(dir).filter((name) => name.endsWith(SUFFIX) && !name.startsWith(`${vault.device.id}.`))
  const opened = files.flatMap((name) => {
    const file = openFile(vault, dir, name, key, logger)
    return file ? [file] : []
  })
  // The device list first: a device paired elsewhere becomes known before its own files are checked.
  const devicesId = vault.syncDocumentIds([DEVICES_DOCUMENT]).at(-1)
  opened.sort((a, b) => Number(b.header.documentId === devicesId) - Number(a.header.documentId === devicesId))
  let merged = 0
  for (const file of opened) {
    const devices = (await devicesDocument(vault)).doc()
    const writer = devices[file.header.deviceId]
    if (!writer || writer.revokedAt) {
      logger.warn(`sync folder: skipped ${file.name}: written by ${writer ? 'a revoked' : 'an unknown'} device (${file.header.deviceId})`)
      continue
    }
    if (!sodium().crypto_sign_verify_detached(file.signature, file.signed, sodium().from_hex(writer.publicKey))) {
      logger.warn(`sync folder: skipped ${file.name}: its signature does not match device ${file.header.deviceId}`)
      continue
    }
    await mergeDocument(vault, file.header.documentId, file.body)
    merged += 1
  }
  return merged
}

function openFile(vault: Vault, dir: string, name: string, key: Uint8Array, logger: SyncLogger) {
  try {
    const plaintext = open(key, readFileSync(join(dir, name)), name, `sync file ${name}`)
    const signature = plaintext.subarray(0, 64)
    const signed = plaintext.subarray(64)
    const headerLength = new DataView(signed.buffer, signed.byteOffset, signed.byteLength).getUint32(0)
    const header = JSON.parse(new TextDecoder().decode(signed.subarray(4, 4 + headerLength))) as FileHeader
    if (header.format !== HEADER_FORMAT || !name.startsWith(`${header.deviceId}.`)) throw new Error('header does not match the file')
    return { name, header, signature, signed, body: signed.subarray(4 + headerLength) }
  } catch (error) {
    logger.warn(`sync folder: skipped ${name}: ${isMeVaultError(error) ? error.message : 'not a readable sync file'}`)
    return undefined
  }
}

/** Merges a received copy into the local document, or starts it under its id if never stored here. */
async function mergeDocument(vault: Vault, id: DocumentId, body: Uint8Array): Promise<void> {
  const existing = vault.repo.handles[id]
  const handle = vault.repo.import(body, { docId: id })
  if (!existing?.isReady()) handle.doneLoading()
  await vault.changeDocument(handle, () => {}) // durable, heads kept for the damage check
}
