import { Menu } from 'electron'
import { buildAppMenuTemplate, type MenuActions, type MenuContext } from './app-menu-template.js'

export function installAppMenu(context: MenuContext, actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenuTemplate(context, actions)))
}
