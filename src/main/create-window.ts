import { BrowserWindow } from 'electron'
import { buildWindowOptions, type WindowOptionsInput } from './window-options.js'

/** The one window factory: every MeVault window is built from the same checked options. */
export function createMainWindow(options: WindowOptionsInput, entryUrl: string): BrowserWindow {
  const window = new BrowserWindow(buildWindowOptions(options))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(entryUrl)
  return window
}
