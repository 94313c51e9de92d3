import type { UtilityProcess } from 'electron'
import type { EngineLine, FromEngine, SpawnEngine, ToEngine } from '../../core/engine/protocol.js'

/** Electron's utilityProcess.fork, passed in so this file needs no Electron runtime. */
export type Fork = (modulePath: string, args: string[], options: { serviceName: string; stdio: 'inherit' }) => UtilityProcess

/**
 * Starts the engine (out/main/engine-process.js) in a utility process: a process of its own, so
 * Argon2id, SQLite and Automerge never run on the main process's thread, and ending it on lock
 * gives all its memory back. The line speaks the same protocol as the worker thread under Node.
 */
export function utilityEngine(fork: Fork, entryPath: string): SpawnEngine {
  return () => {
    const child = fork(entryPath, [], { serviceName: 'MeVault engine', stdio: 'inherit' })
    let ended = false
    const exitListeners: Array<(why: string) => void> = []
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code: number) => {
        ended = true
        for (const listener of exitListeners) listener(`it exited with code ${code}`)
        resolve()
      })
    })
    return {
      post: (message: ToEngine) => {
        if (!ended) child.postMessage(message)
      },
      onMessage: (listener) => child.on('message', (message: FromEngine) => listener(message)),
      onExit: (listener) => void exitListeners.push(listener),
      terminate: async () => {
        if (ended) return
        child.kill()
        await exited
      }
    } satisfies EngineLine
  }
}
