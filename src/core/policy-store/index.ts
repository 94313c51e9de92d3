import { ImmutableString } from '@automerge/automerge-repo'
import { integrity, isMeVaultError } from '../../shared/errors.js'
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../requests/policy.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import type { Vault } from '../vault/vault.js'

/**
 * The person's standing policy, in the synced named document "policy". Every rule is its own
 * root key ("tier:public", "requester:did:key:…") so two devices that change different rules
 * while apart both keep their change (nested maps created on both sides would conflict whole).
 */
export const POLICY_DOCUMENT = 'policy'
defineSyncedDocument({ name: POLICY_DOCUMENT, schema: 1 })

type PolicyDoc = Record<string, ImmutableString>

const TIER_KEY = 'tier:'
const REQUESTER_KEY = 'requester:'
/** Present (value "refuse") when the person refuses requests that sell their data individually. */
const SOLD_INDIVIDUALLY_KEY = 'use:sold-individually'

/** The stored policy; DEFAULT_POLICY where nothing was set yet. */
export async function loadPolicy(vault: Vault): Promise<Policy> {
  const doc = (await vault.document<PolicyDoc>(POLICY_DOCUMENT)).doc()
  const tiers: Record<string, string> = { ...DEFAULT_POLICY.tiers }
  const requesters: Record<string, string> = {}
  let refuseSoldIndividually = false
  for (const [key, value] of Object.entries(doc)) {
    const text = value instanceof ImmutableString ? value.val : String(value)
    if (key.startsWith(TIER_KEY)) tiers[key.slice(TIER_KEY.length)] = text
    else if (key.startsWith(REQUESTER_KEY)) requesters[key.slice(REQUESTER_KEY.length)] = text
    else if (key === SOLD_INDIVIDUALLY_KEY) refuseSoldIndividually = text === 'refuse'
  }
  try {
    return parsePolicy({ tiers, requesters, ...(refuseSoldIndividually ? { refuseSoldIndividually } : {}) })
  } catch (error) {
    // Only a damaged or foreign document can hold an invalid rule: savePolicy validates.
    if (isMeVaultError(error, 'BAD_INPUT')) throw integrity(`The stored policy is not valid (${error.message})`, error)
    throw error
  }
}

/** Replaces the stored policy with `policy` (validated first); returns once durable. */
export async function savePolicy(vault: Vault, policy: Policy): Promise<Policy> {
  const next = parsePolicy(policy)
  const handle = await vault.document<PolicyDoc>(POLICY_DOCUMENT)
  const wanted = new Map<string, string>()
  for (const [tier, rule] of Object.entries(next.tiers)) wanted.set(TIER_KEY + tier, rule)
  for (const [did, rule] of Object.entries(next.requesters)) wanted.set(REQUESTER_KEY + did, rule)
  if (next.refuseSoldIndividually) wanted.set(SOLD_INDIVIDUALLY_KEY, 'refuse')
  await vault.changeDocument(handle, (doc) => {
    for (const key of Object.keys(doc)) if (!wanted.has(key)) delete doc[key]
    for (const [key, rule] of wanted) {
      // Writing only what changed keeps the history short and merges clean.
      if (doc[key]?.val !== rule) doc[key] = new ImmutableString(rule)
    }
  })
  return next
}

/** Load, change with one of the pure helpers of requests/policy.ts (applyPreset, setRequesterRule…), save. */
export async function updatePolicy(vault: Vault, change: (policy: Policy) => Policy): Promise<Policy> {
  return savePolicy(vault, change(await loadPolicy(vault)))
}
