import type { ClaimEntry, FieldPage } from '../../shared/api.js'
import { CLAIMS } from '../../shared/claims.js'
import type { FieldView } from '../../shared/types.js'
import { claimsByPath, tagClaim, untagClaim } from '../claims/claim-tags.js'
import type { Vault } from '../vault/vault.js'

/**
 * Fields as the API returns them: each with the claim it carries, if any. The claims live in their
 * own synced document (claims/claim-tags.ts); only tagged fields get a new object.
 */
export async function withClaims(vault: Vault, fields: FieldView[]): Promise<FieldView[]> {
  const byPath = await claimsByPath(vault)
  if (byPath.size === 0) return fields
  return fields.map((field) => {
    const claim = byPath.get(field.path)
    return claim === undefined ? field : { ...field, claim }
  })
}

export async function withClaim(vault: Vault, field: FieldView): Promise<FieldView> {
  return (await withClaims(vault, [field]))[0]!
}

export async function pageWithClaims(vault: Vault, page: FieldPage): Promise<FieldPage> {
  return { ...page, fields: await withClaims(vault, page.fields) }
}

/** Tags (or with null untags) the field, and returns it as it now reads. */
export async function claimField(vault: Vault, path: string, claim: string | null): Promise<FieldView> {
  if (claim === null) await untagClaim(vault, path)
  else await tagClaim(vault, path, claim)
  return withClaim(vault, await vault.get(path))
}

/** The vocabulary, each claim with the field that carries it here. */
export async function listClaims(vault: Vault): Promise<ClaimEntry[]> {
  const byClaim = new Map([...(await claimsByPath(vault))].map(([path, claim]) => [claim, path]))
  return CLAIMS.map((definition) => {
    const field = byClaim.get(definition.name)
    return field === undefined ? { ...definition } : { ...definition, field }
  })
}
