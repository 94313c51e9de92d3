/**
 * The application menu, as a plain template: File (Open Request…, Lock Vault), Edit (with Find),
 * View, Window, and on macOS the app menu. Free of the Electron runtime so tests can read it;
 * install-app-menu.ts hands it to Electron. Packaged builds get no reload and no developer tools.
 */
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  openRequest(): void
  lock(): void
  find(): void
}

export interface MenuContext {
  platform: NodeJS.Platform
  isPackaged: boolean
  appName: string
}

export const MENU_ACCELERATORS = Object.freeze({
  openRequest: 'CmdOrCtrl+O',
  lock: 'CmdOrCtrl+L',
  find: 'CmdOrCtrl+F'
})

const separator: MenuItemConstructorOptions = { type: 'separator' }

export function buildAppMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin'
  const appMenu: MenuItemConstructorOptions = {
    label: context.appName,
    submenu: [
      { role: 'about' },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' }
    ]
  }
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'open-request', label: 'Open Request…', accelerator: MENU_ACCELERATORS.openRequest, click: () => actions.openRequest() },
      separator,
      { id: 'lock', label: 'Lock Vault', accelerator: MENU_ACCELERATORS.lock, click: () => actions.lock() },
      separator,
      mac ? { role: 'close' } : { role: 'quit' }
    ]
  }
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      { id: 'find', label: 'Find Field', accelerator: MENU_ACCELERATORS.find, click: () => actions.find() }
    ]
  }
  // Reload would drop the unlocked state mid-edit, and DevTools can read every value on screen.
  const developerItems: MenuItemConstructorOptions[] = context.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator]
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...developerItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }]
  }
  const window: MenuItemConstructorOptions = { role: 'windowMenu' }
  return [...(mac ? [appMenu] : []), file, edit, view, window]
}
