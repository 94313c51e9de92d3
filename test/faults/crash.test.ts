import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vault } from '../../src/core/vault/vault.js'
import { makeVault, PASSPHRASE } from '../helpers/vault-fixture.js'

const WRITER = join(import.meta.dirname, 'crash-writer.ts')

/**
 * Runs the writer and kills it with SIGKILL as soon as it has reported `afterWrites` edits, while
 * it is busy with the next one; returns the edits it reported. Counted in edits, not in time, so a
 * busy machine kills it at the same point of its work as an idle one.
 */
function writeUntilKilled(dir: string, secretKey: Uint8Array, start: number, afterWrites: number, mode = 'write'): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const args = [WRITER, dir, PASSPHRASE, Buffer.from(secretKey).toString('hex'), String(start), mode]
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if ([...out.matchAll(/^ok \d+\n/gm)].length >= afterWrites) child.kill('SIGKILL')
    })
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended without being killed: ${err}`))
      // Only complete lines count: a half-printed line was not yet reported.
      const done = [...out.matchAll(/^ok (\d+)\n/gm)].map((m) => Number(m[1]))
      resolve(done)
    })
  })
}

describe('a writer killed with SIGKILL', { timeout: 300_000 }, () => {
  it('loses no edit whose call had returned, round after round', async () => {
    await expectNothingLost('write')
  })

  it('leaves a vault that unlocks, with every edit, when killed while rotating its key', async () => {
    await expectNothingLost('rotate')
  })
})

async function expectNothingLost(mode: 'write' | 'rotate'): Promise<void> {
  const { dir, secretKey } = await makeVault({})
  const acknowledged: number[] = []
  for (let round = 0; round < 6; round++) {
    const start = (acknowledged.at(-1) ?? -1) + 1
    acknowledged.push(...(await writeUntilKilled(dir, secretKey, start, 3 + round * 2, mode)))
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(3 + 5 + 7 + 9 + 11 + 13)
  const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  try {
    const stored = new Map((await vault.list()).map((f) => [f.path, f.value]))
    const lost = acknowledged.filter((i) => stored.get(`crash${i % 4}.n${i}`) !== `value ${i}`)
    expect(lost).toEqual([])
  } finally {
    await vault.close()
  }
}
