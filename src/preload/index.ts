import { contextBridge, ipcRenderer } from 'electron'
import { buildBridge } from './bridge.js'
import { buildShellClipboard } from './shell-clipboard.js'
import { buildShellEvents } from './shell-events.js'
import { buildVaultEvents } from './vault-events.js'

// ipcRenderer itself never reaches the page: only the bound invoke inside each API function.
contextBridge.exposeInMainWorld(
  'mevault',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input))
)

// Menu commands and opened request files: the page can subscribe to these three events, nothing more.
// …and one thing it may ask: copy a value (cleared after a while by main).
contextBridge.exposeInMainWorld('mevaultShell', {
  ...buildShellEvents((channel, listener) => ipcRenderer.on(channel, (_event, payload: unknown) => listener(payload))),
  ...buildShellClipboard((channel, input) => ipcRenderer.invoke(channel, input))
})

// What changed in the vault (by this window, the CLI, or a sync): screens re-read what they show.
contextBridge.exposeInMainWorld(
  'mevaultEvents',
  buildVaultEvents((channel, listener) => ipcRenderer.on(channel, (_event, payload: unknown) => listener(payload)))
)
