import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Real mounts for storage-fault tests: a read-only bind mount (a read-only folder or medium, which
 * root's bypass of permission bits cannot get around) and a small tmpfs (a disk that fills up).
 * Each is set up and torn down by the test; where the machine does not allow mounting (not root,
 * or a container without the capability), MOUNTS_ALLOWED is false and the tests say they skip.
 */
export const MOUNTS_ALLOWED = probeMounts()
export const NO_MOUNTS = 'skipped: mounting needs root and the mount capability, which this machine does not give'

function run(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

function probeMounts(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  const point = mkdtempSync(join(tmpdir(), 'mevault-mount-probe-'))
  try {
    if (!run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', point])) return false
    return run('umount', [point])
  } finally {
    rmdirSync(point)
  }
}

/** Runs `work` with `mountPoint` mounted as given, and always unmounts (lazily if still busy) and removes it. */
async function withMount<T>(mountArgs: (point: string) => string[][], work: (point: string) => Promise<T> | T): Promise<T> {
  const point = mkdtempSync(join(tmpdir(), 'mevault-mount-'))
  let mounted = false
  try {
    for (const args of mountArgs(point)) {
      if (!run('mount', args)) throw new Error(`mount ${args.join(' ')} failed`)
      mounted = true // a remount changes the one mount, it adds none
    }
    return await work(point)
  } finally {
    if (mounted && !run('umount', [point])) run('umount', ['-l', point])
    rmdirSync(point)
  }
}

/** `dir` seen through a read-only bind mount: the same files, on a file system that refuses every write. */
export function withReadOnlyView<T>(dir: string, work: (view: string) => Promise<T> | T): Promise<T> {
  return withMount((point) => [['--bind', dir, point], ['-o', 'remount,ro,bind', point]], work)
}

/** A fresh tmpfs of `size` (as mount takes it: `512k`, `2m`), for a disk that fills up. */
export function withTmpfs<T>(size: string, work: (point: string) => Promise<T> | T): Promise<T> {
  return withMount((point) => [['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', point]], work)
}
