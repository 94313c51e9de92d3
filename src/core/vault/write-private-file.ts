import { randomBytes } from 'node:crypto'
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `data` to `path`, readable and writable by its owner only (0600) whatever was there
 * before. The data goes into a new 0600 file beside it (a fresh name, never one already there,
 * so a link planted in its place is not followed), which is then renamed over the old one: an
 * earlier file's wider mode never receives the secret, and a crash leaves either the old file or
 * the new one whole, never half of each (another machine's sync tool never copies half a file).
 * `durable: false` skips the disk syncs, for files that are written again at every run anyway.
 */
export function writePrivateFile(path: string, data: string | Uint8Array, { durable = true } = {}): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const fd = openSync(temp, 'wx', 0o600)
  try {
    fchmodSync(fd, 0o600) // exact, whatever the umask
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done)
    if (durable) fsyncSync(fd)
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
  if (durable) syncFolder(dirname(path))
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
