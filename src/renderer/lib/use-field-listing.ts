import { useCallback, useEffect, useMemo, useState } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { Tier } from '../../shared/types.js'
import { FieldListLoader, type FieldListState } from './field-list-loader.js'
import type { ListQuestion } from './field-listing.js'

/** The Vault screen's list: the engine's answer to the current search and tier, a window at a time. */
export function useFieldListing(
  api: MeVaultApi,
  query: string,
  tier: Tier | null,
  version: number
): FieldListState & {
  show: (start: number, end: number) => void
  /** Asks at once, from an event handler, before React renders the keystroke (the effect then asks nothing new). */
  ask: (question: ListQuestion) => void
} {
  const [state, setState] = useState<FieldListState>({ listing: null, error: null })
  const loader = useMemo(() => new FieldListLoader(api, setState), [api])
  useEffect(() => loader.ask({ query, tier, version }), [loader, query, tier, version])
  const show = useCallback((start: number, end: number) => loader.show(start, end), [loader])
  const ask = useCallback((question: ListQuestion) => loader.ask(question), [loader])
  return { ...state, show, ask }
}
