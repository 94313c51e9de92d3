import { contextBridge, ipcRenderer } from 'electron'
import { buildBridge } from './bridge.js'

// ipcRenderer itself never reaches the page: only the bound invoke inside each API function.
contextBridge.exposeInMainWorld(
  'mevault',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input))
)
