import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The project's folder: the nearest one above this module that holds package.json. Found by looking
 * rather than by a fixed `../..`, because this module runs from src/cli (through tsx) and from the
 * build in dist/cli, at different depths.
 */
export function projectRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`)
  }
}
