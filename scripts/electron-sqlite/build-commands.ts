import path from 'node:path'

/**
 * The two ways to get better-sqlite3 for Electron, tried in this order inside a copy of the
 * package (never in node_modules, whose build is Node's): the prebuilt binary that better-sqlite3
 * publishes for each Electron ABI (needs github.com), else a build from source against Electron's
 * headers (needs www.electronjs.org, Python and a C++ compiler). Both leave the binary in
 * build/Release/better_sqlite3.node of the copy.
 */

/** Where node-gyp fetches Electron's headers from (as @electron/rebuild does). */
export const ELECTRON_HEADERS_URL = 'https://www.electronjs.org/headers'

export interface ElectronTarget {
  electronVersion: string
  platform: string
  arch: string
}

/** The tools, as installed in node_modules, and the Node that runs them. */
export interface BuildTools {
  node: string
  prebuildInstall: string
  nodeGyp: string
}

/** A command run in the package copy: `file` with `args`, no shell. */
export interface BuildCommand {
  label: string
  file: string
  args: string[]
}

export function prebuildInstallCommand(tools: BuildTools, target: ElectronTarget): BuildCommand {
  return {
    label: 'download the prebuilt binary',
    file: tools.node,
    args: [
      tools.prebuildInstall,
      '--runtime=electron',
      `--target=${target.electronVersion}`,
      `--platform=${target.platform}`,
      `--arch=${target.arch}`,
      '--verbose'
    ]
  }
}

export function nodeGypCommand(tools: BuildTools, target: ElectronTarget, homeDir: string): BuildCommand {
  return {
    label: 'build from source',
    file: tools.node,
    args: [
      tools.nodeGyp,
      'rebuild',
      '--release',
      `--target=${target.electronVersion}`,
      `--arch=${target.arch}`,
      `--dist-url=${ELECTRON_HEADERS_URL}`,
      // Electron's headers apart from Node's (the same folder @electron/rebuild uses).
      `--devdir=${path.join(homeDir, '.electron-gyp')}`
    ]
  }
}

export function buildCommands(tools: BuildTools, target: ElectronTarget, homeDir: string): BuildCommand[] {
  return [prebuildInstallCommand(tools, target), nodeGypCommand(tools, target, homeDir)]
}
