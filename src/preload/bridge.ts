/**
 * The object the renderer sees as `window.mevault`: exactly the typed API, one explicit function
 * per method, each calling its own channel. No generic invoke, no channel names from the page.
 * Only types are imported from src/shared, so the sandboxed preload bundle stays tiny.
 */
import type { MeVaultApi, MethodName, WireResult } from '../shared/api.js'
import { ipcChannel } from './ipc-channel.js'

export type Invoke = (channel: string, input: unknown) => Promise<unknown>

/** A failure crosses contextBridge as a plain {code, message}; the renderer re-throws it as MeVaultError. */
async function call<T>(invoke: Invoke, method: MethodName, input: unknown): Promise<T> {
  const result = (await invoke(ipcChannel(method), input)) as WireResult<T>
  if (result.ok) return result.value
  throw { code: result.error.code, message: result.error.message }
}

export function buildBridge(invoke: Invoke): MeVaultApi {
  return {
    'vault.state': () => call(invoke, 'vault.state', undefined),
    'vault.create': (input) => call(invoke, 'vault.create', input),
    'vault.unlock': (input) => call(invoke, 'vault.unlock', input),
    'vault.join': (input) => call(invoke, 'vault.join', input),
    'vault.restore': (input) => call(invoke, 'vault.restore', input),
    'vault.lock': () => call(invoke, 'vault.lock', undefined),
    'vault.secretKeyStatus': () => call(invoke, 'vault.secretKeyStatus', undefined),
    'vault.restoreKey': (input) => call(invoke, 'vault.restoreKey', input),
    'vault.recoveryKit': (input) => call(invoke, 'vault.recoveryKit', input),
    'vault.export': () => call(invoke, 'vault.export', undefined),
    'fields.list': () => call(invoke, 'fields.list', undefined),
    'fields.get': (input) => call(invoke, 'fields.get', input),
    'fields.set': (input) => call(invoke, 'fields.set', input),
    'fields.claim': (input) => call(invoke, 'fields.claim', input),
    'claims.list': () => call(invoke, 'claims.list', undefined),
    'fields.setMany': (input) => call(invoke, 'fields.setMany', input),
    'import.preview': (input) => call(invoke, 'import.preview', input),
    'import.apply': (input) => call(invoke, 'import.apply', input),
    'export.csv': (input) => call(invoke, 'export.csv', input),
    'export.vcard': (input) => call(invoke, 'export.vcard', input),
    'fields.remove': (input) => call(invoke, 'fields.remove', input),
    'fields.setTier': (input) => call(invoke, 'fields.setTier', input),
    'fields.search': (input) => call(invoke, 'fields.search', input),
    'fields.page': (input) => call(invoke, 'fields.page', input),
    'records.rename': (input) => call(invoke, 'records.rename', input),
    'fields.history': (input) => call(invoke, 'fields.history', input),
    'fields.removed': () => call(invoke, 'fields.removed', undefined),
    'fields.restore': (input) => call(invoke, 'fields.restore', input),
    'vault.changePassphrase': (input) => call(invoke, 'vault.changePassphrase', input),
    'requests.preview': (input) => call(invoke, 'requests.preview', input),
    'requests.inbox': () => call(invoke, 'requests.inbox', undefined),
    'requests.keep': (input) => call(invoke, 'requests.keep', input),
    'requests.dismiss': (input) => call(invoke, 'requests.dismiss', input),
    'requests.answer': (input) => call(invoke, 'requests.answer', input),
    'requests.fetch': (input) => call(invoke, 'requests.fetch', input),
    'ledger.list': () => call(invoke, 'ledger.list', undefined),
    'ledger.receipts': () => call(invoke, 'ledger.receipts', undefined),
    'ledger.whoHas': (input) => call(invoke, 'ledger.whoHas', input),
    'ledger.withdraw': (input) => call(invoke, 'ledger.withdraw', input),
    'ledger.answer': (input) => call(invoke, 'ledger.answer', input),
    'ledger.deliver': (input) => call(invoke, 'ledger.deliver', input),
    'policy.get': () => call(invoke, 'policy.get', undefined),
    'policy.applyPreset': (input) => call(invoke, 'policy.applyPreset', input),
    'policy.setTierRule': (input) => call(invoke, 'policy.setTierRule', input),
    'policy.setRequesterRule': (input) => call(invoke, 'policy.setRequesterRule', input),
    'policy.setRefuseSoldIndividually': (input) => call(invoke, 'policy.setRefuseSoldIndividually', input),
    'backup.create': (input) => call(invoke, 'backup.create', input),
    'backup.download': () => call(invoke, 'backup.download', undefined),
    'backup.settings': () => call(invoke, 'backup.settings', undefined),
    'backup.setFolder': (input) => call(invoke, 'backup.setFolder', input),
    'devices.list': () => call(invoke, 'devices.list', undefined),
    'devices.revoke': (input) => call(invoke, 'devices.revoke', input),
    'devices.rename': (input) => call(invoke, 'devices.rename', input),
    'devices.syncStatus': () => call(invoke, 'devices.syncStatus', undefined),
    'devices.listen': (input) => call(invoke, 'devices.listen', input),
    'devices.stopListening': () => call(invoke, 'devices.stopListening', undefined),
    'devices.invite': () => call(invoke, 'devices.invite', undefined),
    'devices.cancelInvitation': () => call(invoke, 'devices.cancelInvitation', undefined),
    'devices.syncNow': (input) => call(invoke, 'devices.syncNow', input),
    'devices.syncFolder': (input) => call(invoke, 'devices.syncFolder', input)
  }
}
