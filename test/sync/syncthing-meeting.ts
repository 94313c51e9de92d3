import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { tempDir } from '../helpers/temp-dir.js'

/**
 * Syncthing's name for the version that lost a conflict (`conflictName` in
 * syncthing/lib/model/folder_sendrecv.go): the name without its extension, `.sync-conflict-`, the
 * date and time, the short id of the Syncthing device that last modified it, then the extension.
 */
export function conflictName(name: string, at: Date, shortDeviceId: string): string {
  const extension = extname(name)
  const stamp = at.toISOString().replace(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2}).*$/, '$1$2$3-$4$5$6')
  return `${name.slice(0, name.length - extension.length)}.sync-conflict-${stamp}-${shortDeviceId}${extension}`
}

/** Two machines' copies of a synced folder, to change while apart. */
export function copiesOf(folder: string): [string, string] {
  const copies = [tempDir('mevault-folder-a'), tempDir('mevault-folder-b')] as [string, string]
  for (const copy of copies) cpSync(folder, copy, { recursive: true })
  return copies
}

/**
 * What two Syncthing instances do when two copies of a folder, changed while apart, meet again: a
 * name only one side holds is copied to the other, a name both hold alike stays, and a name both
 * changed differently keeps the winner's version (Syncthing: the later modification) while the
 * loser's is renamed to its conflict name, which then travels like any other file. Returns the
 * folder both machines hold afterwards.
 */
export function meet(winner: string, loser: string, loserShortId = 'LOSE7RS'): string {
  const met = tempDir('mevault-folder-met')
  cpSync(winner, met, { recursive: true })
  const at = new Date()
  for (const name of readdirSync(loser)) {
    const theirs = readFileSync(join(loser, name))
    const ours = readdirSync(winner).includes(name) ? readFileSync(join(winner, name)) : undefined
    if (ours?.equals(theirs)) continue
    cpSync(join(loser, name), join(met, ours ? conflictName(name, at, loserShortId) : name))
  }
  return met
}
