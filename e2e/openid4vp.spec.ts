/**
 * A standard verifier, made with the OpenWallet Foundation's libraries (`@openid4vc/openid4vp`
 * builds and signs the request, x509_san_dns with a certificate from a CA this test made), asks a
 * MeVault user through an openid4vp:// link. The person pastes it into MeVault (`mevault serve`
 * in Chromium), sees the verifier verified by its certificate's name and what a self-issued
 * credential proves, shares two of three claims, and the verifier checks the SD-JWT VC it got
 * with @sd-jwt/sd-jwt-vc and dcql.
 */
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { DcqlPresentationResult, DcqlQuery } from 'dcql'
import { checkPresentation, makeAuthorizationRequest, personQuery, x5cVerifier } from '../test/helpers/openid4vp-verifier.js'
import { makeTestCa } from '../test/helpers/test-ca.js'
import { fillVault } from './support/filled-vault.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { startMeVaultServe } from './support/serve.js'
import { openSection, unlock } from './support/vault-flow.js'

const HOST = 'verifier.example.com'
const PASSPHRASE = 'correct horse battery staple'

test('an OpenID4VP verifier asks by link; the person consents in MeVault; the verifier verifies the self-issued SD-JWT VC', async ({ page }, testInfo) => {
  const ca = makeTestCa([HOST])
  const arrived: string[] = []
  let requestObject = ''
  const verifier = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/request.jwt') {
        return void res.writeHead(200, { 'content-type': 'application/oauth-authz-req+jwt' }).end(requestObject)
      }
      arrived.push(Buffer.concat(chunks).toString('utf8'))
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ redirect_uri: `https://${HOST}:${port}/done?session=7` }))
    })
  })
  await new Promise<void>((resolve) => verifier.listen(0, '127.0.0.1', resolve))
  const port = (verifier.address() as AddressInfo).port
  const serve = await startMeVaultServe({ NODE_EXTRA_CA_CERTS: ca.caFile, MEVAULT_RESOLVE: `${HOST}=127.0.0.1` })
  try {
    await fillVault(
      serve.env,
      PASSPHRASE,
      [
        { path: 'me.vorname', value: 'Zoë', tier: 'restricted' },
        { path: 'me.geburtstag', value: '1990-04-01', tier: 'private' },
        { path: 'home.stadt', value: 'Leipzig', tier: 'restricted' }
      ],
      async (api) => {
        await api['fields.claim']({ path: 'me.vorname', claim: 'given_name' })
        await api['fields.claim']({ path: 'me.geburtstag', claim: 'birthdate' })
        await api['fields.claim']({ path: 'home.stadt', claim: 'address.locality' })
      }
    )
    const query = personQuery([['given_name'], ['birthdate'], ['address', 'locality']])
    const clientId = `x509_san_dns:${HOST}`
    const payload = {
      response_type: 'vp_token',
      response_mode: 'direct_post',
      client_id: clientId,
      response_uri: `https://${HOST}:${port}/openid4vp/response`,
      nonce: 'e2e-nonce-5d1c0a7f',
      state: 'e2e-state',
      dcql_query: query,
      client_metadata: { client_name: 'Example Shop', vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['EdDSA', 'ES256'], 'kb-jwt_alg_values': ['EdDSA', 'ES256'] } } }
    }
    const made = await makeAuthorizationRequest(payload, { signer: x5cVerifier(ca.key, ca.cert), requestUri: `https://${HOST}:${port}/request.jwt` })
    requestObject = made.requestObject!

    await page.goto(serve.url)
    await unlock(page, PASSPHRASE)
    await openSection(page, 'Requests')
    await page.getByLabel('Or paste a request link').fill(made.link)
    await page.getByRole('button', { name: 'Open', exact: true }).click()

    await expect(page.getByRole('heading', { name: 'Example Shop asks for 3 fields' })).toBeVisible()
    await expect(page.locator('.requester-check.verified')).toContainText(`Verified: ${HOST} (x509_san_dns)`)
    await expect(page.getByLabel('What your answer is')).toContainText('not that what it says is true')
    await expect(page.locator('.consent-line[data-path="address.locality"]')).toContainText('home.stadt')
    await expect(page.locator('.consent-line[data-path="address.locality"]')).toContainText('Leipzig')
    await keepScreenshot(page, testInfo, 'openid4vp-consent')

    await page.getByRole('checkbox', { name: /Share First name/ }).check()
    await page.getByRole('checkbox', { name: /Share City/ }).check()
    await page.getByRole('button', { name: 'Share 2 fields' }).click()
    await expect(page.getByText(`Your answer was delivered to Example Shop at ${HOST}:${port}.`)).toBeVisible()
    await expect(page.getByRole('link', { name: `Continue at ${HOST}:${port}` })).toHaveAttribute('href', `https://${HOST}:${port}/done?session=7`)
    await keepScreenshot(page, testInfo, 'openid4vp-delivered')

    // The verifier's side, with code MeVault did not write.
    expect(arrived).toHaveLength(1)
    const form = new URLSearchParams(arrived[0])
    expect(form.get('state')).toBe('e2e-state')
    const presentation = (JSON.parse(form.get('vp_token')!) as Record<string, string[]>).person![0]!
    const checked = await checkPresentation(presentation, { nonce: payload.nonce, aud: clientId, now: Math.floor(Date.now() / 1000) })
    expect(checked.claims).toEqual({ given_name: 'Zoë', address: { locality: 'Leipzig' } })
    const result = DcqlPresentationResult.fromDcqlPresentation(
      { person: [{ credential_format: 'dc+sd-jwt', vct: 'urn:mevault:person:1', claims: checked.claims as never, cryptographic_holder_binding: true }] },
      { dcqlQuery: DcqlQuery.parse(DcqlQuery.parse({ credentials: [{ ...(query.credentials as object[])[0], claims: [{ path: ['given_name'] }, { path: ['address', 'locality'] }] }] } as DcqlQuery.Input)) }
    )
    expect(result.can_be_satisfied).toBe(true)

    // The ledger keeps it like any answer: who, what, where it went.
    await openSection(page, 'Ledger')
    await expect(page.getByText('Example Shop').first()).toBeVisible()
    await expect(page.getByText(new RegExp(`answer delivered to ${HOST}:${port}`, 'i')).first()).toBeVisible()
    await keepScreenshot(page, testInfo, 'openid4vp-ledger')
  } finally {
    await serve.close()
    verifier.close()
    ca.remove()
  }
})
