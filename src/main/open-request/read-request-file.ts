/**
 * Reads a request file chosen with File > Open: only .json or .jws, a regular file, at most as long
 * as the API accepts, UTF-8 text. Read in main so the page never gets a file path or file access.
 */
import { open } from 'node:fs/promises'
import path from 'node:path'
import type { OpenedRequest } from '../../preload/shell-events.js'
import { MAX_REQUEST_TEXT_LENGTH } from '../../shared/api.js'
import { badInput, MeVaultError, notFound } from '../../shared/errors.js'
import { decodeRequestText } from './request-text.js'

export const REQUEST_FILE_EXTENSIONS: readonly string[] = ['json', 'jws']
/** Bytes: UTF-8 never has fewer bytes than characters, so this also bounds the text the API checks. */
export const MAX_REQUEST_FILE_BYTES = MAX_REQUEST_TEXT_LENGTH

export async function readRequestFile(filePath: string): Promise<OpenedRequest> {
  const fileName = path.basename(filePath)
  const extension = path.extname(fileName).slice(1).toLowerCase()
  if (!REQUEST_FILE_EXTENSIONS.includes(extension)) {
    throw badInput(`${fileName}: only .json and .jws request files can be opened`)
  }
  let handle
  try {
    handle = await open(filePath, 'r')
  } catch (failure) {
    const code = (failure as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw notFound(`${fileName}: the file is not there any more`)
    throw new MeVaultError('BAD_INPUT', `${fileName}: the file cannot be read (${code ?? 'unknown error'})`)
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw badInput(`${fileName}: not a file`)
    if (info.size > MAX_REQUEST_FILE_BYTES) throw tooLarge(fileName)
    // Read one byte past the limit: a file that grew since stat() is refused too, never truncated.
    const buffer = Buffer.alloc(MAX_REQUEST_FILE_BYTES + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    if (bytesRead > MAX_REQUEST_FILE_BYTES) throw tooLarge(fileName)
    return { fileName, text: decodeRequestText(buffer.subarray(0, bytesRead), fileName) }
  } finally {
    await handle.close()
  }
}

function tooLarge(fileName: string): MeVaultError {
  return badInput(`${fileName}: a request file must be at most ${MAX_REQUEST_FILE_BYTES / 1024} KiB`)
}
