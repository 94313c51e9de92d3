import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { startCli } from '../helpers/cli-process.js'
import { cliSandbox } from '../helpers/cli.js'
import { startServe } from './serve-fixture.js'

/** CLI runs that unlock (Argon2id, 64 MiB) and start holders: minutes on a busy machine. */
const CLI_RUNS = 900_000
const PASSPHRASE = 'correct horse battery staple'

const listOf = (stdout: string): Array<[string, string]> =>
  (JSON.parse(stdout) as Array<{ path: string; value: string }>).map((field) => [field.path, field.value])

/** Waits for a line on a long-running command's stderr (where its notes go). */
async function stderrMatch(run: { stderr: string; exited: Promise<number> }, pattern: RegExp): Promise<RegExpMatchArray> {
  let exited = false
  void run.exited.then(() => (exited = true))
  for (;;) {
    const match = pattern.exec(run.stderr)
    if (match) return match
    if (exited) throw new Error(`no ${pattern} on stderr: ${run.stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('pair invite and sync folder while another MeVault process holds the vault', () => {
  it('through `mevault serve`: the code opens on serve, a new machine joins, and folders sync through serve as they do without it', async () => {
    const laptop = cliSandbox(PASSPHRASE)
    const phone = cliSandbox(PASSPHRASE)
    expect(laptop.run(['init']).code).toBe(EXIT.OK)
    expect(laptop.run(['set', 'contact.email', 'ada@example.org']).code).toBe(EXIT.OK)
    const serve = await startServe(laptop.env, laptop.root)
    try {
      expect((await serve.call('vault.unlock', { passphrase: PASSPHRASE })).ok).toBe(true)
      // Without the front door this is "busy": serve holds the vault while unlocked.
      const invite = startCli(['pair', 'invite', '--json'], laptop.env, laptop.root)
      const { code, port } = JSON.parse((await invite.waitFor(/\{[\s\S]*\}\n/))[0]) as { code: string; port: number }
      // The invitation is serve's own: the page's Devices screen shows the same code.
      expect(await serve.call('devices.syncStatus')).toMatchObject({ value: { invitation: { code, port } } })

      const accepted = await phone.runAsync(['pair', 'accept', code, '--name', 'phone', '--json'])
      expect({ code: accepted.code, stderr: accepted.stderr }).toEqual({ code: EXIT.OK, stderr: expect.any(String) })
      const joined = JSON.parse(accepted.stdout) as { deviceId: string; firstSync: unknown }
      // serve sent the vault: the new machine's first sync came back to serve's listener.
      expect(joined.firstSync).toMatchObject({ recordsAdded: 1, fieldsAdded: 1 })
      expect(await invite.exited).toBe(EXIT.OK)
      expect(invite.stderr).toMatch(/Paired with phone/)
      const devices = (await serve.call('devices.list')).value as Array<{ id: string; name: string }>
      expect(devices).toContainEqual(expect.objectContaining({ id: joined.deviceId, name: 'phone' }))

      // The phone writes its files into a shared folder (no holder on its side: it opens its vault itself).
      expect(phone.run(['set', 'contact.city', 'Oslo']).code).toBe(EXIT.OK)
      const folder = join(laptop.root, 'shared')
      mkdirSync(folder)
      expect(phone.run(['sync', 'folder', folder]).code).toBe(EXIT.OK)
      writeFileSync(join(folder, '0123456789abcdef.00ff.mvsync'), randomBytes(300))
      // The laptop's exchange runs inside serve: serve's vault gets the field, and the skipped file still says so.
      const throughServe = laptop.run(['sync', 'folder', folder, '--json'])
      expect(throughServe.code).toBe(EXIT.SKIPPED)
      expect(throughServe.stderr).toContain('sync folder: skipped 0123456789abcdef.00ff.mvsync: failed authentication')
      const heldResult = JSON.parse(throughServe.stdout) as Record<string, unknown>
      expect(heldResult).toMatchObject({ fieldsAdded: 1, skipped: 1, skippedReasons: { failedAuthentication: 1 } })
      expect(await serve.call('fields.get', { path: 'contact.city' })).toMatchObject({ ok: true, value: { value: 'Oslo' } })
      const text = laptop.run(['sync', 'folder', folder])
      expect(text.stdout).toMatch(/^Read \d+ and wrote \d+ files in .*shared: already in step: nothing changed here; skipped 1 file \(1 failed authentication\): see the lines above\n$/)

      expect(await serve.stop()).toBe(0)
      // The same exchange with no holder: the same report, in the same shape.
      const alone = laptop.run(['sync', 'folder', folder, '--json'])
      expect(alone.code).toBe(EXIT.SKIPPED)
      const ownResult = JSON.parse(alone.stdout) as Record<string, unknown>
      expect(Object.keys(ownResult).sort()).toEqual(Object.keys(heldResult).sort())
      expect(ownResult).toEqual({ ...heldResult, fieldsAdded: 0, documents: ownResult.documents })
      expect(listOf(laptop.run(['list', '--json']).stdout)).toEqual(listOf(phone.run(['list', '--json']).stdout))
    } finally {
      await serve.stop()
    }
  }, CLI_RUNS)

  it('through `mevault sync serve`: Ctrl+C cancels the code on the holder, and a port or host it cannot use is one clear line', async () => {
    const laptop = cliSandbox(PASSPHRASE)
    const phone = cliSandbox(PASSPHRASE)
    expect(laptop.run(['init']).code).toBe(EXIT.OK)
    const holder = startCli(['sync', 'serve'], laptop.env, laptop.root)
    try {
      const [, served] = await holder.waitFor(/Syncing with paired devices on 127\.0\.0\.1:(\d+)/, 300_000)
      const invite = startCli(['pair', 'invite', '--minutes', '5'], laptop.env, laptop.root)
      const [code] = await invite.waitFor(/^mv1-\S+$/m)
      const [, syncPort] = await stderrMatch(invite, /sync listener on 127\.0\.0\.1:(\d+)/)
      // The holder keeps its address: the new machine's first sync goes where `sync serve` listens.
      expect(syncPort).toBe(served)
      expect(await invite.stop()).toBe(EXIT.NOT_FOUND)
      expect(invite.stderr).toMatch(/mevault: The invitation ended and no device joined\n$/)
      // Cancelled on the holder: nothing listens for that code any more.
      expect((await phone.runAsync(['pair', 'accept', code!])).code).toBe(EXIT.UNREACHABLE)

      expect(laptop.run(['pair', 'invite', '--port', syncPort!])).toMatchObject({
        code: EXIT.BAD_INPUT,
        stderr: `mevault: Port ${syncPort} is this vault's sync listener; the invitation needs a port of its own: choose another, or leave it out for any free one\n`
      })
      const moved = laptop.run(['pair', 'invite', '--host', '0.0.0.0'])
      expect(moved.code).toBe(EXIT.BAD_INPUT)
      expect(moved.stderr).toMatch(/^mevault: This vault already listens for sync on 127\.0\.0\.1:\d+ and keeps that address; .*\n$/)
      expect(laptop.run(['pair', 'invite', '--minutes', '0']).code).toBe(EXIT.BAD_INPUT)
    } finally {
      expect(await holder.stop()).toBe(EXIT.OK)
    }
    // Without a holder, a port some other program holds is the same one line, not a crash.
    const other = createServer()
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const taken = (other.address() as AddressInfo).port
    try {
      expect(laptop.run(['pair', 'invite', '--port', String(taken)])).toMatchObject({
        code: EXIT.BUSY,
        stderr: `mevault: Port ${taken} on 127.0.0.1 is already in use: choose another port, or leave it out for any free one\n`
      })
    } finally {
      other.close()
    }
  }, CLI_RUNS)
})
