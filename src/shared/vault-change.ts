/** What changed in the vault, as every face's event stream tells it (no zod here: the CLI's door client loads this). */
export const VAULT_CHANGE_KINDS = ['fields', 'devices', 'ledger', 'policy', 'lock'] as const
export type VaultChangeKind = (typeof VAULT_CHANGE_KINDS)[number]
export interface VaultChange {
  kind: VaultChangeKind
}

/** A subscription to change events, as each face's API client offers it; returns a function that stops it. */
export interface VaultEvents {
  onChange(listener: (change: VaultChange) => void): () => void
}

export function isVaultChange(value: unknown): value is VaultChange {
  if (typeof value !== 'object' || value === null) return false
  const { kind } = value as Record<string, unknown>
  return typeof kind === 'string' && (VAULT_CHANGE_KINDS as readonly string[]).includes(kind)
}
