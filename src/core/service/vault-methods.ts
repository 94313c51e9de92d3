import type { MeVaultApi, VaultChange } from '../../shared/api.js'
import { lookupFromEnvironment, type WebDependencies } from '../net/web-request.js'
import { fetchRequest } from '../requests/request-link.js'
import { dismissFromInbox, keepInInbox, listInbox } from '../requests/inbox.js'
import { requestByValue } from '../requests/openid4vp/authorization-request.js'
import { answerOpenId4VpRequest, previewOpenId4VpRequest } from './openid4vp-requests.js'
import { isOpenId4VpText } from '../../shared/openid4vp-text.js'
import type { SyncServer } from '../sync/sync-session.js'
import type { Vault } from '../vault/vault.js'
import { createDevicesService } from './devices-service.js'
import { answerRequest, chooseRefuseSoldIndividually, choosePreset, listLedger, listReceipts, policyView, previewRequest, whoHasField, withdrawConsent } from './answer-requests.js'
import { setRequesterRuleFor, setTierRuleFor } from './policy-rules.js'
import { assertKnownClaim } from '../claims/claim-tags.js'
import { claimField, listClaims, pageWithClaims, withClaim, withClaims } from './field-claims.js'
import { pageOfFields } from './field-pages.js'
import { pageWithRecordNames, previewWithRecordNames, renameRecordMethod, withRecordName } from './record-names-shown.js'
import { importMethods } from './import-methods.js'
import { Deliveries, withDeliveries } from './deliveries.js'
import { BindingChecker, sharedBindingChecker } from '../requests/requester-identity/index.js'
import { backupMethods } from './backup-methods.js'
import { exportVault } from '../export/export-json.js'

/** The methods that open, create or close the vault: each holder of a vault answers them its own way. */
export type LifecycleMethod = 'vault.state' | 'vault.create' | 'vault.join' | 'vault.restore' | 'vault.unlock' | 'vault.lock' | SecretKeyMethod
/** The methods about this device's secret key: they need the device's key store, which only the holder has. */
export type SecretKeyMethod = 'vault.secretKeyStatus' | 'vault.restoreKey' | 'vault.recoveryKit'

/**
 * Every method that works on an unlocked vault, over `unlocked()` (which throws LOCKED when there
 * is none). Shared by the service that opens the vault itself (index.ts) and the one that serves a
 * vault already open (open-vault-service.ts, `mevault sync serve`), so both answer alike.
 */
export function unlockedVaultMethods(
  unlocked: () => Vault,
  options: {
    // Told of changes the vault's save notices do not carry (an invitation that ended).
    onChange?: (change: VaultChange) => void
    // The sync listener of a holder that runs one itself (`sync serve`): invitations use it.
    heldListener?: SyncServer
    // The web as deliveries reach it (see createVaultService).
    web?: WebDependencies
    // Checks requesters' domain bindings (did:web) and caches them; the process's own by default.
    bindingChecker?: BindingChecker
    // Why the holder's last automatic backup failed, if it did (Settings shows it).
    backupError?: () => string | undefined
  } = {}
): {
  methods: Omit<MeVaultApi, LifecycleMethod>
  /** Ends what belongs to the unlocked vault (its sync listener, an open invitation). */
  close(): Promise<void>
} {
  // Its sync listener and invitation belong to the unlocked vault: they end when it locks.
  const devices = createDevicesService(unlocked, options)
  const web = options.web ?? { lookup: lookupFromEnvironment() }
  // One cache of requesters' bindings per process, unless this service reaches the web its own way.
  const bindingChecker = options.bindingChecker ?? (options.web ? new BindingChecker({ web: options.web }) : sharedBindingChecker())
  const deliveries = new Deliveries(unlocked, web)
  return {
    close: () => devices.close(),
    methods: {
      'vault.export': async () => exportVault(unlocked()),
      'fields.list': async () => withClaims(unlocked(), await unlocked().list()),
      'fields.get': async ({ path }) => withRecordName(unlocked(), await withClaim(unlocked(), await unlocked().get(path))),
      'fields.set': async ({ path, value, tier, type, claim, create }) => {
        if (claim !== undefined) assertKnownClaim(claim) // before the value is set, not after
        const field = await unlocked().set(path, value, { tier, type, create })
        return claim === undefined ? withClaim(unlocked(), field) : claimField(unlocked(), field.path, claim)
      },
      'fields.claim': async ({ path, claim }) => claimField(unlocked(), path, claim),
      'claims.list': async () => listClaims(unlocked()),
      'fields.setMany': async ({ fields }) => ({ count: await unlocked().setFields(fields) }),
      ...importMethods(unlocked),
      'fields.remove': async ({ path }) => unlocked().remove(path),
      'fields.setTier': async ({ path, tier }) => withClaim(unlocked(), await unlocked().setTier(path, tier)),
      'fields.search': async ({ text }) => withClaims(unlocked(), await unlocked().search(text)),
      'fields.page': async (input) => pageWithRecordNames(unlocked(), await pageWithClaims(unlocked(), await pageOfFields(unlocked(), input))),
      'records.rename': async ({ record, name }) => renameRecordMethod(unlocked(), record, name),
      'fields.history': async ({ path }) => unlocked().history(path),
      'fields.removed': async () => unlocked().removed(),
      'fields.restore': async ({ path, version }) => {
        const field = await unlocked().restore(path, version)
        return field && withClaim(unlocked(), field)
      },
      'vault.changePassphrase': async ({ current, next }) => {
        const open = unlocked()
        // Someone at an unlocked, unattended machine must not lock its owner out.
        open.checkPassphrase(current)
        await open.changePassphrase(next)
      },
      'requests.preview': async ({ text }) =>
        previewWithRecordNames(
          unlocked(),
          isOpenId4VpText(text) ? await previewOpenId4VpRequest(unlocked(), text, { web, checker: bindingChecker }) : await previewRequest(unlocked(), text, bindingChecker)
        ),
      'requests.inbox': async () => listInbox(unlocked()),
      'requests.keep': async ({ text, fileName }) => keepInInbox(unlocked(), text, fileName),
      'requests.dismiss': async ({ key }) => dismissFromInbox(unlocked(), key),
      'requests.fetch': async ({ link }) => (isOpenId4VpText(link) ? openId4VpByValue(link, web) : fetchRequest(link, web)),
      'requests.answer': async ({ text, approve, again, seal, deliver }) => {
        const answer = isOpenId4VpText(text)
          ? await answerOpenId4VpRequest(unlocked(), text, approve, again ?? false, { web, checker: bindingChecker })
          : await answerRequest(unlocked(), text, approve, again ?? false, seal ?? 'if-asked')
        const delivery = deliver === false ? undefined : await deliveries.sendIfAddressed(answer.receipt.id, 'answer')
        return delivery ? { ...answer, delivery } : answer
      },
      'ledger.list': async () => withDeliveries(unlocked(), await listLedger(unlocked())),
      'ledger.receipts': async () => listReceipts(unlocked()),
      'ledger.whoHas': async ({ path }) => whoHasField(unlocked(), path),
      'ledger.withdraw': async ({ receiptId }) => {
        const notice = await withdrawConsent(unlocked(), receiptId)
        // Sent once, when consent is withdrawn; again only when asked (ledger.deliver).
        const delivery = notice.alreadyWithdrawn ? undefined : await deliveries.sendIfAddressed(receiptId.trim(), 'withdrawal')
        return delivery ? { ...notice, delivery } : notice
      },
      'ledger.answer': async ({ receiptId }) => deliveries.givenAnswer(receiptId),
      'ledger.deliver': async ({ receiptId, kind }) => deliveries.send(receiptId, kind),
      'policy.get': async () => policyView(unlocked()),
      'policy.applyPreset': async ({ preset }) => choosePreset(unlocked(), preset),
      'policy.setTierRule': async ({ tier, rule }) => setTierRuleFor(unlocked(), tier, rule),
      'policy.setRequesterRule': async ({ requester, rule }) => setRequesterRuleFor(unlocked(), requester, rule),
      'policy.setRefuseSoldIndividually': async ({ refuse }) => chooseRefuseSoldIndividually(unlocked(), refuse),
      ...backupMethods(unlocked, options.backupError),
      ...devices.methods
    }
  }
}

/** An OpenID4VP link as the text to preview and answer: a by-reference request fetched once, now. */
async function openId4VpByValue(link: string, web: WebDependencies): Promise<{ text: string; from: string }> {
  const { text, from } = await requestByValue(link, { web })
  return { text, from: from ?? 'the link' }
}
