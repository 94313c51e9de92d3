import type { SigningKeyPair } from '../../src/core/crypto/identity.js'
import type { WebDependencies } from '../../src/core/net/web-request.js'
import { answerAuthorizationRequest } from '../../src/core/requests/openid4vp/answer.js'
import { readAuthorizationRequest } from '../../src/core/requests/openid4vp/authorization-request.js'
import { evaluateDcql } from '../../src/core/requests/openid4vp/dcql-evaluation.js'
import { BindingChecker } from '../../src/core/requests/requester-identity/index.js'
import type { FieldView } from '../../src/shared/types.js'

/**
 * A person's MeVault answering an OpenID4VP request with its own core (src/core/requests/openid4vp):
 * read (a link or request parameters), evaluate the DCQL query against the person's fields, answer
 * with the approved claims. Returns the form body MeVault posts.
 */
export function personField(path: string, value: string, claim: string): FieldView {
  const [record = '', name = ''] = path.split('.')
  return { path, record, field: name, type: 'text', tier: 'restricted', value, updatedAt: '2026-12-01T00:00:00Z', device: 'laptop', claim }
}

export const PERSON_FIELDS: readonly FieldView[] = [
  personField('identity.first_name', 'Ada', 'given_name'),
  personField('identity.last_name', 'Lovelace', 'family_name'),
  personField('contact.email', 'ada@example.org', 'email'),
  personField('home.street', 'Unter den Linden 1', 'address.street_address'),
  personField('home.city', 'Berlin', 'address.locality'),
  personField('identity.birthdate', '1990-12-10', 'birthdate')
]

export async function answerAsMeVaultWallet(
  requestText: string,
  approve: readonly string[],
  options: { person: SigningKeyPair; web?: WebDependencies; fields?: readonly FieldView[]; now?: number }
) {
  const web = options.web ?? {}
  const request = await readAuthorizationRequest(requestText, { web, bindingChecker: new BindingChecker({ web }) })
  const evaluation = evaluateDcql(request.dcqlQuery, options.fields ?? PERSON_FIELDS)
  const answer = await answerAuthorizationRequest({
    request,
    evaluation,
    fields: options.fields ?? PERSON_FIELDS,
    approve,
    person: options.person,
    ...(options.now === undefined ? {} : { now: options.now })
  })
  return { request, evaluation, answer }
}
