import { spawn } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, mkdirSync, statSync } from 'node:fs'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { createVaultService } from '../service/index.js'
import { isMeVaultError } from '../../shared/errors.js'
import type { VaultChange, VaultEvents } from '../../shared/api.js'
import { doorAddresses, DOOR_SOCKET_NAME, knockFrontDoor, MAX_CALL_BYTES, openFrontDoor, type FrontDoor } from './index.js'

const PASSPHRASE = 'correct horse battery staple'
const opened: FrontDoor[] = []
afterEach(async () => {
  for (const door of opened.splice(0)) await door.close()
})

/** A real vault service over a fresh vault, created and unlocked, with its door open. */
async function holder(vaultDir?: string) {
  const root = tempDir('mevault-door')
  const dir = vaultDir ?? join(root, 'vault')
  const api = createVaultService({ vaultDir: dir, keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
  await api['vault.create']({ passphrase: PASSPHRASE })
  const door = await openFrontDoor(api, dir)
  opened.push(door)
  return { api, dir, door }
}

/** Sends raw bytes on a fresh connection and collects the answer lines until `count` arrived. */
function rawExchange(path: string, bytes: string | Buffer, count: number): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path)
    let text = ''
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8')
      const lines = text.split('\n').filter(Boolean)
      if (lines.length >= count) {
        socket.destroy()
        resolve(lines.map((line) => JSON.parse(line) as Record<string, unknown>))
      }
    })
    socket.on('error', reject)
    socket.write(bytes)
  })
}

describe('the front door', () => {
  it('gives the CLI the holder’s own API: a change through the door is the holder’s change', async () => {
    const { api, dir } = await holder()
    const door = await knockFrontDoor(dir)
    expect(door).toBeDefined()
    await door!.api['fields.set']({ path: 'contact.email', value: 'ada@example.org', type: 'email' })
    expect((await api['fields.get']({ path: 'contact.email' })).value).toBe('ada@example.org')
    // Errors keep their code across the socket, so the CLI's exit codes stay right.
    const missing = await door!.api['fields.get']({ path: 'contact.nothing' }).catch((error: unknown) => error)
    expect(isMeVaultError(missing, 'NOT_FOUND')).toBe(true)
    const invalid = await door!.api['fields.set']({ path: 'nodot', value: 'x' }).catch((error: unknown) => error)
    expect(isMeVaultError(invalid, 'BAD_INPUT')).toBe(true)
    door!.close()
  })

  it('is a 0600 socket in a 0700 folder of this user’s', async () => {
    const { door, dir } = await holder()
    expect(door.path).toBe(join(dir, DOOR_SOCKET_NAME))
    expect(lstatSync(door.path).isSocket()).toBe(true)
    expect(statSync(door.path).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
  })

  it('moves to a private runtime folder when the vault’s path is too long for a socket', async () => {
    const runtime = tempDir('mevault-run')
    process.env.XDG_RUNTIME_DIR = runtime
    try {
      const deep = join(tempDir('mevault-deep'), 'a'.repeat(60), 'b'.repeat(40), 'vault')
      const { door } = await holder(deep)
      expect(door.path.startsWith(join(runtime, `mevault-${process.getuid!()}`))).toBe(true)
      expect(statSync(join(door.path, '..')).mode & 0o777).toBe(0o700)
      expect(statSync(door.path).mode & 0o777).toBe(0o600)
      expect(await knockFrontDoor(deep)).toBeDefined()
    } finally {
      delete process.env.XDG_RUNTIME_DIR
    }
  })

  it('refuses a runtime folder that others can enter: the passphrase could be caught there', async () => {
    const runtime = tempDir('mevault-run')
    process.env.XDG_RUNTIME_DIR = runtime
    try {
      const folder = join(runtime, `mevault-${process.getuid!()}`)
      mkdirSync(folder)
      chmodSync(folder, 0o755)
      const deep = join(tempDir('mevault-deep'), 'a'.repeat(60), 'b'.repeat(40), 'vault')
      const refused = await holder(deep).catch((error: unknown) => error)
      expect(isMeVaultError(refused)).toBe(true)
      expect(doorAddresses(deep).every((address) => !existsSync(address.path))).toBe(true)
    } finally {
      delete process.env.XDG_RUNTIME_DIR
    }
  })

  it('treats a socket left by a holder that died as no holder, and removes it', async () => {
    const dir = join(tempDir('mevault-stale'), 'vault')
    mkdirSync(dir, { mode: 0o700 })
    const path = join(dir, DOOR_SOCKET_NAME)
    // A real process listens there and is killed outright: its socket file stays behind.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`])
    await new Promise((resolve) => child.stdout.once('data', resolve))
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('close', resolve))
    expect(lstatSync(path).isSocket()).toBe(true)
    expect(await knockFrontDoor(dir)).toBeUndefined()
    expect(existsSync(path)).toBe(false)
  })

  it('answers hostile frames with an error and keeps serving', async () => {
    const { door, dir } = await holder()
    const [notJson] = await rawExchange(door.path, '{"id": 1, "method": \n', 1)
    expect(notJson).toMatchObject({ id: null, error: { code: 'BAD_INPUT' } })
    const answers = await rawExchange(
      door.path,
      ['[1,2]', '{"id":2,"method":"vault.rm -rf"}', '{"id":3,"method":"fields.get","input":{"path":"x"}}', '{"id":{},"method":"vault.state"}', ''].join('\n'),
      4
    )
    // Answers come as calls complete, not in order: each carries its id.
    expect(answers).toHaveLength(4)
    expect(answers).toEqual(expect.arrayContaining([
      { id: null, error: { code: 'BAD_INPUT', message: expect.any(String) } },
      { id: 2, error: { code: 'NOT_FOUND', message: 'No API method named "vault.rm -rf"' } },
      { id: 3, error: { code: 'BAD_INPUT', message: expect.stringContaining('path must be RECORD.FIELD') } },
      { id: null, error: { code: 'BAD_INPUT', message: expect.stringContaining('needs an id') } }
    ]))
    const [oversized] = await rawExchange(door.path, Buffer.alloc(MAX_CALL_BYTES + 10, 'a'), 1)
    expect(oversized).toMatchObject({ id: null, error: { code: 'BAD_INPUT', message: expect.stringContaining('at most') } })
    // The holder still serves everyone else.
    const client = await knockFrontDoor(dir)
    expect((await client!.api['vault.state']()).unlocked).toBe(true)
    client!.close()
  })

  it('sends the holder’s change events to a client that subscribes, and `lock` when the holder goes away', async () => {
    const root = tempDir('mevault-door')
    const dir = join(root, 'vault')
    const listeners = new Set<(change: VaultChange) => void>()
    const events: VaultEvents = { onChange: (listener) => (listeners.add(listener), () => void listeners.delete(listener)) }
    const api = createVaultService(
      { vaultDir: dir, keyFileFor: (id) => join(root, 'keys', `${id}.json`) },
      { onChange: (change) => listeners.forEach((listener) => listener(change)) }
    )
    await api['vault.create']({ passphrase: PASSPHRASE })
    const door = await openFrontDoor(api, dir, events)
    const client = (await knockFrontDoor(dir))!
    const heard: string[] = []
    const next = (kind: string): Promise<void> =>
      new Promise((resolve) => client.events.onChange((change) => change.kind === kind && resolve()))
    client.events.onChange((change) => heard.push(change.kind))
    const fields = next('fields')
    // Lines are read in order: once a call sent after the subscription is answered, it counts.
    await client.api['vault.state']()
    // Another face's change (the holder's own page, here its API directly) reaches the subscriber.
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
    await fields
    expect(heard).toEqual(['fields'])
    expect(listeners.size).toBe(1)
    const locked = next('lock')
    await door.close()
    await locked
    expect(heard).toEqual(['fields', 'lock'])
    // The holder stops sending to a client that went away.
    await new Promise((resolve) => setImmediate(resolve))
    expect(listeners.size).toBe(0)
    await api['vault.lock']()
  })

  it('answers a subscription NOT_FOUND when its holder has no events, and keeps serving calls', async () => {
    const { dir } = await holder()
    const [answer] = await rawExchange(join(dir, DOOR_SOCKET_NAME), '{"id":1,"method":"door.subscribe"}\n', 1)
    expect(answer).toMatchObject({ id: 1, error: { code: 'NOT_FOUND' } })
    const client = (await knockFrontDoor(dir))!
    client.events.onChange(() => {})
    expect((await client.api['vault.state']()).unlocked).toBe(true)
    client.close()
  })

  it('refuses a second holder for the same vault while the first one answers', async () => {
    const { api, dir } = await holder()
    const second = await openFrontDoor(api, dir).catch((error: unknown) => error)
    expect(isMeVaultError(second, 'BUSY')).toBe(true)
  })
})
