/**
 * Copy a value, then clear the clipboard after a while if it still holds that value: the rule both
 * faces share (Electron's clipboard in main, the browser's under `mevault serve`). No Electron, no
 * DOM here: the clipboard and the timer are given, so the rule is tested with a clipboard of the test's.
 */

/** The longest and shortest wait before a copied value is cleared, in milliseconds. */
export const MIN_CLEAR_AFTER_MS = 1_000
export const MAX_CLEAR_AFTER_MS = 600_000

export interface CopyTarget {
  write(text: string): void | Promise<void>
  /** What the clipboard holds now; undefined when it cannot be read without asking the person (a browser). */
  read(): string | undefined | Promise<string | undefined>
  clear(): void | Promise<void>
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export interface Copier {
  /** Puts `text` on the clipboard; clears it after `clearAfterMs` unless something else was copied since. */
  copy(text: string, clearAfterMs: number): Promise<void>
  /** Clears now what was copied here, if the clipboard still holds it (on lock or quit). */
  clearNow(): Promise<void>
}

export function createCopier(target: CopyTarget, timers: Timers = realTimers): Copier {
  /** The value copied last from here, and its timer; a newer copy replaces both. */
  let last: { text: string; timer: unknown } | null = null

  async function clearIfStill(text: string): Promise<void> {
    if (last?.text !== text) return // this app copied something else since: that one's own timer clears it
    last = null
    const now = await target.read()
    // Something else on the clipboard (copied in another app) is the person's, and stays.
    if (now === undefined || now === text) await target.clear()
  }

  return {
    async copy(text, clearAfterMs) {
      if (last) timers.clearTimeout(last.timer)
      last = null
      await target.write(text)
      const wait = Math.min(MAX_CLEAR_AFTER_MS, Math.max(MIN_CLEAR_AFTER_MS, clearAfterMs))
      const entry = { text, timer: undefined as unknown }
      entry.timer = timers.setTimeout(() => void clearIfStill(text).catch(() => undefined), wait)
      last = entry
    },
    async clearNow() {
      if (!last) return
      timers.clearTimeout(last.timer)
      await clearIfStill(last.text)
    }
  }
}
