import { useEffect, useState } from 'react'

/** Choices offered in Settings; 0 means never. */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 0] as const
export const DEFAULT_AUTO_LOCK_MINUTES = 15
const STORAGE_KEY = 'mevault.autoLockMinutes'

/**
 * The auto-lock delay is a preference of this app on this machine, not vault data: it lives in
 * the page's local storage. Unknown or missing values fall back to 15 minutes.
 */
export function readAutoLockMinutes(): number {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (stored === null || stored === undefined) return DEFAULT_AUTO_LOCK_MINUTES
  const minutes = Number(stored)
  return (AUTO_LOCK_CHOICES as readonly number[]).includes(minutes) ? minutes : DEFAULT_AUTO_LOCK_MINUTES
}

export function saveAutoLockMinutes(minutes: number): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, String(minutes))
  globalThis.dispatchEvent?.(new Event('mevault-auto-lock-changed'))
}

/** Locks after `minutes` without a key press, click, scroll or touch. */
export function useAutoLock(lock: () => void): void {
  const [minutes, setMinutes] = useState(readAutoLockMinutes)

  useEffect(() => {
    const changed = () => setMinutes(readAutoLockMinutes())
    window.addEventListener('mevault-auto-lock-changed', changed)
    return () => window.removeEventListener('mevault-auto-lock-changed', changed)
  }, [])

  useEffect(() => {
    if (minutes === 0) return
    let timer = window.setTimeout(lock, minutes * 60_000)
    const activity = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(lock, minutes * 60_000)
    }
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const
    for (const name of events) window.addEventListener(name, activity, { passive: true })
    return () => {
      window.clearTimeout(timer)
      for (const name of events) window.removeEventListener(name, activity)
    }
  }, [minutes, lock])
}
