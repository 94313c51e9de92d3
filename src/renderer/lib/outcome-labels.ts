import type { LedgerEntry } from '../../shared/api.js'

/** An answer's outcome as a person reads it: the inbox and the ledger say it the same way. */
export const OUTCOME_LABEL: Record<LedgerEntry['outcome'], string> = { shared: 'Shared', 'partly-shared': 'Partly shared', refused: 'Refused' }
