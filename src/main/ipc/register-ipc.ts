import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { METHOD_NAMES, type MeVaultApi } from '../../shared/api.js'
import { ipcChannel } from '../../preload/ipc-channel.js'
import type { IpcSender } from '../security/trusted-sender.js'
import { createIpcHandler } from './ipc-handler.js'

/** Electron's ipcMain is passed in, so this file needs no Electron runtime and stays testable. */
export type IpcRegistrar = Pick<IpcMain, 'handle'>

export function registerIpcHandlers(ipcMain: IpcRegistrar, api: MeVaultApi, rendererUrl: string): void {
  for (const method of METHOD_NAMES) {
    const handler = createIpcHandler(api, method, rendererUrl)
    ipcMain.handle(ipcChannel(method), (event: IpcMainInvokeEvent, raw: unknown) => handler(senderOf(event), raw))
  }
}

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame
  return { frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame }
}
