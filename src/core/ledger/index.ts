/**
 * The disclosure ledger: the core API the CLI and the UI call. Every answer to a data request
 * (shared, partly shared or refused) leaves a receipt signed by the person's identity, kept in
 * synced vault documents. See docs/ledger.md for the formats and the storage layout.
 */
export { answerRequest, previewRequest } from './answer.js'
export { listReceipts, listReceiptSummaries, getReceipt, whoHas, type ReceiptSummary } from './queries.js'
export { withdraw } from './withdraw.js'
export { verifyReceipt, RECEIPT_TYP } from './receipt.js'
export { verifyWithdrawalNotice, WITHDRAWAL_TYP } from './withdrawal-notice.js'
export { loadPolicy, savePolicy, updatePolicy } from '../policy-store/index.js'
export type {
  AnswerRequestInput,
  AnswerResult,
  ApproveChoice,
  Holder,
  Receipt,
  ReceiptOutcome,
  RequestPreview,
  WithdrawResult
} from './types.js'
