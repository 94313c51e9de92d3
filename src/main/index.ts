/** Electron main process: lifecycle only; the security rules live in ./security, the API in ../core. */
import { app, BrowserWindow, clipboard, dialog, safeStorage, ipcMain, session, utilityProcess } from 'electron'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startEngine } from '../core/engine/host.js'
import { utilityEngine } from './engine/utility-engine.js'
import { openFrontDoor } from '../core/front-door/door-server.js'
import { createKeychainSecretKeyStore } from './secret-keys/keychain-secret-key-store.js'
import type { MeVaultApi } from '../shared/api.js'
import { createMainWindow } from './create-window.js'
import { hardenSession, hardenWebContents } from './harden-web-contents.js'
import { registerIpcHandlers } from './ipc/register-ipc.js'
import { electronCopier, registerClipboardIpc } from './clipboard/clipboard-ipc.js'
import { installAppMenu } from './menu/install-app-menu.js'
import { linkFromArgv, MEVAULT_LINK_SCHEME, parseMeVaultLink } from './open-request/mevault-link.js'
import { isOpenId4VpLink, OPENID4VP_LINK_SCHEMES, parseOpenId4VpLink } from './open-request/openid4vp-link.js'
import { chooseRequestFile, showOpenFailure } from './open-request/open-request-dialog.js'
import { RendererEvents } from './renderer-events.js'
import { registerRendererScheme, serveRendererFiles } from './renderer-protocol.js'
import { CONTENT_SECURITY_POLICY, developmentContentSecurityPolicy } from './security/content-security-policy.js'
import { RENDERER_ENTRY_URL, schemeAndHost } from './security/renderer-origin.js'
import { appSqliteBinding } from './sqlite-binding/app-sqlite-binding.js'
import { missingSqliteBindingMessage } from './sqlite-binding/sqlite-binding-path.js'
import { vaultLocation } from './vault-location.js'

const builtFile = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url))
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const entryUrl = devServerUrl ?? RENDERER_ENTRY_URL
const rendererEvents = new RendererEvents()

registerRendererScheme()

if (!app.requestSingleInstanceLock()) {
  // One process per vault: a second launch hands over to the first (with its mevault:// link, if any).
  app.quit()
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  // Windows and Linux: a link clicked while MeVault runs starts a second instance; its argv holds the link.
  app.on('second-instance', (_event, argv) => {
    focusOrOpen()
    const link = linkFromArgv(argv)
    if (link) openLink(link)
  })
  // macOS hands links over by event, possibly before the app is ready, so this is set up first.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    openLink(url)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Registering from a development run would point the system at the bare Electron binary.
  if (app.isPackaged) for (const scheme of [MEVAULT_LINK_SCHEME, ...OPENID4VP_LINK_SCHEMES]) app.setAsDefaultProtocolClient(scheme)
  void app.whenReady().then(start)
}

let openWindow: (() => BrowserWindow) | undefined

async function start(): Promise<void> {
  // SQLite built for Electron's ABI (`npm ci` built node_modules' copy for Node's): without it the
  // first vault access would fail with a NODE_MODULE_VERSION error, so say what to do instead.
  const nativeBinding = appSqliteBinding(app)
  if (nativeBinding && !existsSync(nativeBinding)) {
    const message = missingSqliteBindingMessage(app.isPackaged)
    console.error(message)
    dialog.showErrorBox('MeVault cannot open the vault', message)
    app.quit()
    return
  }
  const location = vaultLocation(process.env, app.getPath('userData'))
  // The device secret key goes to the OS keychain (never Linux's basic_text), else the key file.
  const secretKeys = createKeychainSecretKeyStore({
    safeStorage,
    platform: process.platform,
    keyFileFor: location.keyFileFor,
    log: (message) => console.warn(message)
  })
  // The vault runs in a utility process, ended on lock (a fresh one waits for the next unlock); the keychain stays here.
  const engine = startEngine(location, {
    secretKeys,
    nativeBinding,
    spare: true,
    spawn: utilityEngine((path, args, options) => utilityProcess.fork(path, args, options), builtFile('./engine-process.js'))
  })
  const api: MeVaultApi = engine
  engine.onChange((change) => rendererEvents.change(change))
  // `mevault` commands reach this vault through the app while it runs, instead of failing "busy".
  const door = await openFrontDoor(api, location.vaultDir, engine).catch((error: Error) => void console.warn(`No front door: ${error.message}`))
  app.on('will-quit', () => void door?.close())
  serveRendererFiles(builtFile('../renderer'))
  const devOrigin = schemeAndHost(devServerUrl)
  hardenSession(session.defaultSession, devOrigin ? developmentContentSecurityPolicy(devOrigin) : CONTENT_SECURITY_POLICY)
  registerIpcHandlers(ipcMain, api, entryUrl)
  // A value copied from the vault does not outlive the app on the clipboard.
  const copier = electronCopier(clipboard)
  registerClipboardIpc(ipcMain, copier, entryUrl)
  app.on('will-quit', () => void copier.clearNow())
  // Nor the vault's lock (Lock, auto-lock, the engine's idle lock): as the page does under `mevault serve`.
  engine.onChange((change) => {
    if (change.kind === 'lock') void copier.clearNow().catch(() => undefined)
  })
  installAppMenu(
    { platform: process.platform, isPackaged: app.isPackaged, appName: 'MeVault' },
    { openRequest: () => void openRequestFile(), lock: () => void lockFromMenu(api), find: () => rendererEvents.find() }
  )
  app.on('before-quit', () => void api['vault.lock']().catch(() => undefined))
  openWindow = () => {
    const window = createMainWindow(
      {
        preloadPath: builtFile('../preload/index.cjs'),
        // Linux takes the window icon from here; macOS and Windows from the packaged app.
        ...(process.platform === 'linux' ? { iconPath: builtFile('../../resources/icons/icon.png') } : {}),
        devTools: !app.isPackaged
      },
      entryUrl
    )
    const contents = window.webContents
    contents.on('did-start-loading', () => rendererEvents.detach())
    contents.on('did-finish-load', () => rendererEvents.attach(contents))
    window.on('closed', () => rendererEvents.detach())
    return window
  }
  openWindow()
  app.on('activate', () => focusOrOpen())
  const launchLink = process.platform === 'darwin' ? null : linkFromArgv(process.argv)
  if (launchLink) openLink(launchLink)
}

/** Locks in main first, so Lock works even if the page is busy; then the page shows the unlock screen. */
async function lockFromMenu(api: MeVaultApi): Promise<void> {
  await api['vault.lock']().catch(() => undefined)
  rendererEvents.lock()
}

async function openRequestFile(): Promise<void> {
  try {
    const request = await chooseRequestFile(BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0])
    if (request) rendererEvents.openRequest(request)
  } catch (error) {
    showOpenFailure(error)
  }
}

function openLink(link: string): void {
  void app.whenReady().then(() => {
    try {
      rendererEvents.openRequest(isOpenId4VpLink(link) ? parseOpenId4VpLink(link) : parseMeVaultLink(link))
      focusOrOpen()
    } catch (error) {
      showOpenFailure(error)
    }
  })
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
