import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { EngineLine, FromEngine, SpawnEngine, ToEngine } from './protocol.js'

/**
 * Where the worker's entry is, relative to this running file: next to it in the sources (through a
 * tsx bootstrap), or `engine-worker.js` in dist/cli when bundled by scripts/build-cli.mjs (this code
 * then sits in dist/cli or dist/cli/chunks).
 */
export function engineWorkerEntry(here: string = import.meta.url): URL {
  if (here.endsWith('.ts')) return new URL('./engine-worker-from-source.mjs', here)
  for (const candidate of ['./engine-worker.js', '../engine-worker.js']) {
    const url = new URL(candidate, here)
    if (existsSync(url)) return url
  }
  throw new Error(`The vault engine's entry (engine-worker.js) is missing beside ${here}: run \`npm run build:cli\``)
}

/** The engine in a worker thread of this process: its own heap, ended (and its memory freed) on terminate. */
export const spawnEngineWorker: SpawnEngine = () => lineToWorker(new Worker(engineWorkerEntry()))

export function lineToWorker(worker: Worker): EngineLine {
  let ended = false
  const exitListeners: Array<(why: string) => void> = []
  let lastError: string | undefined
  // An uncaught fault in the engine: its text may hold personal data, so only its kind is kept.
  worker.on('error', (error: Error) => (lastError = error.name))
  worker.once('exit', (code) => {
    ended = true
    const why = lastError ? `it failed (${lastError})` : `it exited with code ${code}`
    for (const listener of exitListeners) listener(why)
  })
  return {
    post: (message: ToEngine) => {
      if (!ended) worker.postMessage(message)
    },
    onMessage: (listener) => worker.on('message', (message: FromEngine) => listener(message)),
    onExit: (listener) => void exitListeners.push(listener),
    terminate: async () => {
      if (!ended) await worker.terminate()
    },
    keepsProcessAlive: (on) => (on ? worker.ref() : worker.unref())
  }
}
