/**
 * Vitest's global setup. The CLI tests run bin/mevault.js as users do, and it runs the compiled
 * build in dist/cli when that is current: compile it first if a source changed since the last build.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

export default function buildCli(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build-cli.mjs'), '--if-stale'], { stdio: 'inherit' })
}
