import { chmodSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { cliSandbox } from '../helpers/cli.js'
import { startCli } from '../helpers/cli-process.js'

const listOf = (stdout: string): Array<[string, string]> =>
  (JSON.parse(stdout) as Array<{ path: string; value: string }>).map((field) => [field.path, field.value])

describe('mevault pair, sync and devices on the command line', () => {
  it('pairs a new machine, syncs both ways, and refuses it once revoked', async () => {
    const laptop = cliSandbox()
    const phone = cliSandbox()
    expect(laptop.run(['init', '--json']).code).toBe(0)
    expect(laptop.run(['set', 'contact.email', 'ada@example.org', '--type', 'email']).code).toBe(0)
    expect(laptop.run(['set', 'finance.iban', 'GB33BUKB20201555555555', '--tier', 'private']).code).toBe(0)

    const invite = startCli(['pair', 'invite', '--json'], laptop.env, laptop.root)
    const { code } = JSON.parse((await invite.waitFor(/\{[\s\S]*\}\n/))[0]) as { code: string }
    expect(code).toMatch(/^mv1-[1-9A-HJ-NP-Za-km-z]+$/)
    // The phone keeps its key file where MeVault puts it by default (no MEVAULT_KEY_FILE), in a folder
    // an earlier tool left open to others: joining makes that folder owner-only, as init does.
    const defaultKeyFolder = join(phone.env.XDG_CONFIG_HOME!, 'mevault', 'keys')
    mkdirSync(defaultKeyFolder, { recursive: true, mode: 0o755 })
    chmodSync(defaultKeyFolder, 0o755)
    const accepted = await phone.runAsync(['pair', 'accept', code, '--name', 'phone', '--json'], { MEVAULT_KEY_FILE: undefined })
    expect({ code: accepted.code, stderr: accepted.stderr }).toEqual({ code: EXIT.OK, stderr: expect.any(String) })
    const joined = JSON.parse(accepted.stdout)
    expect(dirname(joined.keyFile)).toBe(defaultKeyFolder)
    expect(statSync(defaultKeyFolder).mode & 0o777).toBe(0o700)
    phone.env.MEVAULT_KEY_FILE = joined.keyFile
    expect(joined.firstSync).toMatchObject({ recordsAdded: 2, fieldsAdded: 2 })
    expect(await invite.exited).toBe(EXIT.OK)
    expect(invite.stderr).toMatch(/Paired with phone/)
    expect(listOf(phone.run(['list', '--json']).stdout)).toEqual(listOf(laptop.run(['list', '--json']).stdout))

    // The code was used: a third machine cannot use it again.
    const late = cliSandbox()
    const again = late.run(['pair', 'accept', code])
    expect(again.code).toBe(EXIT.UNREACHABLE)
    expect(again.stderr).toMatch(/used, has expired/)
    expect(late.run(['pair', 'accept', 'mv1-notacode']).code).toBe(EXIT.BAD_INPUT)

    // Each edits while apart, then the phone syncs with the laptop's `sync serve`.
    expect(phone.run(['set', 'contact.city', 'Oslo']).code).toBe(0)
    expect(laptop.run(['set', 'prefs.theme', 'dark', '--tier', 'public']).code).toBe(0)
    const serve = startCli(['sync', 'serve'], laptop.env, laptop.root)
    const [, address] = await serve.waitFor(/on (127\.0\.0\.1:\d+)/)
    const synced = await phone.runAsync(['sync', 'now', '--peer', address!])
    expect(synced.code).toBe(EXIT.OK)
    expect(synced.stdout).toMatch(/In step with 127\.0\.0\.1:\d+: 1 record added, 1 field added/)
    expect(await serve.stop()).toBe(EXIT.OK)
    expect(serve.stderr).toMatch(/connected to .*device [0-9a-f]{16} \([0-9a-f]{16}\)/)
    for (const value of ['Oslo', 'ada@example.org', 'GB33', 'phone']) expect(serve.stderr).not.toContain(value)
    expect(listOf(laptop.run(['list', '--json']).stdout)).toEqual(listOf(phone.run(['list', '--json']).stdout))

    const devices = JSON.parse(laptop.run(['devices', '--json']).stdout) as Array<{ id: string; name: string; lastSeen?: string }>
    expect(devices.map((device) => device.name).sort()).toEqual(['phone', expect.any(String)])
    const phoneEntry = devices.find((device) => device.name === 'phone')!
    expect(phoneEntry.id).toBe(joined.deviceId)
    expect(phoneEntry.lastSeen).toBeDefined()

    // Revoked: the phone's next sync is refused, with its own exit code.
    expect(laptop.run(['devices', 'revoke', phoneEntry.id]).code).toBe(EXIT.OK)
    expect(laptop.run(['devices']).stdout).toMatch(new RegExp(`${phoneEntry.id} .* revoked`))
    const serveAgain = startCli(['sync', 'serve'], laptop.env, laptop.root)
    const [, address2] = await serveAgain.waitFor(/on (127\.0\.0\.1:\d+)/)
    const refused = await phone.runAsync(['sync', 'now', '--peer', address2!])
    await serveAgain.stop()
    expect(refused.code).toBe(EXIT.PEER_REFUSED)
    expect(refused.stderr).toMatch(/refused this device/)
    expect(serveAgain.stderr).toMatch(/not paired with this device \(or was revoked\)/)
    expect(phone.run(['sync', 'now', '--peer', 'nonsense']).code).toBe(EXIT.BAD_INPUT)
  }, 240_000) // some twenty CLI runs, each paying Argon2id (64 MiB) to unlock

  it('lets a running `sync serve --invite` take a new machine in and keep syncing with it', async () => {
    const laptop = cliSandbox()
    const phone = cliSandbox()
    expect(laptop.run(['init', '--json']).code).toBe(0)
    expect(laptop.run(['set', 'contact.email', 'ada@example.org']).code).toBe(0)
    const serve = startCli(['sync', 'serve', '--invite'], laptop.env, laptop.root)
    const [, address] = await serve.waitFor(/on (127\.0\.0\.1:\d+)/)
    const [, code] = await serve.waitFor(/Invitation: (mv1-\S+)/)
    const accepted = await phone.runAsync(['pair', 'accept', code!, '--name', 'phone', '--json'])
    expect(accepted.code).toBe(EXIT.OK)
    expect(JSON.parse(accepted.stdout).firstSync).toMatchObject({ fieldsAdded: 1 })
    expect(phone.run(['set', 'contact.city', 'Oslo']).code).toBe(0)
    expect((await phone.runAsync(['sync', 'now', '--peer', address!])).code).toBe(EXIT.OK)
    expect(await serve.stop()).toBe(EXIT.OK)
    expect(laptop.run(['get', 'contact.city']).stdout).toBe('Oslo\n')
  }, 180_000)

  it('syncs two paired machines through a folder with `sync folder`', async () => {
    const laptop = cliSandbox()
    const phone = cliSandbox()
    expect(laptop.run(['init', '--json']).code).toBe(0)
    const serve = startCli(['sync', 'serve', '--invite'], laptop.env, laptop.root)
    const [, code] = await serve.waitFor(/Invitation: (mv1-\S+)/)
    expect((await phone.runAsync(['pair', 'accept', code!, '--name', 'phone'])).code).toBe(EXIT.OK)
    await serve.stop()
    const folder = `${laptop.root}/shared`
    expect(laptop.run(['set', 'contact.email', 'ada@example.org']).code).toBe(0)
    expect(laptop.run(['sync', 'folder', folder]).code).toBe(EXIT.OK)
    const synced = phone.run(['sync', 'folder', folder])
    expect(synced.code).toBe(EXIT.OK)
    expect(synced.stdout).toMatch(/1 record added, 1 field added/)
    expect(phone.run(['get', 'contact.email']).stdout).toBe('ada@example.org\n')
  }, 180_000)
})
