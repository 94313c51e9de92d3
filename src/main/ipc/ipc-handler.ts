import { invokeMethod, type MeVaultApi, type MethodName, type WireResult } from '../../shared/api.js'
import { isTrustedSender, type IpcSender } from '../security/trusted-sender.js'

export type IpcHandler = (sender: IpcSender, raw: unknown) => Promise<WireResult>

/** One method's IPC handler: check who is calling, then validate and run like every other transport. */
export function createIpcHandler(api: MeVaultApi, method: MethodName, rendererUrl: string): IpcHandler {
  return async (sender, raw) => {
    if (!isTrustedSender(sender, rendererUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: this call did not come from the MeVault window' } }
    }
    return invokeMethod(api, method, raw)
  }
}
