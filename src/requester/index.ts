/**
 * MeVault's requester kit: what a company needs to ask people for data and check their answers.
 * No vault, no SQLite, no Automerge, no UI: only the request and packet formats and their crypto.
 * Imported as `mevault/requester` (package.json "exports"); see docs/requester-kit.md.
 */
export { didDocument, didWebOf, DID_DOCUMENT_PATH } from './did-web.js'
export { initKitFolder, loadKitFolder, recordRequest, recordedRequests, type KitFolder } from './kit-folder.js'
export { keyFileTexts, keysFromFileTexts, newRequesterKeys, sealingPublicKey, type RequesterKeys } from './keys.js'
export { makeRequest, parseCompensation, type RequesterProfile, type RequestOptions } from './make-request.js'
export { openAnswer, type OpenedAnswer } from './open-answer.js'
export { requestLink, signRequest, type SignedRequest } from './sign-request.js'
export {
  verifyAnswer,
  type AnswerCheck,
  type AnswerCheckName,
  type AnswerVerification,
  type VerifyAnswerOptions
} from './verify-answer.js'
export { startRequesterSite, type RequesterSite, type RequesterSiteOptions } from './site/site-server.js'
export type { DataRequest, DeclaredUse, Compensation } from '../core/requests/request-schema.js'
