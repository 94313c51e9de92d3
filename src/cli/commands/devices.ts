import type { Command } from 'commander'
import type { DeviceInfo } from '../../shared/api.js'
import { withApi } from '../connect.js'
import { note, out, printJson } from '../output.js'
import { escapeForTerminal, shown } from '../terminal-text.js'

function describeState(device: DeviceInfo): string {
  if (device.thisDevice) return 'this device'
  if (device.revokedAt) return `revoked ${device.revokedAt}`
  return device.lastSeen ? `last seen ${device.lastSeen}` : 'paired, not seen yet'
}

export function registerDevices(program: Command): void {
  const devices = program
    .command('devices')
    .description("this vault's devices: name, key fingerprint, last seen")
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await withApi(command.optsWithGlobals(), (api) => api['devices.list']())
      if (options.json) return printJson(list)
      // A device names itself when it joins: its name is foreign text like any other.
      const names = list.map((d) => escapeForTerminal(d.name))
      const width = Math.max(...names.map((name) => name.length))
      list.forEach((device, i) => {
        out(`${shown`${device.id}`}  ${names[i]!.padEnd(width)}  ${device.fingerprint}  ${describeState(device)}\n`)
      })
    })

  devices
    .command('rename <id> <name>')
    .description('give a device a name of your own, e.g. "Work laptop" (both machines may carry the same host name)')
    .action(async (id: string, name: string, _options: unknown, command: Command) => {
      const renamed = await withApi(command.optsWithGlobals(), (api) => api['devices.rename']({ id, name }))
      out(shown`Renamed ${renamed.id} to ${renamed.name}` + '\n')
    })

  devices
    .command('revoke <id>')
    .description('revoke a device: its key is refused from its next connection on')
    .action(async (id: string, _options: unknown, command: Command) => {
      const revoked = await withApi(command.optsWithGlobals(), (api) => api['devices.revoke']({ id }))
      out(shown`Revoked ${revoked.name} (${revoked.id}, key ${revoked.fingerprint}) at ${revoked.revokedAt ?? ''}` + '\n')
      note(
        'The vault key was rotated: what is written from now on is under a key the revoked device never gets. ' +
          'Other devices learn of both at their next sync; the revoked device keeps what it had already synced.'
      )
    })
}
