import { ImmutableString } from '@automerge/automerge-repo'
import { CLAIM_TAGS } from '../claims/claim-tags.js'
import { documentChange, type DocumentChange, type Vault } from '../vault/vault.js'

/**
 * The claim tags an import adds, as a change to the claims document that Vault.setFields makes
 * durable with the fields themselves (one transaction). The caller tags only claims no field
 * carries yet, so no tag moves from a field the person chose.
 */
export async function claimTagsChange(vault: Vault, tags: ReadonlyArray<{ path: string; claim: string }>): Promise<DocumentChange | undefined> {
  if (tags.length === 0) return undefined
  const handle = await vault.document<Record<string, ImmutableString>>(CLAIM_TAGS)
  return documentChange(handle, (doc) => {
    for (const { path, claim } of tags) doc[claim] = new ImmutableString(path)
  })
}
