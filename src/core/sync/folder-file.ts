import type { FolderSkipReason } from '../../shared/api.js'
import type { DocumentId } from '@automerge/automerge-repo'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isMeVaultError } from '../../shared/errors.js'
import { open, seal } from '../crypto/aead.js'
import { sodium } from '../crypto/sodium.js'
import type { Vault } from '../vault/vault.js'
import { originalNameOf, printable, writtenBy } from './folder-names.js'

/*
 * One file of the sync folder:
 *   sealed( folder key, AD = file name,  signature(64) | header length(4) | header JSON | Automerge bytes )
 * A Syncthing conflict copy keeps the bytes of the file it copies, so it opens under that file's name.
 */

const HEADER_FORMAT = 'mevault.sync-file/1'

interface FileHeader {
  format: string
  deviceId: string
  documentId: DocumentId
  /** When the writing device wrote it (its clock): when it last synced, as the folder tells it. Absent in older files. */
  writtenAt?: string
}

export interface FolderKeys {
  /** From the vault key in use: seals every file but the key ring's. */
  current: Uint8Array
  /** From the naming key, which never rotates: the key ring's file, and every file name's tag. */
  naming: Uint8Array
}

/** The folder keys, derived for this purpose alone (the vault's sync port, crypto_kdf); forgetKeys() wipes them. */
export function folderKeysOf(vault: Vault): FolderKeys {
  const port = vault.syncPort()
  return { current: port.deriveKey('sync-folder', 'current'), naming: port.deriveKey('sync-folder', 'naming') }
}

export const forgetKeys = (keys: FolderKeys): void => {
  sodium().memzero(keys.current)
  sodium().memzero(keys.naming)
}

export const tagOf = (key: Uint8Array, id: DocumentId): string => sodium().to_hex(sodium().crypto_generichash(12, `tag:${id}`, key))

/** The sealed bytes of one document's file, signed by this device. */
export function sealFile(vault: Vault, key: Uint8Array, name: string, documentId: DocumentId, body: Uint8Array, writtenAt: string): Uint8Array {
  const s = sodium()
  const header = new TextEncoder().encode(
    JSON.stringify({ format: HEADER_FORMAT, deviceId: vault.device.id, documentId, writtenAt } satisfies FileHeader)
  )
  const signed = new Uint8Array(4 + header.length + body.length)
  new DataView(signed.buffer).setUint32(0, header.length)
  signed.set(header, 4)
  signed.set(body, 4 + header.length)
  return seal(key, new Uint8Array([...s.crypto_sign_detached(signed, vault.device.keys.secretKey), ...signed]), name)
}

export interface OpenedFile {
  /** Its name in the folder. */
  name: string
  /** The name it was sealed under: its own, or for a conflict copy the name of the file it copies. */
  sealedAs: string
  conflictCopy: boolean
  header: FileHeader
  signature: Uint8Array
  signed: Uint8Array
  body: Uint8Array
}

/** Why a file was left unread. Stable: `sync folder --json` counts files under these names. */
export type SkipReason = FolderSkipReason

export interface Skip {
  reason: SkipReason
  /** The rest of the warning line, after the (printable) file name. */
  why: string
}

/** Opens a file under the current folder key or the naming one; a conflict copy under the name it copies. */
export function openFile(dir: string, name: string, keys: FolderKeys): OpenedFile | Skip {
  const sealedAs = originalNameOf(name) ?? name
  const conflictCopy = sealedAs !== name
  let sealed: Uint8Array
  try {
    sealed = readFileSync(join(dir, name))
  } catch (error) {
    return { reason: 'unreadable', why: `could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  try {
    let plaintext: Uint8Array
    try {
      plaintext = open(keys.current, sealed, sealedAs, 'sync file')
    } catch {
      plaintext = open(keys.naming, sealed, sealedAs, 'sync file')
    }
    const signature = plaintext.subarray(0, 64)
    const signed = plaintext.subarray(64)
    const headerLength = new DataView(signed.buffer, signed.byteOffset, signed.byteLength).getUint32(0)
    const header = JSON.parse(new TextDecoder().decode(signed.subarray(4, 4 + headerLength))) as FileHeader
    if (header.format !== HEADER_FORMAT || typeof header.deviceId !== 'string' || !writtenBy(header.deviceId, sealedAs)) {
      throw new Error('header does not match the file')
    }
    return { name, sealedAs, conflictCopy, header, signature, signed, body: signed.subarray(4 + headerLength) }
  } catch (error) {
    if (!isMeVaultError(error)) return { reason: 'notASyncFile', why: 'not a sync file this version of MeVault reads' }
    const keyNote = 'or written under a key this device does not hold'
    return conflictCopy
      ? { reason: 'failedAuthentication', why: `a conflict copy of ${printable(sealedAs)} that failed authentication as that file (altered or damaged, ${keyNote}); left in place` }
      : { reason: 'failedAuthentication', why: `failed authentication (altered, renamed or damaged, ${keyNote})` }
  }
}

export const isSkip = (outcome: OpenedFile | Skip): outcome is Skip => 'reason' in outcome
