import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isMeVaultError } from '../../shared/errors.js'
import { MAX_REQUEST_FILE_BYTES, readRequestFile } from './read-request-file.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mevault-open-request-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function refusal(file: string, code = 'BAD_INPUT'): Promise<string> {
  const error = await readRequestFile(file).then(
    () => new Error('accepted'),
    (failure: unknown) => failure
  )
  expect(isMeVaultError(error), String(error)).toBe(true)
  expect((error as { code: string }).code).toBe(code)
  return (error as Error).message
}

describe('File > Open Request…', () => {
  it('reads a .json or .jws request file as text, with its name, dropping a byte-order mark', async () => {
    const sample = new URL('../../../resources/requests/bank-kyc.signed.jws', import.meta.url).pathname
    const opened = await readRequestFile(sample)
    expect(opened.fileName).toBe('bank-kyc.signed.jws')
    expect(opened.text.split('.')).toHaveLength(3)
    const withBom = path.join(dir, 'Shop.JSON')
    await writeFile(withBom, '\uFEFF{"type":"mevault.request/1"}')
    expect(await readRequestFile(withBom)).toEqual({ fileName: 'Shop.JSON', text: '{"type":"mevault.request/1"}' })
  })

  it('refuses other kinds of file, folders and missing files with a message naming the file', async () => {
    await writeFile(path.join(dir, 'notes.txt'), '{}')
    expect(await refusal(path.join(dir, 'notes.txt'))).toBe('notes.txt: only .json and .jws request files can be opened')
    await mkdir(path.join(dir, 'folder.json'))
    expect(await refusal(path.join(dir, 'folder.json'))).toBe('folder.json: not a file')
    expect(await refusal(path.join(dir, 'gone.json'), 'NOT_FOUND')).toBe('gone.json: the file is not there any more')
  })

  it('refuses a file larger than the API accepts instead of loading it', async () => {
    const big = path.join(dir, 'big.json')
    await writeFile(big, `{"pad":"${'x'.repeat(MAX_REQUEST_FILE_BYTES)}"}`)
    expect(await refusal(big)).toBe('big.json: a request file must be at most 256 KiB')
    const exact = path.join(dir, 'exact.json')
    await writeFile(exact, 'x'.repeat(MAX_REQUEST_FILE_BYTES))
    expect((await readRequestFile(exact)).text).toHaveLength(MAX_REQUEST_FILE_BYTES)
  })

  it('refuses bytes that are not UTF-8 text', async () => {
    const binary = path.join(dir, 'photo.json')
    await writeFile(binary, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))
    expect(await refusal(binary)).toBe('photo.json: not UTF-8 text, so not a MeVault request')
  })
})
