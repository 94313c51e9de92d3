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

/**
 * Listeners of change events, as each face that hands them on keeps them: `announce` tells every
 * listener; one listener's fault must not keep the others from hearing of the change.
 */
export function changeListeners(): VaultEvents & { announce(change: VaultChange): void } {
  const listeners = new Set<(change: VaultChange) => void>()
  return {
    announce(change) {
      for (const listener of listeners) {
        try {
          listener(change)
        } catch {
          // Told to the others all the same.
        }
      }
    },
    onChange(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    }
  }
}
