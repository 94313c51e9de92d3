/**
 * Copy a value with one click; the clipboard is cleared after the person's chosen delay (Settings).
 * Inside Electron main copies and clears (it can read the clipboard); under `mevault serve` the
 * browser's clipboard is used, which a page cannot read without asking: see clearing below.
 */
import { createCopier, MAX_CLEAR_AFTER_MS, MIN_CLEAR_AFTER_MS, type Copier } from '../../shared/clear-copied.js'

export const DEFAULT_CLEAR_SECONDS = 30
const STORAGE_KEY = 'mevault.clipboardClearSeconds'
export const MIN_CLEAR_SECONDS = MIN_CLEAR_AFTER_MS / 1000
export const MAX_CLEAR_SECONDS = MAX_CLEAR_AFTER_MS / 1000

/** A delay the setting takes: whole seconds, within what the clearing rule allows. */
export const isClearSeconds = (seconds: number): boolean =>
  Number.isInteger(seconds) && seconds >= MIN_CLEAR_SECONDS && seconds <= MAX_CLEAR_SECONDS

/** A preference of this app on this machine (like auto-lock), not vault data: in local storage. */
export function readClearSeconds(): number {
  const stored = Number(globalThis.localStorage?.getItem(STORAGE_KEY) ?? NaN)
  return isClearSeconds(stored) ? stored : DEFAULT_CLEAR_SECONDS
}

export function saveClearSeconds(seconds: number): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, String(seconds))
}

/**
 * The browser's clipboard. Reading it needs the person's permission, so it is read only when that
 * was already granted; otherwise the copier clears when this page copied nothing else since, not
 * knowing whether the person copied something in another app meanwhile. Writing needs the page to
 * have the focus: a clear that finds it away waits for the page to get it back.
 */
function browserCopier(): Copier {
  const clipboard = navigator.clipboard
  const clear = async (): Promise<void> => {
    try {
      await clipboard.writeText('')
    } catch {
      await new Promise<void>((resolve) => window.addEventListener('focus', () => resolve(), { once: true }))
      await clipboard.writeText('')
    }
  }
  const read = async (): Promise<string | undefined> => {
    try {
      const permission = await navigator.permissions.query({ name: 'clipboard-read' as PermissionName })
      return permission.state === 'granted' ? await clipboard.readText() : undefined
    } catch {
      return undefined
    }
  }
  return createCopier({ write: (text) => clipboard.writeText(text), read, clear })
}

let copier: Copier | null = null

/** Copies `text`; resolves with the seconds after which it is cleared. */
export async function copyValue(text: string): Promise<number> {
  const seconds = readClearSeconds()
  const shell = window.mevaultShell
  if (shell?.copy) await shell.copy(text, seconds * 1000)
  else await (copier ??= browserCopier()).copy(text, seconds * 1000)
  return seconds
}

/**
 * Clears now what this page copied, if the clipboard still holds it: when the vault locks (the Lock
 * button, auto-lock, another window), a value copied from it does not wait for its timer.
 * Inside Electron main does the same on the engine's lock event.
 */
export function clearCopiedNow(): void {
  void copier?.clearNow().catch(() => undefined)
}
