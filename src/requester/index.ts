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
export { MEVAULT_VCT, PERSON_QUERY_ID, personDcqlQuery, type ClaimsWanted } from './openid4vp/dcql-query.js'
export {
  makeOpenId4VpRequest,
  openid4vpLink,
  type ClientIdPrefix,
  type OpenId4VpRequest,
  type OpenId4VpRequestOptions,
  type ResponseMode
} from './openid4vp/make-request.js'
export {
  forgetPending,
  loadPending,
  parsePending,
  pendingRequestObject,
  recordPending,
  type PendingRequest
} from './openid4vp/pending-request.js'
export { checkPresentation, type CheckedPresentation, type PresentationCheckName } from './openid4vp/check-presentation.js'
export {
  answeredState,
  SELF_ASSERTED_NOTICE,
  verifyOpenId4VpResponse,
  type OpenId4VpCheckName,
  type OpenId4VpVerification,
  type VerifyOpenId4VpOptions
} from './openid4vp/verify-response.js'
export { startRequesterSite, type RequesterSite, type RequesterSiteOptions } from './site/site-server.js'
export type { DataRequest, DeclaredUse, Compensation } from '../core/requests/request-schema.js'
