import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from '../helpers/cli.js'

/** Every file under the folders, recursively. */
function filesUnder(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
  )
}

/** The forms a value could leak in: UTF-8, UTF-16 (either order), base64 (any alignment), hex. */
function leakForms(value: string): Buffer[] {
  const utf8 = Buffer.from(value, 'utf8')
  const base64s = [0, 1, 2].map((shift) => {
    const padded = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64')
    return Buffer.from(padded.slice(Math.ceil((shift * 4) / 3) + 2, -4))
  })
  return [utf8, Buffer.from(value, 'utf16le'), Buffer.from(value, 'utf16le').swap16(), Buffer.from(utf8.toString('hex')), ...base64s]
}

const VALUES = {
  'identity.name': 'Zephyrine Quillfeather',
  'contact.email': 'zephyrine.quill@unusual-domain.example',
  'contact.phone': '+33 6 98 76 54 32',
  'finance.iban': 'FR7630006000011234567890189',
  'health.condition': 'Rare-Condition-Marker-4471',
  'contact.address': '17 Impasse des Orchidées, 75020 Paris'
}

describe('no plaintext on disk', () => {
  it('leaves no field value in any file under the vault and key folders, in any encoding', () => {
    const cli = cliSandbox()
    expect(cli.run(['init']).code).toBe(0)
    for (const [path, value] of Object.entries(VALUES)) {
      const type = path === 'contact.email' ? 'email' : path === 'contact.phone' ? 'phone' : 'text'
      expect(cli.run(['set', path, value, '--type', type]).code).toBe(0)
    }
    // Edits and removals leave earlier values in history: those must be sealed too.
    expect(cli.run(['set', 'identity.name', 'Zephyrine Q. Quillfeather']).code).toBe(0)
    expect(cli.run(['rm', 'health.condition']).code).toBe(0)
    expect(cli.run(['search', 'quill']).code).toBe(0)

    const files = filesUnder(cli.vaultDir, join(cli.root, 'keys'))
    expect(files.length).toBeGreaterThanOrEqual(2)
    const leaks: string[] = []
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const [path, value] of Object.entries(VALUES)) {
        for (const form of leakForms(value)) {
          if (form.length >= 8 && bytes.includes(form)) leaks.push(`${path} in ${file}`)
        }
      }
    }
    expect(leaks).toEqual([])

    // The scan does see plaintext where there is some: the export file, as text and as base64.
    const out = join(cli.root, 'export.json')
    expect(cli.run(['export', '--out', out]).code).toBe(0)
    const exported = readFileSync(out)
    for (const encoded of [exported, Buffer.from(exported.toString('base64'))]) {
      expect(leakForms(VALUES['contact.email']).some((form) => encoded.includes(form))).toBe(true)
    }
  }, 600_000) // a dozen real `mevault` processes, each through Argon2id at 64 MiB: slow on a busy machine
})
