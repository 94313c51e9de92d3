import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The Electron executable if one is installed, else null. Deliberately not `require('electron')`:
 * without a binary that module starts downloading one, which a test run must never do.
 */
export function installedElectronBinary(): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron')
    return existsSync(binary) ? binary : null
  }
  const packageDir = path.resolve('node_modules/electron')
  const pathFile = path.join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}
