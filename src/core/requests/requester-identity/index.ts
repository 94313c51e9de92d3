/** Who is asking, verified: the did:web binding check and the warnings about a requester. */
export { assessRequester, type AssessInput } from './assess-requester.js'
export { BindingChecker, sharedBindingChecker, type BindingCheck, type BindingCheckerOptions } from './binding-check.js'
export { knownRequesters, type KnownRequester } from './known-requesters.js'
export { didWebDocument, didWebTarget } from './did-web.js'
