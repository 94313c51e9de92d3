import { type DocHandle, type DocumentId } from '@automerge/automerge-repo'
import * as A from '@automerge/automerge'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isMeVaultError } from '../../shared/errors.js'
import { open, seal } from '../crypto/aead.js'
import { sodium } from '../crypto/sodium.js'
import { DEVICES_DOCUMENT, devicesDocument, ensureThisDevice, keepKeyCurrent } from '../devices/device-list.js'
import { type KeyChange, KEY_RING_DOCUMENT } from '../devices/key-ring.js'
import type { Vault } from '../vault/vault.js'
import { stderrLogger, type SyncLogger } from './peer-trust.js'
import { compareSnapshots, keyOutcome, namedDocumentsToSync, snapshot, type SyncSummary } from './vault-sync.js'

/*
 * The sync folder: something else (Syncthing, a cloud drive, a USB stick) keeps a folder in step
 * between machines; each device writes one file per vault document, `<device id>.<tag>.mvsync`,
 * holding the whole document:
 *   sealed( folder key, AD = file name,  signature(64) | header length(4) | header JSON | Automerge bytes )
 * The folder key is derived from the vault key, so the folder holds ciphertext only, and the tag is
 * a keyed hash of the document id, so file names say nothing either. The signature is the writing
 * device's Ed25519 key: files of unknown or revoked devices are skipped.
 *
 * After a revocation the vault key rotates, and files are written under the new folder key, which
 * the revoked device never gets. The key ring itself (which holds nothing but keys sealed to each
 * device) is written under the naming key's folder key, so a device still on an older key can read
 * it, adopt the new key, and then open the rest.
 */

const SUFFIX = '.mvsync'
const HEADER_FORMAT = 'mevault.sync-file/1'

interface FileHeader {
  format: string
  deviceId: string
  documentId: DocumentId
}

interface FolderKeys {
  /** From the vault key in use: seals every file but the key ring's. */
  current: Uint8Array
  /** From the naming key, which never rotates: the key ring's file, and every file name's tag. */
  naming: Uint8Array
}

function folderKeysOf(vault: Vault): FolderKeys {
  const { vaultKey, namingKey, identitySecretKey } = vault.secretsForJoiningDevice()
  const derive = (key: Uint8Array): Uint8Array => sodium().crypto_generichash(32, 'mevault-sync-folder/1', key)
  const keys = { current: derive(vaultKey), naming: derive(namingKey) }
  for (const key of [vaultKey, namingKey, identitySecretKey]) sodium().memzero(key)
  return keys
}

const forgetKeys = (keys: FolderKeys): void => {
  sodium().memzero(keys.current)
  sodium().memzero(keys.naming)
}

const tagOf = (key: Uint8Array, id: DocumentId): string => sodium().to_hex(sodium().crypto_generichash(12, `tag:${id}`, key))

/** Writes this device's files, then merges every other paired device's files. */
export async function syncFolder(vault: Vault, dir: string, logger: SyncLogger = stderrLogger): Promise<SyncSummary & { written: number; read: number }> {
  mkdirSync(dir, { recursive: true })
  await ensureThisDevice(vault)
  const before = await snapshot(vault)
  // Everything stored here must be loaded before merging: a copy imported over an unloaded document would hide it.
  for (const name of await namedDocumentsToSync(vault)) await vault.document(name)
  await vault.list()
  const { merged: read, keyChanges } = await readFolder(vault, dir, logger)
  // Read first: a rotated key found there is the one to write with.
  const keys = folderKeysOf(vault)
  try {
    const written = await writeFolder(vault, dir, keys)
    return { ...compareSnapshots(before, await snapshot(vault), read), ...keyOutcome(...keyChanges), written, read }
  } finally {
    forgetKeys(keys)
  }
}

async function writeFolder(vault: Vault, dir: string, keys: FolderKeys): Promise<number> {
  const s = sodium()
  const named = await namedDocumentsToSync(vault)
  for (const name of named) await vault.document(name) // ledger shards the merge just named
  await vault.loadForSync(named) // every document in memory, records the merge just named included
  const keyRingId = (await vault.syncDocumentIds([KEY_RING_DOCUMENT])).at(-1)
  let written = 0
  for (const id of await vault.syncDocumentIds(named)) {
    const handle = vault.repo.handles[id]
    if (!handle?.isReady() || handle.heads().length === 0) continue
    const header = new TextEncoder().encode(JSON.stringify({ format: HEADER_FORMAT, deviceId: vault.device.id, documentId: id } satisfies FileHeader))
    const body = A.save(handle.doc() as A.Doc<unknown>)
    const signed = new Uint8Array(4 + header.length + body.length)
    new DataView(signed.buffer).setUint32(0, header.length)
    signed.set(header, 4)
    signed.set(body, 4 + header.length)
    const plaintext = new Uint8Array([...s.crypto_sign_detached(signed, vault.device.keys.secretKey), ...signed])
    const name = `${vault.device.id}.${tagOf(keys.naming, id)}${SUFFIX}`
    const temporary = join(dir, `.${name}.tmp`)
    writeFileSync(temporary, seal(id === keyRingId ? keys.naming : keys.current, plaintext, name))
    renameSync(temporary, join(dir, name)) // another machine's sync tool never sees half a file
    written += 1
  }
  return written
}

/**
 * Merges the other devices' files: first the device list and the key ring (a device paired
 * elsewhere becomes known, a rotated key is adopted), then everything else, under the key now in use.
 */
async function readFolder(vault: Vault, dir: string, logger: SyncLogger): Promise<{ merged: number; keyChanges: KeyChange[] }> {
  const files = readdirSync(dir).filter((name) => name.endsWith(SUFFIX) && !name.startsWith(`${vault.device.id}.`))
  const first = new Set((await vault.syncDocumentIds([DEVICES_DOCUMENT, KEY_RING_DOCUMENT])).slice(-2))
  let keys = folderKeysOf(vault)
  try {
    const tried = files.map((name) => ({ name, file: openFile(dir, name, keys, undefined) }))
    let merged = await mergeFiles(vault, tried.flatMap(({ file }) => (file && first.has(file.header.documentId) ? [file] : [])), logger)
    const adopted = await keepKeyCurrent(vault)
    forgetKeys(keys)
    keys = folderKeysOf(vault)
    const rest = tried.flatMap(({ name, file }) => {
      if (file && first.has(file.header.documentId)) return []
      const opened = file ?? openFile(dir, name, keys, logger) // sealed under the key just adopted
      return opened ? [opened] : []
    })
    merged += await mergeFiles(vault, rest, logger)
    const afterRevocations = await keepKeyCurrent(vault) // a revocation that arrived in the device list
    return { merged, keyChanges: [adopted, afterRevocations] }
  } finally {
    forgetKeys(keys)
  }
}

/** Merges the files of paired devices; what they brought is then made durable in one transaction. */
async function mergeFiles(vault: Vault, files: OpenedFile[], logger: SyncLogger): Promise<number> {
  const merged = new Map<DocumentId, DocHandle<unknown>>()
  let count = 0
  for (const file of files) {
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
    merged.set(file.header.documentId, mergeDocument(vault, file.header.documentId, file.body))
    count += 1
  }
  await vault.saveDocuments([...merged.values()]) // heads kept for the damage check
  return count
}

type OpenedFile = NonNullable<ReturnType<typeof openFile>>

/** Opens a file under the current folder key or the naming one; without a logger, failures are quiet (tried again). */
function openFile(dir: string, name: string, keys: FolderKeys, logger: SyncLogger | undefined) {
  try {
    const sealed = readFileSync(join(dir, name))
    let plaintext: Uint8Array
    try {
      plaintext = open(keys.current, sealed, name, `sync file ${name}`)
    } catch {
      plaintext = open(keys.naming, sealed, name, `sync file ${name}`)
    }
    const signature = plaintext.subarray(0, 64)
    const signed = plaintext.subarray(64)
    const headerLength = new DataView(signed.buffer, signed.byteOffset, signed.byteLength).getUint32(0)
    const header = JSON.parse(new TextDecoder().decode(signed.subarray(4, 4 + headerLength))) as FileHeader
    if (header.format !== HEADER_FORMAT || !name.startsWith(`${header.deviceId}.`)) throw new Error('header does not match the file')
    return { name, header, signature, signed, body: signed.subarray(4 + headerLength) }
  } catch (error) {
    logger?.warn(`sync folder: skipped ${name}: ${isMeVaultError(error) ? `${error.message} (written under a key this device does not hold, or damaged)` : 'not a readable sync file'}`)
    return undefined
  }
}

/** Merges a received copy into the local document, or starts it under its id if never stored here. */
function mergeDocument(vault: Vault, id: DocumentId, body: Uint8Array): DocHandle<unknown> {
  const existing = vault.repo.handles[id]
  const handle = vault.repo.import(body, { docId: id })
  if (!existing?.isReady()) handle.doneLoading()
  return handle
}
