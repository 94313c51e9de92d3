import { copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { tempDir } from './temp-dir.js'

const require = createRequire(import.meta.url)

/** The better-sqlite3 binding `npm ci` built for this Node, where better-sqlite3 itself loads it from. */
export const nodeSqliteBinding = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node')

/**
 * A copy of Node's binding at a path of its own (removed after the test): given as `nativeBinding`,
 * it shows whether the code under test loaded the binding it was given or better-sqlite3's own.
 */
export function copyOfNodeSqliteBinding(): string {
  const copy = join(tempDir('mevault-binding'), 'better_sqlite3.node')
  copyFileSync(nodeSqliteBinding, copy)
  return copy
}

/** Whether this process has loaded that binding file (Node keeps every loaded `.node` in require.cache). */
export const hasLoaded = (bindingPath: string): boolean => bindingPath in require.cache
