import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  fromWireError,
  METHOD_NAMES,
  toWireError,
  type MeVaultApi,
  type MethodName,
  type VaultEvents,
  type VaultState,
  type WireResult
} from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { changeListeners } from '../../shared/vault-change.js'
import type { VaultLocation } from '../vault/locations.js'
import { keyFileStore, type SecretKeyStore } from '../vault/secret-key-store.js'
import type { EngineLine, FromEngine, SpawnEngine } from './protocol.js'
import { spawnEngineWorker } from './worker-line.js'

/** The calls that open the vault, and so start an engine. */
const OPENING: ReadonlySet<MethodName> = new Set<MethodName>(['vault.create', 'vault.unlock', 'vault.join', 'vault.restore'])
/** Calls on a locked vault that need its file (SQLite, in an engine) but leave it locked: the engine goes after. */
const LOCKED_CALLS: ReadonlySet<MethodName> = new Set<MethodName>(['vault.secretKeyStatus', 'vault.restoreKey'])
/** The vault's file in its folder (core/vault/vault-file.ts's VAULT_FILE; not imported, so the host loads no SQLite). */
const VAULT_FILE = 'vault.db'

export interface EngineHostOptions {
  /** This device's secret keys; default: the key files of `location`. They stay in the host's process. */
  secretKeys?: SecretKeyStore
  /** SQLite's compiled library for the engine's runtime (the Electron app passes its own). */
  nativeBinding?: string
  /** How an engine is started; default: a worker thread of this process. */
  spawn?: SpawnEngine
  /**
   * Keep one fresh engine started while the vault is locked, so that an unlock does not wait for
   * an engine to load its modules and compile its WebAssembly (about a second on a slow machine).
   * A spare holds no vault data, and does not keep the process running.
   */
  spare?: boolean
}

export type EngineHost = MeVaultApi & VaultEvents

/** One running engine: its line, the calls waiting for an answer, and whether it holds the vault open. */
interface Engine {
  line: EngineLine
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>
  unlocked: boolean
  stopping: boolean
}

/**
 * The typed API with the vault service in its own engine (a worker thread, or under Electron a
 * utility process): Argon2id, SQLite and Automerge never run on the caller's thread. The engine
 * starts on the first call that opens the vault and is ended when the vault locks (by a face or
 * the idle lock), so its memory goes back; the next unlock starts a fresh one. Errors come back
 * as MeVaultError with their code. An engine that dies unexpectedly fails its pending calls with
 * LOCKED and leaves the service locked.
 */
export function startEngine(location: VaultLocation, options: EngineHostOptions = {}): EngineHost {
  const secretKeys = options.secretKeys ?? keyFileStore(location.keyFileFor)
  const spawn = options.spawn ?? spawnEngineWorker
  const { announce, onChange } = changeListeners()
  let engine: Engine | undefined
  let spare: Engine | undefined
  let nextCall = 1
  startSpare()

  function start(): Engine {
    const line = spawn()
    const started: Engine = { line, pending: new Map(), unlocked: false, stopping: false }
    line.onMessage((message) => onMessage(started, message))
    line.onExit((why) => {
      const unexpected = !started.stopping
      const failure = new MeVaultError(
        'LOCKED',
        unexpected ? `The vault engine stopped unexpectedly (${why}); the vault is locked: unlock it again` : 'The vault is locked'
      )
      for (const { reject } of started.pending.values()) reject(failure)
      started.pending.clear()
      if (spare === started) spare = undefined
      if (engine === started) engine = undefined
      if (unexpected && started.unlocked) announce({ kind: 'lock' })
    })
    line.post({ type: 'open', vaultDir: location.vaultDir, nativeBinding: options.nativeBinding })
    return started
  }

  function onMessage(from: Engine, message: FromEngine): void {
    switch (message.type) {
      case 'reply': {
        const waiting = from.pending.get(message.id)
        from.pending.delete(message.id)
        if (message.result.ok) waiting?.resolve(message.result.value)
        else waiting?.reject(fromWireError(message.result.error))
        return
      }
      case 'change':
        // The engine's own lock event is announced by lock(), once the engine is gone.
        if (message.change.kind !== 'lock') announce(message.change)
        return
      case 'key-read':
        return answerKey(from, message.id, () => secretKeys.read(message.vaultId))
      case 'key-write':
        return answerKey(from, message.id, () =>
          secretKeys.write(message.vaultId, message.secretKey, { overwrite: message.overwrite })
        )
    }
  }

  function answerKey(to: Engine, id: number, work: () => Promise<unknown>): void {
    void work().then(
      (value): WireResult => ({ ok: true, value }),
      (error: unknown): WireResult => ({ ok: false, error: toWireError(error) })
    ).then((result) => to.line.post({ type: 'key-reply', id, result }))
  }

  function send(to: Engine, method: MethodName, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = nextCall++
      to.pending.set(id, { resolve, reject })
      to.line.post({ type: 'call', id, method, input })
    })
  }

  async function call(method: MethodName, input: unknown): Promise<unknown> {
    if (method === 'vault.lock') return lock()
    if (!engine) {
      if (method === 'vault.state') return lockedState()
      if (!OPENING.has(method) && !LOCKED_CALLS.has(method)) throw new MeVaultError('LOCKED', 'The vault is locked')
      engine = spare ?? start()
      spare = undefined
      engine.line.keepsProcessAlive?.(true)
    }
    const target = engine
    try {
      const value = await send(target, method, input)
      if (OPENING.has(method)) target.unlocked = true
      if (LOCKED_CALLS.has(method) && !target.unlocked && target.pending.size === 0) await stop(target)
      return value
    } catch (error) {
      // A failed unlock (wrong passphrase…) leaves nothing open: end the engine it started.
      if ((OPENING.has(method) || LOCKED_CALLS.has(method)) && !target.unlocked && target.pending.size === 0) await stop(target)
      throw error
    }
  }

  /** Closes the vault inside the engine (its last changes saved), then ends the engine. */
  async function lock(): Promise<void> {
    const target = engine
    if (!target) return
    engine = undefined
    const wasUnlocked = target.unlocked
    try {
      await send(target, 'vault.lock', undefined)
    } finally {
      await stop(target)
      if (wasUnlocked) announce({ kind: 'lock' })
    }
  }

  async function stop(target: Engine): Promise<void> {
    target.stopping = true
    if (engine === target) engine = undefined
    await target.line.terminate()
    startSpare()
  }

  /** A fresh engine for the next unlock, started while the vault is locked (see `spare`). */
  function startSpare(): void {
    if (!options.spare || spare || engine) return
    spare = start()
    spare.line.keepsProcessAlive?.(false)
  }

  const api = Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => call(method, input)]))
  return Object.assign(api as unknown as MeVaultApi, { onChange })

  function lockedState(): VaultState {
    return { exists: existsSync(join(location.vaultDir, VAULT_FILE)), unlocked: false }
  }
}
