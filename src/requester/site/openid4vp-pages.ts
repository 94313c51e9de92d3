import { claimNamed } from '../../shared/claims.js'
import { html, type Html } from './html.js'
import type { ArrivedOpenId4VpAnswer } from './openid4vp-inbox.js'
import { qrSvg } from './qr-svg.js'

/** The OpenID4VP link and its QR code, next to a request's MeVault link. */
export function openId4VpLinkSection(requestId: string, link: string): Html {
  return html`<p>Or with any OpenID4VP wallet: <a class="link openid4vp" href="${link}">${link}</a></p>
${qrSvg(link, `QR code of the OpenID4VP link for ${requestId}`)}`
}

/** A verified OpenID4VP answer, its claims escaped, and what it does not prove. */
export function openId4VpAnswerSection(answer: ArrivedOpenId4VpAnswer): Html {
  const rows = Object.entries(answer.claims).map(
    ([claim, value]) => html`<dt>${claimNamed(claim)?.label ?? claim}</dt><dd data-claim="${claim}">${typeof value === 'string' ? value : JSON.stringify(value)}</dd>`
  )
  return html`<section class="answer openid4vp" aria-label="OpenID4VP answer">
<h2>Verified OpenID4VP answer (SD-JWT VC)</h2>
<p class="muted">Received ${answer.receivedAt.toISOString()} from <code>${answer.holder}</code>.</p>
<p class="muted">${answer.notice}</p>
<dl>${rows}</dl>
</section>`
}

/** Where the wallet sends the person after answering (OpenID4VP §8.2 redirect_uri): thanks, nothing else. */
export function donePage(name: string): Html {
  return html`<h1>${name}</h1>
<p>Thank you: your answer arrived and was verified. You can close this page.</p>`
}
