import { randomBytes } from 'node:crypto'
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `text` to `path`, readable and writable by its owner only (0600) whatever was there
 * before. The text goes into a new 0600 file beside it, which is then renamed over the old one:
 * an earlier file's wider mode (or a link in its place) never receives the secret, and a crash
 * leaves either the old file or the new one whole, never half of each.
 */
export function writePrivateFile(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const fd = openSync(temp, 'wx', 0o600)
  try {
    fchmodSync(fd, 0o600) // exact, whatever the umask
    writeSync(fd, text)
    fsyncSync(fd)
    closeSync(fd)
    renameSync(temp, path)
  } catch (error) {
    try {
      closeSync(fd)
    } catch {
      // already closed
    }
    rmSync(temp, { force: true })
    throw error
  }
  syncFolder(dirname(path))
}

/** Makes the rename itself durable; a platform that cannot open a folder (Windows) skips it. */
function syncFolder(dir: string): void {
  let fd: number
  try {
    fd = openSync(dir, 'r')
  } catch {
    return
  }
  try {
    fsyncSync(fd)
  } catch {
    // some file systems refuse fsync on a folder; the file itself is already durable
  } finally {
    closeSync(fd)
  }
}
