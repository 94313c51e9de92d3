import type { DataRequest } from '../../core/requests/request-schema.js'
import { requestedKey } from '../../core/requests/request-schema.js'
import { claimNamed } from '../../shared/claims.js'
import { html, type Html } from './html.js'
import { qrSvg } from './qr-svg.js'
import { donePage, openId4VpAnswerSection, openId4VpLinkSection } from './openid4vp-pages.js'
import type { ArrivedOpenId4VpAnswer } from './openid4vp-inbox.js'

/** One published request as the home page shows it. */
export interface ShownRequest {
  request: DataRequest
  /** Where the signed file is served (the request_uri). */
  fileUrl: string
  /** mevault://request?request_uri=… */
  link: string
  /** openid4vp://?client_id=…&request_uri=…: the same claims for any OpenID4VP wallet (https sites only). */
  openid4vpLink?: string
}

/** One answer that arrived and passed every check. */
export interface ArrivedAnswer {
  receivedAt: Date
  requestId: string
  person: string
  sealed: boolean
  keepUntil: string
  /** Dropped when the person withdraws consent. */
  claims: Record<string, string> | null
  withdrawnAt?: Date
}

function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title}</title><link rel="stylesheet" href="/site.css"></head>
<body>${body}</body></html>
`.text
}

export function homePage(name: string, domain: string, requests: readonly ShownRequest[]): string {
  return page(
    `${name}: data requests`,
    html`<h1>${name}</h1>
<p class="muted">Data requests of ${domain}, answered with MeVault. <a href="/answers">Answers received</a></p>
${requests.length === 0 ? html`<p>No request yet: make one with <code>mevault requester request</code>.</p>` : ''}
${requests.map((shown) => requestSection(shown))}`
  )
}

function requestSection({ request, fileUrl, link, openid4vpLink }: ShownRequest): Html {
  const claims = request.fields.map((field) => {
    const key = requestedKey(field)
    return html`<li>${claimNamed(key)?.label ?? key} <code>${key}</code>${field.required ? '' : ' (optional)'}</li>`
  })
  return html`<section class="request" aria-label="Request ${request.id}">
<h2>${request.purpose}</h2>
<ul>${claims}</ul>
<p>Kept for <code>${request.retention}</code>; answer before ${request.expiresAt}.</p>
<p>Open in MeVault: <a class="link" href="${link}">${link}</a></p>
${qrSvg(link, `QR code of the request link for ${request.id}`)}
${openid4vpLink ? openId4VpLinkSection(request.id, openid4vpLink) : ''}
<p class="muted">The signed request: <a class="link" href="${fileUrl}">${fileUrl}</a></p>
</section>`
}

export function answersPage(name: string, answers: readonly ArrivedAnswer[], openid4vpAnswers: readonly ArrivedOpenId4VpAnswer[] = []): string {
  return page(
    `${name}: answers received`,
    html`<h1>Answers received</h1>
<p class="muted">Each answer was opened with ${name}'s sealing key and verified against its request. <a href="/">Requests</a></p>
${answers.length + openid4vpAnswers.length === 0 ? html`<p>No answer yet.</p>` : ''}
${[...answers].reverse().map((answer) => answerSection(answer))}
${[...openid4vpAnswers].reverse().map((answer) => openId4VpAnswerSection(answer))}`
  )
}

function answerSection(answer: ArrivedAnswer): Html {
  const rows = Object.entries(answer.claims ?? {}).map(
    ([claim, value]) => html`<dt>${claimNamed(claim)?.label ?? claim}</dt><dd data-claim="${claim}">${value}</dd>`
  )
  return html`<section class="answer${answer.withdrawnAt ? ' withdrawn' : ''}" aria-label="Answer to ${answer.requestId}">
<h2>Verified answer to <code>${answer.requestId}</code></h2>
<p class="muted">Received ${answer.receivedAt.toISOString()} from <code>${answer.person}</code>${answer.sealed ? ', sealed' : ''}; may be kept until ${answer.keepUntil}.</p>
${answer.withdrawnAt ? html`<p><strong>Consent withdrawn</strong> ${answer.withdrawnAt.toISOString()}: the values were erased.</p>` : html`<dl>${rows}</dl>`}
</section>`
}

export function thanksPage(name: string): string {
  return page(`${name}: thank you`, donePage(name))
}
