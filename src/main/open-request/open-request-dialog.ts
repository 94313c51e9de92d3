import { dialog, type BrowserWindow } from 'electron'
import { isMeVaultError } from '../../shared/errors.js'
import type { OpenedRequest } from '../../preload/shell-events.js'
import { readRequestFile, REQUEST_FILE_EXTENSIONS } from './read-request-file.js'

/** File > Open Request…: the system file dialog, then the file read here in main. Null if cancelled. */
export async function chooseRequestFile(window: BrowserWindow | undefined): Promise<OpenedRequest | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open a data request',
    properties: ['openFile'],
    filters: [{ name: 'MeVault request', extensions: [...REQUEST_FILE_EXTENSIONS] }]
  }
  const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  const [file] = choice.filePaths
  if (choice.canceled || file === undefined) return null
  return readRequestFile(file)
}

/** Why a request could not be opened, in a native box (the page may still be locked). */
export function showOpenFailure(error: unknown): void {
  const message = isMeVaultError(error) ? error.message : 'The request could not be opened.'
  dialog.showErrorBox('MeVault cannot open this request', message)
}
