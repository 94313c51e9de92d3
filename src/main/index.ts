/** Electron main process: lifecycle only; the security rules live in ./security, the API in ../core. */
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { fileURLToPath } from 'node:url'
import { createVaultService } from '../core/service/index.js'
import { createMainWindow } from './create-window.js'
import { hardenSession, hardenWebContents } from './harden-web-contents.js'
import { registerIpcHandlers } from './ipc/register-ipc.js'
import { registerRendererScheme, serveRendererFiles } from './renderer-protocol.js'
import { CONTENT_SECURITY_POLICY, developmentContentSecurityPolicy } from './security/content-security-policy.js'
import { RENDERER_ENTRY_URL, schemeAndHost } from './security/renderer-origin.js'
import { vaultLocation } from './vault-location.js'

const builtFile = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url))
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const entryUrl = devServerUrl ?? RENDERER_ENTRY_URL

registerRendererScheme()

if (!app.requestSingleInstanceLock()) {
  // One process per vault: a second launch hands over to the first.
  app.quit()
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.on('second-instance', () => focusOrOpen())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  void app.whenReady().then(start)
}

let openWindow: (() => BrowserWindow) | undefined

async function start(): Promise<void> {
  const api = createVaultService(vaultLocation(process.env, app.getPath('userData')))
  serveRendererFiles(builtFile('../renderer'))
  const devOrigin = schemeAndHost(devServerUrl)
  hardenSession(session.defaultSession, devOrigin ? developmentContentSecurityPolicy(devOrigin) : CONTENT_SECURITY_POLICY)
  registerIpcHandlers(ipcMain, api, entryUrl)
  app.on('before-quit', () => void api['vault.lock']().catch(() => undefined))
  openWindow = () =>
    createMainWindow(
      {
        preloadPath: builtFile('../preload/index.cjs'),
        // Linux takes the window icon from here; macOS and Windows from the packaged app.
        ...(process.platform === 'linux' ? { iconPath: builtFile('../../resources/icons/icon.png') } : {}),
        devTools: !app.isPackaged
      },
      entryUrl
    )
  openWindow()
  app.on('activate', () => focusOrOpen())
}

function focusOrOpen(): void {
  const [existing] = BrowserWindow.getAllWindows()
  if (existing) {
    if (existing.isMinimized()) existing.restore()
    existing.focus()
  } else {
    openWindow?.()
  }
}
