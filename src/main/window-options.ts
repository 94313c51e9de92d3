/**
 * The options of the one MeVault window. Kept free of the Electron runtime so unit tests can check
 * every security setting on exactly what the factory passes to BrowserWindow.
 */
import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowOptionsInput {
  /** Absolute path of the built preload script (out/preload/index.cjs). */
  preloadPath: string
  iconPath?: string
  /** Developer tools only in development builds. */
  devTools: boolean
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'MeVault',
    width: 1120,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    // Shown once the first paint is ready, so no white flash.
    show: false,
    backgroundColor: '#f5f6f8',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium's spellchecker downloads dictionaries and sees every word typed: not for a vault.
      spellcheck: false,
      devTools: input.devTools
    }
  }
}
