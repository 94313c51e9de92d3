import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { engineWorkerEntry } from './worker-line.js'

const PROJECT = fileURLToPath(new URL('../../..', import.meta.url))

describe('where the engine worker starts from', () => {
  it('runs the TypeScript entry through tsx from the sources', () => {
    const entry = engineWorkerEntry(pathToFileURL(join(PROJECT, 'src/core/engine/worker-line.ts')).href)
    expect(fileURLToPath(entry)).toBe(join(PROJECT, 'src/core/engine/engine-worker-from-source.mjs'))
    expect(existsSync(entry)).toBe(true)
  })

  it('finds the compiled entry in dist/cli from the bundle and its chunks (built by the test setup)', () => {
    const compiled = join(PROJECT, 'dist/cli/engine-worker.js')
    expect(existsSync(compiled)).toBe(true)
    expect(fileURLToPath(engineWorkerEntry(pathToFileURL(join(PROJECT, 'dist/cli/main.js')).href))).toBe(compiled)
    expect(fileURLToPath(engineWorkerEntry(pathToFileURL(join(PROJECT, 'dist/cli/chunks/host-x.js')).href))).toBe(compiled)
  })

  it('says what to do when the compiled entry is missing', () => {
    expect(() => engineWorkerEntry('file:///nowhere/dist/cli/chunks/host-x.js')).toThrow('run `npm run build:cli`')
  })
})
