import { badInput } from '../../../shared/errors.js'
import type { AuthorizationRequest } from './authorization-request.js'

/**
 * The body posted to the verifier's response_uri for `direct_post` (OpenID4VP 1.0 §8.2):
 * application/x-www-form-urlencoded with `vp_token`, a JSON object from each answered credential
 * query's id to its presentations, and the request's `state` when it had one. `direct_post.jwt`
 * (the same parameters encrypted to the verifier's key) is not built here yet.
 */
export const DIRECT_POST_CONTENT_TYPE = 'application/x-www-form-urlencoded'

export function directPostBody(request: Pick<AuthorizationRequest, 'responseMode' | 'state'>, presentations: Readonly<Record<string, readonly string[]>>): string {
  if (request.responseMode !== 'direct_post') {
    throw badInput(`answering with response_mode ${request.responseMode} is not supported yet; only direct_post is`)
  }
  const form = new URLSearchParams()
  form.set('vp_token', JSON.stringify(presentations))
  if (request.state !== undefined) form.set('state', request.state)
  return form.toString()
}
