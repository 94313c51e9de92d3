import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { MAX_VALUE_LENGTH } from '../../shared/api.js'
import { createCopier, MAX_CLEAR_AFTER_MS, MIN_CLEAR_AFTER_MS, type Copier, type Timers } from '../../shared/clear-copied.js'
import { SHELL_CLIPBOARD_CHANNEL } from '../../preload/shell-clipboard.js'
import { isTrustedSender, type IpcSender } from '../security/trusted-sender.js'

/** The part of Electron's main-process clipboard used here (promises in Electron 45, plain values before). */
export interface SystemClipboard {
  readText(): string | Promise<string>
  writeText(text: string): void | Promise<void>
  clear(): void
}

/** Electron's clipboard as the copier sees it. */
export function electronCopier(clipboard: SystemClipboard, timers?: Timers): Copier {
  return createCopier({ write: (text) => clipboard.writeText(text), read: () => clipboard.readText(), clear: () => clipboard.clear() }, timers)
}

/** The copy call's input, checked: a value as the vault holds it, and a wait in the allowed range. */
export function copyInput(raw: unknown): { text: string; clearAfterMs: number } | null {
  if (typeof raw !== 'object' || raw === null) return null
  const { text, clearAfterMs } = raw as Record<string, unknown>
  if (typeof text !== 'string' || text.length > MAX_VALUE_LENGTH) return null
  if (!Number.isInteger(clearAfterMs) || (clearAfterMs as number) < MIN_CLEAR_AFTER_MS || (clearAfterMs as number) > MAX_CLEAR_AFTER_MS) return null
  return { text, clearAfterMs: clearAfterMs as number }
}

/** The handler: only our own window may copy; a bad input copies nothing. True when copied. */
export function createCopyHandler(copier: Copier, rendererUrl: string) {
  return async (sender: IpcSender, raw: unknown): Promise<boolean> => {
    const input = isTrustedSender(sender, rendererUrl) ? copyInput(raw) : null
    if (!input) return false
    await copier.copy(input.text, input.clearAfterMs)
    return true
  }
}

export function registerClipboardIpc(ipcMain: Pick<IpcMain, 'handle'>, copier: Copier, rendererUrl: string): void {
  const handler = createCopyHandler(copier, rendererUrl)
  ipcMain.handle(SHELL_CLIPBOARD_CHANNEL, (event: IpcMainInvokeEvent, raw: unknown) => {
    const frame = event.senderFrame
    return handler({ frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame }, raw)
  })
}
