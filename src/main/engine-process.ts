/**
 * The vault engine in Electron's utility process (started by ./engine/utility-engine.ts): the same
 * engine loop as the worker thread under Node (src/core/engine/serve-engine.ts), over the utility
 * process's parentPort. No electron import: this process runs only the core.
 */
import type { FromEngine, ToEngine } from '../core/engine/protocol.js'
import { serveEngine } from '../core/engine/serve-engine.js'

/** Electron's process.parentPort, as a utility process has it (typed here: @types/node does not know it). */
interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort
if (!port) throw new Error('engine-process runs only as an Electron utility process')
serveEngine({
  post: (message: FromEngine) => port.postMessage(message),
  onMessage: (listener) => port.on('message', ({ data }) => listener(data as ToEngine))
})
