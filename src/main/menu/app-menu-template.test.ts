import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { buildAppMenuTemplate, type MenuContext } from './app-menu-template.js'

function recordingActions() {
  const chosen: string[] = []
  return { chosen, actions: { openRequest: () => chosen.push('open'), lock: () => chosen.push('lock'), find: () => chosen.push('find') } }
}

function allItems(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])])
}

const packagedLinux: MenuContext = { platform: 'linux', isPackaged: true, appName: 'MeVault' }

function item(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = allItems(template).find((entry) => entry.id === id)
  if (!found) throw new Error(`no menu item ${id}`)
  return found
}

describe('the application menu', () => {
  it('offers Open Request…, Lock Vault and Find Field on Ctrl/Cmd+O, L and F', () => {
    const template = buildAppMenuTemplate(packagedLinux, recordingActions().actions)
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['File', 'Edit', 'View', 'windowMenu'])
    expect(item(template, 'open-request')).toMatchObject({ label: 'Open Request…', accelerator: 'CmdOrCtrl+O' })
    expect(item(template, 'lock')).toMatchObject({ label: 'Lock Vault', accelerator: 'CmdOrCtrl+L' })
    expect(item(template, 'find')).toMatchObject({ label: 'Find Field', accelerator: 'CmdOrCtrl+F' })
    const fileMenu = template[0]?.submenu as MenuItemConstructorOptions[]
    expect(fileMenu.map((entry) => entry.id ?? entry.role ?? entry.type)).toEqual(['open-request', 'separator', 'lock', 'separator', 'quit'])
  })

  it('runs the matching action when an item is chosen', () => {
    const { chosen, actions } = recordingActions()
    const template = buildAppMenuTemplate(packagedLinux, actions)
    for (const id of ['open-request', 'lock', 'find']) {
      const click = item(template, id).click as () => void
      click()
    }
    expect(chosen).toEqual(['open', 'lock', 'find'])
  })

  it('has no reload and no developer tools in packaged builds, only in development', () => {
    const devOnly = ['reload', 'forceReload', 'toggleDevTools']
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const packaged = allItems(buildAppMenuTemplate({ platform, isPackaged: true, appName: 'MeVault' }, recordingActions().actions))
      expect(packaged.filter((entry) => devOnly.includes(entry.role ?? '')), platform).toEqual([])
      const dev = allItems(buildAppMenuTemplate({ platform, isPackaged: false, appName: 'MeVault' }, recordingActions().actions))
      expect(dev.map((entry) => entry.role).filter((role) => devOnly.includes(role ?? ''))).toEqual(devOnly)
    }
  })

  it('keeps copy and paste, zoom and full screen everywhere', () => {
    const roles = allItems(buildAppMenuTemplate(packagedLinux, recordingActions().actions)).map((entry) => entry.role)
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']) {
      expect(roles).toContain(role)
    }
  })

  it('follows macOS habits: an app menu named MeVault with Quit, and File > Close instead of Quit', () => {
    const template = buildAppMenuTemplate({ platform: 'darwin', isPackaged: true, appName: 'MeVault' }, recordingActions().actions)
    expect(template[0]?.label).toBe('MeVault')
    expect((template[0]?.submenu as MenuItemConstructorOptions[]).at(-1)?.role).toBe('quit')
    const fileMenu = template[1]?.submenu as MenuItemConstructorOptions[]
    expect(fileMenu.at(-1)?.role).toBe('close')
  })
})
