/** The engine's entry in a worker thread (`mevault serve`, tests): the protocol over the worker's parentPort. */
import { parentPort } from 'node:worker_threads'
import type { FromEngine, ToEngine } from './protocol.js'
import { serveEngine } from './serve-engine.js'

if (!parentPort) throw new Error('engine-worker runs only as a worker thread')
const port = parentPort
serveEngine({
  post: (message: FromEngine) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (message: ToEngine) => listener(message))
})
