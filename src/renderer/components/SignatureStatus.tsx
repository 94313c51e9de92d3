import type { RequestSignatureView } from '../../shared/api.js'

/** Whether we know who is asking: a signature that holds, none at all, or one that does not hold. */
export function SignatureStatus({ signature }: { signature: RequestSignatureView }) {
  switch (signature.status) {
    case 'valid':
      // Neutral: the signature proves the key and that nothing changed, not who holds the key.
      return (
        <p className="signature valid">
          Signed with the key above: the request is exactly as that key’s holder wrote it. The key alone does not say who holds it.
        </p>
      )
    case 'unsigned':
      return (
        <p className="signature unsigned">
          Not signed. Anyone could have written this request in this name: share only what you would tell a stranger.
        </p>
      )
    case 'invalid':
      return <p className="signature invalid" role="alert">The signature does not hold ({signature.reason}). Treat this request as forged.</p>
  }
}
