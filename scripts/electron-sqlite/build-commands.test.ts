import { describe, expect, it } from 'vitest'
import { buildCommands, nodeGypCommand, prebuildInstallCommand } from './build-commands.js'

const tools = { node: '/usr/bin/node', prebuildInstall: '/repo/node_modules/prebuild-install/bin.js', nodeGyp: '/repo/node_modules/node-gyp/bin/node-gyp.js' }
const electron45 = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' }

describe('the commands that get better-sqlite3 for Electron', () => {
  it('first asks prebuild-install for the binary better-sqlite3 publishes for this Electron', () => {
    expect(prebuildInstallCommand(tools, electron45)).toEqual({
      label: 'download the prebuilt binary',
      file: '/usr/bin/node',
      args: [
        '/repo/node_modules/prebuild-install/bin.js',
        '--runtime=electron',
        '--target=45.4.1',
        '--platform=linux',
        '--arch=x64',
        '--verbose'
      ]
    })
  })

  it('else builds from source with node-gyp against Electron headers, kept apart from Node ones', () => {
    expect(nodeGypCommand(tools, { ...electron45, platform: 'darwin', arch: 'arm64' }, '/Users/ada')).toEqual({
      label: 'build from source',
      file: '/usr/bin/node',
      args: [
        '/repo/node_modules/node-gyp/bin/node-gyp.js',
        'rebuild',
        '--release',
        '--target=45.4.1',
        '--arch=arm64',
        '--dist-url=https://www.electronjs.org/headers',
        '--devdir=/Users/ada/.electron-gyp'
      ]
    })
  })

  it('tries the download before the build', () => {
    expect(buildCommands(tools, electron45, '/home/ada').map((command) => command.label)).toEqual([
      'download the prebuilt binary',
      'build from source'
    ])
  })
})
