import { randomBytes } from 'node:crypto'
import { closeSync, fchmodSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `data` to `path`, readable and writable by its owner only (0600) whatever was there
 * before. The data goes into a new 0600 file beside it (a fresh name, never one already there,
 * so a link planted in its place is not followed), which is then renamed over the old one: an
 * earlier file's wider mode never receives the secret, and a crash leaves either the old file or
 * the new one whole, never half of each (another machine's sync tool never copies half a file).
 * `durable: false` skips the disk syncs, for files that are written again at every run anyway.
 * `replace: false` refuses (EEXIST) when `path` exists: the file is linked into place instead of
 * renamed, so even a new file never appears half written (a disk that fills up mid-write leaves
 * no partial plaintext export behind).
 */
export function writePrivateFile(path: string, data: string | Uint8Array, { durable = true, replace = true } = {}): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const fd = openSync(temp, 'wx', 0o600)
  try {
    fchmodSync(fd, 0o600) // exact, whatever the umask
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done)
    if (durable) fsyncSync(fd)
    closeSync(fd)
    if (replace) renameSync(temp, path)
    else {
      linkSync(temp, path)
      rmSync(temp)
    }
  } catch (error) {
    try {
      closeSync(fd)
    } catch {
      // already closed
    }
    rmSync(temp, { force: true })
    // A write's error names no file (it was made on a descriptor): say which file could not be written.
    if (error instanceof Error && !('path' in error)) Object.assign(error, { path })
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
