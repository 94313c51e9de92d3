import { ImmutableString } from '@automerge/automerge-repo'
import { CLAIMS, claimNamed } from '../../shared/claims.js'
import { badInput } from '../../shared/errors.js'
import { parseFieldPath } from '../vault/field-path.js'
import { defineNamedView } from '../vault/named-views.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import type { Vault } from '../vault/vault.js'

/**
 * Which field carries which claim of the vocabulary (shared/claims.ts): one synced document, claim
 * name → the field's path. Keyed by claim, so a claim belongs to at most one field even when two
 * devices tag different fields while apart: the merge keeps one path per claim (the later write).
 * A tag outlives its field's removal, and the field carries it again if it is set again.
 */
export const CLAIM_TAGS = 'claims'

type ClaimTagsDoc = Record<string, ImmutableString>

defineSyncedDocument({ name: CLAIM_TAGS, schema: 1 })
defineNamedView(CLAIM_TAGS, (doc: ClaimTagsDoc): Record<string, string> =>
  Object.fromEntries(Object.entries(doc).map(([claim, path]) => [claim, path.val]))
)

/** Field path → the claim it carries. */
export async function claimsByPath(vault: Vault): Promise<Map<string, string>> {
  const { content } = await vault.documentView<Record<string, string>>(CLAIM_TAGS)
  const byPath = new Map<string, string>()
  // Sorted, so that a field two claims point at (tagged apart on two devices) shows the same one everywhere.
  for (const claim of Object.keys(content).sort()) if (!byPath.has(content[claim]!)) byPath.set(content[claim]!, claim)
  return byPath
}

/**
 * Tags the field with the claim, durable on return. The claim leaves any other field that carried
 * it, and the field any other claim it carried. Returns the path that carried the claim before.
 */
export async function tagClaim(vault: Vault, path: string, claim: string): Promise<{ previous?: string }> {
  const target = parseFieldPath(path).path
  assertKnownClaim(claim)
  await vault.get(target) // NOT_FOUND for a field that is not there
  const handle = await vault.document<ClaimTagsDoc>(CLAIM_TAGS)
  const previous = handle.doc()[claim]?.val
  if (previous === target) return {}
  await vault.changeDocument(handle, (doc) => {
    for (const [other, tagged] of Object.entries(doc)) if (tagged.val === target) delete doc[other]
    doc[claim] = new ImmutableString(target)
  })
  return previous === undefined ? {} : { previous }
}

/** Removes whatever claim the field carries; durable on return. Returns that claim, if any. */
export async function untagClaim(vault: Vault, path: string): Promise<string | undefined> {
  const target = parseFieldPath(path).path
  const handle = await vault.document<ClaimTagsDoc>(CLAIM_TAGS)
  const carried = Object.entries(handle.doc()).filter(([, tagged]) => tagged.val === target).map(([claim]) => claim)
  if (carried.length === 0) return undefined
  await vault.changeDocument(handle, (doc) => {
    for (const claim of carried) delete doc[claim]
  })
  return carried.sort()[0]
}

/** BAD_INPUT naming where the claims are listed, for a name not in the vocabulary. */
export function assertKnownClaim(claim: string): void {
  if (claimNamed(claim)) return
  const shown = JSON.stringify(claim.slice(0, 40))
  throw badInput(`No claim named ${shown}: \`mevault claims\` lists them (e.g. ${CLAIMS.slice(1, 4).map((c) => c.name).join(', ')})`)
}
