/**
 * Where a vault's front door (the local socket of the process that holds it) is. Both sides work
 * it out from the vault folder alone, so nothing has to be recorded: the holder listens at the
 * first address it can use, the CLI knocks at each in turn.
 */
import { createHash } from 'node:crypto'
import { lstatSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The socket's name inside the vault folder (the vault folder accepts it as one of its own files). */
export const DOOR_SOCKET_NAME = 'front-door.sock'

/**
 * sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included: a longer path
 * cannot be bound at all, so a vault in a deep folder gets its door in a short runtime folder.
 */
export const MAX_SOCKET_PATH_BYTES = 103

/** A short, stable name per vault folder: the same vault always gets the same door. */
export function vaultTag(vaultDir: string): string {
  return createHash('sha256').update(resolve(vaultDir)).digest('hex').slice(0, 16)
}

export interface DoorAddress {
  /** The socket path (or, on Windows, the named pipe). */
  path: string
  /** The folder that must be private to this user for the door to be trusted; none for a named pipe. */
  folder?: string
  /** 'vault': the vault folder, used as it is; 'runtime': MeVault's own folder, made when missing. */
  kind: 'vault' | 'runtime' | 'pipe'
}

/**
 * The addresses, in the order the holder tries them: the vault folder itself (0700 already), then a
 * 0700 folder of this user's under $XDG_RUNTIME_DIR (else the system's temporary folder).
 * On Windows a named pipe: `\\.\pipe\mevault-<tag>`. Named pipes are not files, so the folder
 * rules do not apply there; this path is written but cannot be tested on this Linux machine.
 */
export function doorAddresses(
  vaultDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): DoorAddress[] {
  if (platform === 'win32') return [{ path: `\\\\.\\pipe\\mevault-${vaultTag(vaultDir)}`, kind: 'pipe' }]
  const inVault = join(resolve(vaultDir), DOOR_SOCKET_NAME)
  const runtimeFolder = privateRuntimeFolder(env)
  const addresses: DoorAddress[] = []
  if (Buffer.byteLength(inVault) <= MAX_SOCKET_PATH_BYTES) addresses.push({ path: inVault, folder: resolve(vaultDir), kind: 'vault' })
  addresses.push({ path: join(runtimeFolder, `${vaultTag(vaultDir)}.sock`), folder: runtimeFolder, kind: 'runtime' })
  return addresses
}

/** `mevault-<uid>` under $XDG_RUNTIME_DIR (already per user) or the temporary folder (shared: checked). */
function privateRuntimeFolder(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_RUNTIME_DIR && env.XDG_RUNTIME_DIR.startsWith('/') ? env.XDG_RUNTIME_DIR : tmpdir()
  return join(base, `mevault-${process.getuid?.() ?? 'user'}`)
}

/**
 * Whether `folder` is a real folder (not a link) owned by this user and closed to everyone else.
 * A folder in a shared place could have been made by another user first, to catch what the CLI
 * sends (a passphrase): such a door is never used.
 */
export function isPrivateFolder(folder: string): boolean {
  try {
    const stat = lstatSync(folder)
    return stat.isDirectory() && (stat.mode & 0o077) === 0 && ownedByMe(stat.uid)
  } catch {
    return false
  }
}

/** The runtime folder, made 0700 when missing; false when it exists but is not this user's own. */
export function prepareRuntimeFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { mode: 0o700 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false
  }
  return isPrivateFolder(folder)
}

export function ownedByMe(uid: number): boolean {
  const me = process.getuid?.()
  return me === undefined || uid === me
}
