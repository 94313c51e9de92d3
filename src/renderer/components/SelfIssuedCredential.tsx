import type { OpenId4VpCredentialView } from '../../shared/api.js'

/**
 * For an OpenID4VP request: what the answer is. MeVault presents a credential the person issues
 * about themself, so a verifier learns who sent it and that it was not changed, never that a
 * trusted issuer vouches for it; the person should know that before sharing.
 */
export function SelfIssuedCredential({ credential }: { credential: OpenId4VpCredentialView }) {
  return (
    <div className="self-issued" aria-label="What your answer is">
      <p>
        <strong>A standard OpenID4VP request.</strong> {credential.note}
      </p>
      <p className="hint">
        Sent as an SD-JWT VC ({credential.type}) issued by your own key <code>{credential.issuer}</code>; only the lines you switch on are
        disclosed.
      </p>
      {credential.notes.length > 0 && (
        <ul className="hint">
          {credential.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
