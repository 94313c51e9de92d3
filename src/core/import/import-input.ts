import { badInput } from '../../shared/errors.js'
import { IMPORT_FORMATS, type ImportFormat } from '../../shared/import-plan.js'

/** The biggest file an import reads (a 10,000-row CSV is about 1 MiB). docs/import.md. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024

/** The file's format: as given, else from its name, else from its first bytes. */
export function detectFormat(fileName: string, bytes: Uint8Array, given?: string): ImportFormat {
  if (given !== undefined) {
    if ((IMPORT_FORMATS as readonly string[]).includes(given)) return given as ImportFormat
    throw badInput(`Unknown import format "${given.slice(0, 20)}": use one of ${IMPORT_FORMATS.join(', ')}`)
  }
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase()
  if (extension === 'vcf' || extension === 'vcard') return 'vcard'
  if (extension === 'csv') return 'csv'
  if (extension === '1pux') return '1pux'
  if (extension === 'json') return 'json'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return '1pux'
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart()
  if (/^BEGIN:VCARD/i.test(start)) return 'vcard'
  if (start.startsWith('{')) return 'json'
  throw badInput('Cannot tell what kind of file this is: give --format (vcard, csv, json, bitwarden or 1pux)')
}

/** The file as text: UTF-8, refused when it is not (a Latin-1 CSV should be saved as UTF-8 first). */
export function fileText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw badInput('The file is not UTF-8 text: save it as UTF-8 and import it again')
  }
}

export function checkSize(bytes: Uint8Array): void {
  if (bytes.length > MAX_IMPORT_BYTES) throw badInput(`The file is ${bytes.length} bytes; an import reads at most ${MAX_IMPORT_BYTES} (16 MiB)`)
}
