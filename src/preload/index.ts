import { contextBridge, ipcRenderer } from 'electron'
import { buildBridge } from './bridge.js'
import { buildShellEvents } from './shell-events.js'

// ipcRenderer itself never reaches the page: only the bound invoke inside each API function.
contextBridge.exposeInMainWorld(
  'mevault',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input))
)

// Menu commands and opened request files: the page can subscribe to these three events, nothing more.
contextBridge.exposeInMainWorld(
  'mevaultShell',
  buildShellEvents((channel, listener) => ipcRenderer.on(channel, (_event, payload: unknown) => listener(payload)))
)
