import type { MeVaultApi, MethodName, VaultEvents } from '../shared/api.js'
import { notFound } from '../shared/errors.js'
import type { GlobalOptions } from './open-vault.js'
import { vaultDir } from './locations.js'
import { note } from './output.js'
import { deriveAhead } from './kdf-ahead.js'
import { askPassphrase } from './passphrase.js'
import { secretFromEnvironment } from './secrets-from-env.js'

export interface VaultConnection {
  api: MeVaultApi
  /** 'door': another MeVault process holds the vault and answers; 'self': this process opened it. */
  through: 'door' | 'self'
  /** Through the door: the holder's change events (`pair invite` waits on them for a device to join). */
  events?: VaultEvents
  /** The passphrase this command asked for to unlock, if it asked (`mevault passphrase` needs it again). */
  passphrase?: string
  /** Leaves the holder as it is (through the door), or locks the vault this process opened. */
  close(): Promise<void>
}

/**
 * The typed API for the vault the options name. When a MeVault process holds it (`mevault serve`,
 * `sync serve`, the app), the CLI calls that process through its front door, so commands work
 * while it runs; a holder still locked is unlocked with the passphrase and then stays unlocked
 * under its own idle lock. Otherwise this process unlocks the vault itself, as before.
 */
export async function connectToVault(options: GlobalOptions): Promise<VaultConnection> {
  return (await connectToHolder(options)) ?? openHere(vaultDir(options.vault))
}

/**
 * The holder's API when another MeVault process holds the vault (unlocked with the passphrase if it
 * was locked); undefined when none does. For a command that works differently on its own
 * (`pair invite` serves the new machine's first sync itself when nothing else will).
 */
export async function connectToHolder(options: GlobalOptions): Promise<VaultConnection | undefined> {
  const dir = vaultDir(options.vault)
  // Loaded here rather than at the top, so commands that never open a vault (and --help) start
  // without SQLite, libsodium and Automerge.
  const { knockFrontDoor } = await import('../core/front-door/door-client.js')
  const door = await knockFrontDoor(dir)
  if (door) {
    try {
      const state = await door.api['vault.state']()
      if (!state.exists) throw notFound(`No vault in ${dir} (create one with \`mevault init\`)`)
      const passphrase = state.unlocked ? undefined : await askPassphrase()
      if (passphrase !== undefined) await door.api['vault.unlock']({ passphrase })
      return { api: door.api, events: door.events, through: 'door', passphrase, close: async () => door.close() }
    } catch (error) {
      door.close()
      throw error
    }
  }
  return undefined
}

async function openHere(dir: string): Promise<VaultConnection> {
  // A passphrase given in the environment starts Argon2id at once, beside the loading below; one
  // typed at the prompt is asked for after that loading, and the KDF runs here, as before.
  const given = secretFromEnvironment('MEVAULT_PASSPHRASE')
  const ahead = given === undefined ? undefined : deriveAhead(dir, given)
  try {
    const [{ secureVaultFolder, vaultExists }, { createVaultService }, { resolveVaultLocation }, { METHOD_NAMES, parseMethodInput }] = await Promise.all([
      import('../core/vault/vault-file.js'),
      import('../core/service/index.js'),
      import('../core/vault/locations.js'),
      import('../shared/api.js')
    ])
    if (!vaultExists(dir)) throw notFound(`No vault in ${dir} (create one with \`mevault init\`)`)
    // Opening tightens it anyway (a folder left open by an earlier MeVault): here it is also said.
    const tightened = secureVaultFolder(dir)
    if (tightened) note(tightened)
    const passphrase = given ?? (await askPassphrase())
    const api = createVaultService(resolveVaultLocation({ vaultDir: dir }), {
      lockWaitMs: Number(process.env.MEVAULT_LOCK_WAIT_MS ?? 10_000)
    })
    const checked = validated(api, METHOD_NAMES, parseMethodInput)
    await ahead?.ready
    await checked['vault.unlock']({ passphrase })
    return { api: checked, through: 'self', passphrase, close: () => api['vault.lock']() }
  } finally {
    ahead?.stop()
  }
}

/** Every input checked by the API's own schemas, as the door checks it: the same errors either way. */
function validated(api: MeVaultApi, methods: readonly MethodName[], parse: (method: MethodName, raw: unknown) => unknown): MeVaultApi {
  const call = (method: MethodName, input: unknown): Promise<unknown> =>
    (api[method] as (input: unknown) => Promise<unknown>).call(api, parse(method, input))
  return Object.fromEntries(methods.map((method) => [method, (input: unknown) => call(method, input)])) as unknown as MeVaultApi
}

/** Connects, runs `work` against the API, and always lets go (locks what this process opened). */
export async function withApi<T>(options: GlobalOptions, work: (api: MeVaultApi, connection: VaultConnection) => Promise<T>): Promise<T> {
  const connection = await connectToVault(options)
  try {
    return await work(connection.api, connection)
  } finally {
    await connection.close()
  }
}
