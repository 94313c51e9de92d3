import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import type { VaultChange } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { withIdleLock } from '../service/idle-lock.js'
import { startEngine, type EngineHost } from './host.js'
import type { SpawnEngine } from './protocol.js'
import { engineWorkerEntry, lineToWorker } from './worker-line.js'

const PASSPHRASE = 'correct horse battery'
const hosts: EngineHost[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host['vault.lock']()
})

/** Real engine workers, each kept so the test can see it end (or end it, as a crash would). */
function engineOver(
  wrap: (host: EngineHost) => EngineHost = (host) => host,
  options: { spare?: boolean } = {}
): { host: EngineHost; workers: Worker[]; changes: VaultChange[] } {
  const root = tempDir('mevault-engine')
  const workers: Worker[] = []
  const spawn: SpawnEngine = () => {
    const worker = new Worker(engineWorkerEntry())
    workers.push(worker)
    return lineToWorker(worker)
  }
  const host = wrap(startEngine({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) }, { spawn, ...options }))
  hosts.push(host)
  const changes: VaultChange[] = []
  host.onChange((change) => changes.push(change))
  return { host, workers, changes }
}

const exited = (worker: Worker): Promise<number> => new Promise((resolve) => worker.once('exit', resolve))
/** Waits for the engine's change event that follows a save (it comes once the save is durable). */
const nextChange = (host: EngineHost, kind: VaultChange['kind']): Promise<VaultChange> =>
  new Promise((resolve) => {
    const stop = host.onChange((change) => {
      if (change.kind !== kind) return
      stop()
      resolve(change)
    })
  })

describe('the engine host: the vault service in a worker thread', () => {
  it('answers vault.state without starting an engine, and refuses vault calls while locked', async () => {
    const { host, workers } = engineOver()
    expect(await host['vault.state']()).toEqual({ exists: false, unlocked: false })
    await expect(host['fields.list']()).rejects.toMatchObject({ code: 'LOCKED' })
    expect(workers).toHaveLength(0)
  })

  it('with a spare, unlocks in an engine started while the vault was locked, and starts the next spare on lock', async () => {
    const { host, workers } = engineOver(undefined, { spare: true })
    expect(workers).toHaveLength(1) // the spare, before anything is asked
    await host['vault.create']({ passphrase: PASSPHRASE })
    expect(workers).toHaveLength(1) // the vault opened in the spare
    await host['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
    const used = workers[0]!
    const usedEnded = exited(used)
    await host['vault.lock']()
    await usedEnded // the engine that held the vault is gone, its memory with it
    expect(workers).toHaveLength(2) // and a fresh spare waits
    await host['vault.unlock']({ passphrase: PASSPHRASE })
    expect(workers).toHaveLength(2)
    expect((await host['fields.get']({ path: 'contact.email' })).value).toBe('ada@example.org')
    const failed = await host['vault.lock']().then(() => host['vault.unlock']({ passphrase: 'not the passphrase' })).catch((error: unknown) => error)
    expect(isMeVaultError(failed, 'WRONG_CREDENTIALS')).toBe(true)
    expect(await host['vault.state']()).toMatchObject({ exists: true, unlocked: false })
    await host['vault.unlock']({ passphrase: PASSPHRASE }) // a spare was started again after the failed unlock
    expect((await host['fields.get']({ path: 'contact.email' })).value).toBe('ada@example.org')
    for (const worker of workers.slice(0, -1)) expect(worker.threadId).toBe(-1) // every engine but the open one has ended
  })

  it('runs the vault in a worker that ends on lock, and a fresh one opens it again', async () => {
    const { host, workers, changes } = engineOver()
    await host['vault.create']({ passphrase: PASSPHRASE })
    expect(workers).toHaveLength(1)
    const first = workers[0]!
    expect(first.threadId).toBeGreaterThan(0)
    const saved = nextChange(host, 'fields')
    await host['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
    await saved
    expect((await host['vault.state']()).unlocked).toBe(true)

    const firstExit = exited(first)
    await host['vault.lock']()
    await firstExit // the worker's 'exit' fired: its thread, heap and SQLite handle are gone
    expect(first.threadId).toBe(-1)
    expect(changes.at(-1)).toEqual({ kind: 'lock' })
    expect(await host['vault.state']()).toEqual({ exists: true, unlocked: false })
    await expect(host['fields.get']({ path: 'contact.email' })).rejects.toMatchObject({ code: 'LOCKED' })

    await host['vault.unlock']({ passphrase: PASSPHRASE })
    expect(workers).toHaveLength(2)
    expect(workers[1]!.threadId).not.toBe(first.threadId)
    expect((await host['fields.get']({ path: 'contact.email' })).value).toBe('ada@example.org')
  })

  it('keeps the error code of a wrong passphrase, and ends the engine that failed to open', async () => {
    const { host, workers } = engineOver()
    await host['vault.create']({ passphrase: PASSPHRASE })
    await host['vault.lock']()
    const wrong = await host['vault.unlock']({ passphrase: 'not the passphrase' }).catch((e: unknown) => e)
    expect(isMeVaultError(wrong, 'WRONG_CREDENTIALS')).toBe(true)
    expect(workers[1]!.threadId).toBe(-1) // nothing stays open after a failed unlock
    const bad = await host['vault.unlock']({ passphrase: PASSPHRASE }).then(() => host['fields.get']({ path: 'nodot' })).catch((e: unknown) => e)
    expect(isMeVaultError(bad, 'BAD_INPUT')).toBe(true)
    const missing = await host['fields.get']({ path: 'contact.phone' }).catch((e: unknown) => e)
    expect(isMeVaultError(missing, 'NOT_FOUND')).toBe(true)
  })

  it('fails pending calls cleanly when the engine dies, and reports the vault locked', async () => {
    const { host, workers, changes } = engineOver()
    await host['vault.create']({ passphrase: PASSPHRASE })
    const pending = host['fields.set']({ path: 'contact.email', value: 'ada@example.org' }).catch((e: unknown) => e)
    await workers[0]!.terminate() // ended from outside, as a crash would end it
    const failure = await pending
    expect(isMeVaultError(failure, 'LOCKED')).toBe(true)
    expect((failure as Error).message).toContain('stopped unexpectedly')
    expect(changes.at(-1)).toEqual({ kind: 'lock' })
    expect(await host['vault.state']()).toEqual({ exists: true, unlocked: false })
    // The next unlock starts a fresh engine.
    await host['vault.unlock']({ passphrase: PASSPHRASE })
    expect(workers).toHaveLength(2)
    expect((await host['vault.state']()).unlocked).toBe(true)
  })

  it('ends the engine when the idle lock locks the vault', async () => {
    let idle: ReturnType<typeof withIdleLock> | undefined
    const { host, workers } = engineOver((engine) => {
      idle = withIdleLock(engine, 300)
      return Object.assign(idle, { onChange: engine.onChange })
    })
    const locked = nextChange(host, 'lock')
    await host['vault.create']({ passphrase: PASSPHRASE }) // longer than 300 ms: the idle lock waits for it
    // Then nobody uses the vault: the idle lock locks it, the worker ends, and the faces are told.
    await Promise.all([exited(workers[0]!), locked])
    expect(await host['vault.state']()).toEqual({ exists: true, unlocked: false })
    idle?.stop()
  })
})
