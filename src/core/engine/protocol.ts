/**
 * The messages between a face's process and the engine (the vault service in a worker thread under
 * Node, in a utility process under Electron). One protocol for both: the host posts calls, the
 * engine answers each by id and announces changes; the device's secret key store stays with the
 * host (under Electron it is the OS keychain, which only the main process can reach), so the engine
 * asks the host for a key when it needs one.
 */
import type { MethodName, VaultChange, WireResult } from '../../shared/api.js'

/** Host → engine. `open` comes first, once. */
export type ToEngine =
  | { type: 'open'; vaultDir: string; nativeBinding?: string }
  | { type: 'call'; id: number; method: MethodName; input: unknown }
  | { type: 'key-reply'; id: number; result: WireResult }

/** Engine → host. */
export type FromEngine =
  | { type: 'reply'; id: number; result: WireResult }
  | { type: 'change'; change: VaultChange }
  | { type: 'key-read'; id: number; vaultId: string }
  | { type: 'key-write'; id: number; vaultId: string; secretKey: Uint8Array; overwrite: boolean }

/** The engine's side of the line: a worker's parentPort, or Electron's process.parentPort, adapted. */
export interface HostLine {
  post(message: FromEngine): void
  onMessage(listener: (message: ToEngine) => void): void
}

/** The host's side of the line to one running engine. */
export interface EngineLine {
  post(message: ToEngine): void
  onMessage(listener: (message: FromEngine) => void): void
  /** Called once when the engine has ended, whether the host ended it or not. */
  onExit(listener: (why: string) => void): void
  /** Ends the engine; resolves once it is gone. */
  terminate(): Promise<void>
  /** Whether this engine keeps the host's process running (a spare waiting for an unlock does not). */
  keepsProcessAlive?(on: boolean): void
}

/** Starts a fresh engine: a worker thread (worker-line.ts) or an Electron utility process (src/main). */
export type SpawnEngine = () => EngineLine
