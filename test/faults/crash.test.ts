import { describe, expect, it } from 'vitest'
import { Vault } from '../../src/core/vault/vault.js'
import { makeVault, PASSPHRASE } from '../helpers/vault-fixture.js'
import { editsReported, writeUntilKilled } from './crash-run.js'

describe('a writer killed with SIGKILL', { timeout: 300_000 }, () => {
  // Six writer processes, each through Argon2id at 64 MiB to unlock: slow on a busy machine.
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
    // Killed once it has reported a few edits (so each round counts, however busy the machine),
    // a few ms later each round so the kill lands at different points inside the next write.
    const edits = await writeUntilKilled({ dir, secretKey, start, mode }, (out) => editsReported(out) >= 4, round * 3)
    acknowledged.push(...edits)
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(24)
  const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  try {
    const stored = new Map((await vault.list()).map((f) => [f.path, f.value]))
    const lost = acknowledged.filter((i) => stored.get(`crash${i % 4}.n${i}`) !== `value ${i}`)
    expect(lost).toEqual([])
  } finally {
    await vault.close()
  }
}
