import { chmodSync, closeSync, fchmodSync, openSync, statSync } from 'node:fs'

/** Only the owner may read or write the vault's files, or list its folder. */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

/** Unix modes mean nothing on Windows (its ACLs are inherited from the user's folder). */
const HAS_MODES = process.platform !== 'win32'

/**
 * Creates the file empty if it is missing, mode 0600 whatever the umask; an existing file is left
 * as it is. SQLite then opens it instead of creating it 0644, and gives its -wal and -shm the
 * main file's mode.
 */
export function createPrivateFile(path: string): void {
  const fd = openSync(path, 'a', PRIVATE_FILE_MODE)
  try {
    // The mode given to open() is masked by the umask; set it exactly.
    if (HAS_MODES) fchmodSync(fd, PRIVATE_FILE_MODE)
  } finally {
    closeSync(fd)
  }
}

/**
 * Takes group and other permissions away from a file or folder this user owns (made by an earlier
 * MeVault, or by a generous umask). Returns the mode it had when it changed it, else undefined:
 * missing, already private, or someone else's (not ours to change).
 */
export function makePrivate(path: string, mode: number): number | undefined {
  if (!HAS_MODES) return undefined
  let stat
  try {
    stat = statSync(path)
  } catch {
    return undefined
  }
  const current = stat.mode & 0o777
  if ((current & ~mode) === 0 || stat.uid !== process.getuid?.()) return undefined
  try {
    chmodSync(path, current & mode)
  } catch {
    return undefined // a read-only disk: nothing can be changed there, and nothing is written either
  }
  return current
}
