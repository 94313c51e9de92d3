/**
 * Menu commands and request files opened from outside the page (File > Open, mevault:// links),
 * as the Electron preload exposes them on `window.mevaultShell`. Absent under `mevault serve`,
 * where the page's own shortcuts and drag and drop do the same jobs.
 */
import { useEffect, useRef } from 'react'
import type { OpenedRequest, ShellClipboard, ShellEvents } from '../../shared/shell-events.js'

export type { OpenedRequest, ShellEvents }

declare global {
  interface Window {
    /** Present inside Electron (set by the preload); absent in a browser under `mevault serve`. */
    mevaultShell?: ShellEvents & Partial<ShellClipboard>
  }
}

export interface ShellHandlers {
  lock(): void
  find(): void
  openRequest(request: OpenedRequest): void
}

/** Subscribes while mounted; the latest handlers are always the ones called. */
export function useShellEvents(handlers: ShellHandlers, shell: ShellEvents | undefined = window.mevaultShell): void {
  const latest = useRef(handlers)
  latest.current = handlers
  useEffect(() => {
    if (!shell) return
    const stops = [
      shell.onLock(() => latest.current.lock()),
      shell.onFind(() => latest.current.find()),
      shell.onOpenRequest((request) => latest.current.openRequest(request))
    ]
    return () => stops.forEach((stop) => stop())
  }, [shell])
}

/** An opened request as a File, so it goes through the same import as a dropped one. */
export function requestAsFile(request: OpenedRequest): File {
  return new File([request.text], request.fileName, { type: 'application/json' })
}
