/**
 * Names in the sync folder. A device writes `<device id>.<tag>.mvsync`; anything else not ending in
 * `.mvsync` is not ours and is left alone. Syncthing, finding one name changed on two machines,
 * keeps one version under the name and renames the other
 * `<name without extension>.sync-conflict-YYYYMMDD-HHMMSS-<its short device id><extension>`
 * (`conflictName` in syncthing/lib/model/folder_sendrecv.go).
 */

export const SUFFIX = '.mvsync'

const CONFLICT_COPY = /^(.+)\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]+(\.mvsync)$/

/** The name a conflict copy is a copy of (the one it was sealed under), or undefined for any other name. */
export function originalNameOf(name: string): string | undefined {
  let original = name
  // Syncthing does not make a copy of a copy, but another tool might: unwind every level.
  for (let match = CONFLICT_COPY.exec(original); match; match = CONFLICT_COPY.exec(original)) original = `${match[1]}${match[2]}`
  return original === name ? undefined : original
}

/** A device's own files: the device id, then a dot. Said once, for reading and writing alike. */
export const writtenBy = (deviceId: string, name: string): boolean => name.startsWith(`${deviceId}.`)

/**
 * A file name (or anything read from the folder) fit for a terminal line: anyone who can write to
 * the folder chooses names, so everything outside printable ASCII (terminal escapes, line breaks,
 * direction overrides) is shown as `\u{…}`, and a backslash as `\\`.
 */
export const printable = (text: string): string =>
  Array.from(text, (char) => (char === '\\' ? '\\\\' : /^[\x20-\x7e]$/.test(char) ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`)).join('')
