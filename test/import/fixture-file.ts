import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { zipSync } from 'fflate'

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'import')

/** A fixture as `import.preview` takes it: text, or base64 for a 1PUX. */
export function fixture(name: string): { fileName: string; content: string } {
  return { fileName: name, content: readFileSync(join(FIXTURES, name), 'utf8') }
}

/** The 1PUX sample: a real zip of the fixture's export.attributes and export.data, as 1Password writes one. */
export function onePuxBytes(): Uint8Array {
  const member = (name: string): Uint8Array => readFileSync(join(FIXTURES, '1pux', name))
  return zipSync({ 'export.attributes': member('export.attributes'), 'export.data': member('export.data') })
}
