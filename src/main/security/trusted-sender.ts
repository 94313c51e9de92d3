import { schemeAndHost } from './renderer-origin.js'

export interface IpcSender {
  /** URL of the frame that sent the call (Electron: event.senderFrame?.url). */
  frameUrl: string | undefined
  /** Whether that frame is the top frame of its page. */
  isMainFrame: boolean
}

/** Only our own renderer's top frame may call the vault; a frame or page from anywhere else may not. */
export function isTrustedSender(sender: IpcSender, rendererUrl: string): boolean {
  const trusted = schemeAndHost(rendererUrl)
  return sender.isMainFrame && trusted !== null && schemeAndHost(sender.frameUrl) === trusted
}
