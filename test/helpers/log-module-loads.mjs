// Loaded with `node --import` (through NODE_OPTIONS) by tests that check what a `mevault` process
// loads: every module URL it resolves is appended to the file named by MEVAULT_TEST_MODULE_LOG.
import { appendFileSync } from 'node:fs'
import { register } from 'node:module'
import { isMainThread } from 'node:worker_threads'

// Module hooks run on their own thread: this same file is registered as the hook module there.
if (isMainThread) register(import.meta.url, { data: process.env.MEVAULT_TEST_MODULE_LOG })

let logFile

export function initialize(file) {
  logFile = file
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  if (logFile) appendFileSync(logFile, `${resolved.url}\n`)
  return resolved
}
