import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const BUILD_DIR = join(import.meta.dirname, '..', '..', 'dist', 'cli')

/**
 * The packages behind the module URLs a `mevault` process loaded (see helpers/log-module-loads.mjs):
 * those it loaded from node_modules, and those bundled into the dist/cli files it loaded, which
 * scripts/build-cli.mjs lists in build.json.
 */
export function loadedPackages(urls: readonly string[]): string[] {
  const bundled = (JSON.parse(readFileSync(join(BUILD_DIR, 'build.json'), 'utf8')) as { bundled: Record<string, string[]> }).bundled
  const packages = new Set<string>()
  for (const url of urls) {
    const fromModules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]
    if (fromModules) packages.add(fromModules)
    else if (url.startsWith('file:')) for (const name of bundled[relative(BUILD_DIR, fileURLToPath(url))] ?? []) packages.add(name)
  }
  return [...packages].sort()
}

/** Those of `names` (a package, or a scope such as '@automerge/') among the loaded packages. */
export function heavyLoaded(urls: readonly string[], names: readonly string[]): string[] {
  return loadedPackages(urls).filter((pkg) => names.some((name) => (name.endsWith('/') ? pkg.startsWith(name) : pkg === name)))
}
