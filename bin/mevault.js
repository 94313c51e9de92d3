#!/usr/bin/env node
// The `mevault` command. It runs the compiled CLI in dist/cli (built by `npm ci` through `prepare`, or
// by `npm run build:cli`) when that build is current; otherwise the TypeScript sources through tsx,
// which is always current but compiles everything on each start (about ten times slower to start).
import module from 'node:module'
import { pathToFileURL } from 'node:url'
import { currentBuild } from './compiled-cli.js'

// Node 22.1 and later keep V8's compiled code of each module on disk, so the next start skips
// compiling it again; Node 20 has no such cache for ES modules (and no such function).
module.enableCompileCache?.()

const compiled = currentBuild()
let main
if (compiled) {
  if (process.env.MEVAULT_DEBUG) process.setSourceMapsEnabled(true) // stack traces name the .ts lines
  ;({ main } = await import(pathToFileURL(compiled).href))
} else {
  if (process.stderr.isTTY) {
    process.stderr.write('mevault: running from the sources (dist/cli is missing or older than src): `npm run build:cli` makes it start fast\n')
  }
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/cli/main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
