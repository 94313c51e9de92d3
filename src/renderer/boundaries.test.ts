import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
}

describe('the renderer', () => {
  it('talks only to the typed API: no core, no Node, no Electron, no server code', async () => {
    const dir = path.dirname(new URL(import.meta.url).pathname)
    const files = await sourceFiles(dir)
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const source = await readFile(file, 'utf8')
      for (const [, specifier] of source.matchAll(/from '([^']+)'/g)) {
        expect(specifier, `${path.relative(dir, file)} imports ${specifier}`).not.toMatch(
          /(^|\/)(core|server|main|preload)\/|^node:|^electron|^(fs|path|os|child_process)$/
        )
      }
    }
  })
})
