/**
 * The kit as a company installs it: `import … from 'mevault/requester'` (package.json "exports",
 * the compiled dist/cli/requester.js), in a process of its own, with no vault machinery loaded.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { parseRequest } from '../../src/core/requests/parse-request.js'
import { heavyLoaded, loadedPackages } from '../cli/loaded-packages.js'
import { tempDir } from '../helpers/temp-dir.js'
import { answerAsMeVault } from './person-answer.js'
import { answerAsMeVaultWallet } from './openid4vp-person.js'
import { newSigningKeyPair } from '../../src/core/crypto/identity.js'
import { loadSodium } from '../../src/core/crypto/sodium.js'

const PROJECT = join(import.meta.dirname, '..', '..')
const MODULE_LOG_HOOK = pathToFileURL(join(import.meta.dirname, '..', 'helpers', 'log-module-loads.mjs')).href
const VAULT_MACHINERY = ['better-sqlite3', '@automerge/', 'electron', 'react', 'react-dom']

/** Runs an ES module script in the project (where the package name resolves to itself), logging every module it loads. */
function runKitScript(script: string) {
  const work = tempDir('mevault-kit-package')
  const log = join(work, 'loaded.txt')
  writeFileSync(log, '')
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PROJECT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `--import=${MODULE_LOG_HOOK}`, MEVAULT_TEST_MODULE_LOG: log }
  })
  return { result, loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean) }
}

it('loads from the built entry point without SQLite, Automerge, Electron or React, and makes and checks requests', async () => {
  const script = `
    import { makeRequest, newRequesterKeys, signRequest } from 'mevault/requester'
    const keys = await newRequesterKeys()
    const requester = { name: 'Nordbank Savings', url: 'https://nordbank.example.com', keys }
    const request = await makeRequest({ requester, claims: ['given_name', 'birthdate'], purpose: 'Open an account', retention: 'P30D' })
    const signed = await signRequest(request, keys)
    process.stdout.write(JSON.stringify({ text: signed.text }) + '\\n')`
  const first = runKitScript(script)
  expect(first.result.stderr).toBe('')
  expect(first.result.status).toBe(0)
  expect(first.loaded).toContain(pathToFileURL(join(PROJECT, 'dist', 'cli', 'requester.js')).href)
  expect(heavyLoaded(first.loaded, VAULT_MACHINERY)).toEqual([])
  expect(loadedPackages(first.loaded)).toContain('libsodium-wrappers-sumo')

  const { text } = JSON.parse(first.result.stdout) as { text: string }
  expect((await parseRequest(text, { now: new Date() })).signature.status).toBe('valid')
})

it('verifies, in that process, an answer MeVault’s core sealed to its key', async () => {
  // One process makes the request and keeps its keys in memory; the answer comes back on stdin.
  const script = `
    import { makeRequest, newRequesterKeys, signRequest, verifyAnswer } from 'mevault/requester'
    import { createInterface } from 'node:readline'
    const keys = await newRequesterKeys()
    const request = await makeRequest({ requester: { name: 'Nordbank Savings', url: 'https://nordbank.example.com', keys }, claims: ['given_name'], purpose: 'x', retention: 'P30D' })
    const signed = await signRequest(request, keys)
    process.stdout.write(JSON.stringify(signed.text) + '\\n')
    const lines = createInterface({ input: process.stdin })
    for await (const line of lines) {
      const result = await verifyAnswer(JSON.parse(line), { request: signed.text, keys })
      process.stdout.write(JSON.stringify({ valid: result.valid, reason: result.reason, claims: result.claims }) + '\\n')
      break
    }
    lines.close()`
  const { spawn } = await import('node:child_process')
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT })
  let stdout = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  const closed = new Promise((resolve) => child.on('close', resolve))
  const firstLine = await new Promise<string>((resolve, reject) => {
    const check = () => {
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')))
      else if (child.exitCode !== null) reject(new Error('the kit process ended before printing its request'))
      else setTimeout(check, 20)
    }
    check()
  })
  const { answer } = await answerAsMeVault(JSON.parse(firstLine) as string, { given_name: 'Ada' }, { now: new Date() })
  child.stdin.end(`${JSON.stringify(answer)}\n`)
  await closed
  expect(JSON.parse(stdout.split('\n')[1] ?? '')).toEqual({ valid: true, claims: { given_name: 'Ada' } })
})

it('makes an OpenID4VP request and verifies MeVault’s SD-JWT VC answer from the built entry point, still without vault machinery', async () => {
  const script = `
    import { makeOpenId4VpRequest, newRequesterKeys, verifyOpenId4VpResponse } from 'mevault/requester'
    import { createInterface } from 'node:readline'
    const keys = await newRequesterKeys()
    const requester = { name: 'Nordbank Savings', url: 'https://nordbank.example.com', keys }
    const made = await makeOpenId4VpRequest({ requester, claims: ['given_name'], responseUri: 'https://nordbank.example.com/openid4vp/response', clientIdPrefix: 'redirect_uri' })
    process.stdout.write(JSON.stringify(made.byValueLink) + '\\n')
    const lines = createInterface({ input: process.stdin })
    for await (const line of lines) {
      const result = await verifyOpenId4VpResponse(JSON.parse(line), made.pending)
      process.stdout.write(JSON.stringify({ valid: result.valid, reason: result.reason, claims: result.claims }) + '\\n')
      break
    }
    lines.close()`
  const { spawn } = await import('node:child_process')
  const work = tempDir('mevault-kit-package')
  const log = join(work, 'loaded.txt')
  writeFileSync(log, '')
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PROJECT,
    env: { ...process.env, NODE_OPTIONS: `--import=${MODULE_LOG_HOOK}`, MEVAULT_TEST_MODULE_LOG: log }
  })
  let stdout = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  const closed = new Promise((resolve) => child.on('close', resolve))
  const firstLine = await new Promise<string>((resolve, reject) => {
    const check = () => {
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')))
      else if (child.exitCode !== null) reject(new Error('the kit process ended before printing its request'))
      else setTimeout(check, 20)
    }
    check()
  })
  await loadSodium()
  const { answer } = await answerAsMeVaultWallet(JSON.parse(firstLine) as string, ['given_name'], { person: newSigningKeyPair() })
  child.stdin.end(`${JSON.stringify(answer.body)}\n`)
  await closed
  expect(JSON.parse(stdout.split('\n')[1] ?? '')).toEqual({ valid: true, claims: { given_name: 'Ada' } })
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  expect(heavyLoaded(loaded, VAULT_MACHINERY)).toEqual([])
})
