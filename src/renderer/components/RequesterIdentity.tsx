import type { RequestPreview } from '../../shared/api.js'

/**
 * Who is asking, as far as it is known. The verified (green) look is for one case only: the
 * request is validly signed and the requester's domain lists that key (did:web); then the domain
 * is what is named, never the name, which anyone can claim. Otherwise the name is shown as a
 * claim in a neutral style. Warnings come first and stand out whatever the check says.
 */
export function RequesterIdentity({ requester }: { requester: RequestPreview['requester'] }) {
  const { verified, check, warnings } = requester
  return (
    <div className="requester-identity">
      {warnings.length > 0 && (
        <ul className="requester-warnings" role="alert" aria-label="Warnings about this requester">
          {warnings.map((warning) => (
            <li key={warning.kind} data-kind={warning.kind}>
              {warning.message}
            </li>
          ))}
        </ul>
      )}
      {verified ? (
        <p className="requester-check verified">
          Verified: <strong>{verified.domain}</strong> ({verified.method}). This domain vouches for the key that signed the request;
          the name “{requester.name}” is the requester’s own.
        </p>
      ) : (
        <p className="requester-check claimed" data-state={check.state}>
          Claims to be {requester.name} ({check.state === 'could-not-check' ? 'MeVault could not check this' : 'not verified'}
          {check.reason ? `: ${check.reason}` : ''}).
        </p>
      )}
    </div>
  )
}
