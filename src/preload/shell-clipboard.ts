/**
 * `window.mevaultShell.copy`: puts a value on the system clipboard through main (Electron's
 * clipboard), which clears it after `clearAfterMs` if it still holds that value. One fixed channel;
 * the page cannot read the clipboard through it.
 */
import type { ShellClipboard } from '../shared/shell-events.js'

export const SHELL_CLIPBOARD_CHANNEL = 'mevault-shell:copy'

export type Invoke = (channel: string, input: unknown) => Promise<unknown>

export function buildShellClipboard(invoke: Invoke): ShellClipboard {
  return {
    copy: async (text, clearAfterMs) => {
      if ((await invoke(SHELL_CLIPBOARD_CHANNEL, { text, clearAfterMs })) !== true) throw new Error('The value could not be copied')
    }
  }
}
