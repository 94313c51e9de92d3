// Where the compiled CLI lives, and whether it is current. Shared by bin/mevault.js (which runs it)
// and scripts/build-cli.mjs (which writes it). Plain JavaScript: it runs before anything is compiled.
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'

export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url))
export const BUILD_DIR = fileURLToPath(new URL('../dist/cli/', import.meta.url))
/** Written last by a build: when it started, and every source file that went into it. */
export const BUILD_INFO = 'build.json'
export const ENTRY = 'main.js'

/**
 * The compiled entry point when a build exists and no source it was built from changed since it
 * started (or went missing); else null, and the caller runs the sources instead. Checking only the
 * build's own inputs is enough: a new source file only runs once an existing one imports it.
 */
export function currentBuild() {
  let info
  try {
    info = JSON.parse(readFileSync(BUILD_DIR + BUILD_INFO, 'utf8'))
  } catch {
    return null // never built (or a build was interrupted before it finished)
  }
  try {
    for (const source of info.sources) {
      if (statSync(PROJECT_DIR + source).mtimeMs > info.startedAt) return null
    }
  } catch {
    return null // a source was removed or renamed since
  }
  return BUILD_DIR + ENTRY
}
