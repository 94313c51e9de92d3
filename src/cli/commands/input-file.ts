import { existsSync, readFileSync, statSync } from 'node:fs'
import { writePrivateFile } from '../../core/vault/write-private-file.js'
import { dirname, resolve } from 'node:path'
import { MeVaultError, notFound } from '../../shared/errors.js'

/** Nothing MeVault reads from a file (a request, a packet) is anywhere near this big. */
const MAX_INPUT_BYTES = 8 * 1024 * 1024

/** The bytes of a file given on the command line; NOT_FOUND / BAD_INPUT name the file, not its content. */
export function readInputFile(path: string, what: string): Buffer {
  const full = resolve(path)
  if (!existsSync(full)) throw notFound(`No ${what} file at ${full}`)
  const stat = statSync(full)
  if (!stat.isFile()) throw new MeVaultError('BAD_INPUT', `${full} is not a file`)
  if (stat.size > MAX_INPUT_BYTES) throw new MeVaultError('BAD_INPUT', `The ${what} file is ${stat.size} bytes; that is too big to be one`)
  return readFileSync(full)
}

/** Refuses to overwrite: an earlier packet or notice is a signed record the person may still need. */
export function checkOutputFile(path: string): string {
  const full = resolve(path)
  if (existsSync(full)) throw new MeVaultError('EXISTS', `${full} already exists; choose another file name`)
  if (!existsSync(dirname(full))) throw notFound(`No folder ${dirname(full)} to write ${full} into`)
  return full
}

/** Owner-only, never over an existing file, and never half written. */
export function writeOutputFile(path: string, text: string): void {
  writePrivateFile(path, text, { replace: false })
}
