import type { MeVaultApi, MethodInput } from '../../shared/api.js'
import { badInput } from '../../shared/errors.js'
import { exportCsv, exportVcard } from '../export/index.js'
import { applyImport, previewImport, type ImportFile } from '../import/index.js'
import type { Vault } from '../vault/vault.js'

/** `import.*` and `export.csv` / `export.vcard` (docs/import.md) over the unlocked vault. */
export function importMethods(unlocked: () => Vault): Pick<MeVaultApi, 'import.preview' | 'import.apply' | 'export.csv' | 'export.vcard'> {
  return {
    'import.preview': async (input) => previewImport(unlocked(), importFile(input)),
    'import.apply': async (input) => applyImport(unlocked(), importFile(input), { conflicts: input.conflicts, resolutions: input.resolutions }),
    'export.csv': async (input) => exportCsv(unlocked(), input?.paths),
    'export.vcard': async (input) => exportVcard(unlocked(), input?.paths)
  }
}

function importFile(input: MethodInput<'import.preview'>): ImportFile {
  return {
    fileName: input.fileName,
    bytes: input.encoding === 'base64' ? fromBase64(input.content) : new TextEncoder().encode(input.content),
    format: input.format,
    map: input.map,
    tier: input.tier,
    card: input.card
  }
}

function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s+/g, ''))) throw badInput('content is not base64')
  return Buffer.from(text, 'base64')
}
