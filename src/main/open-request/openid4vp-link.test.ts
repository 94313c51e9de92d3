import { describe, expect, it } from 'vitest'
import { makeAuthorizationRequest, personQuery } from '../../../test/helpers/openid4vp-verifier.js'
import { isMeVaultError } from '../../shared/errors.js'
import { linkFromArgv } from './mevault-link.js'
import { parseOpenId4VpLink } from './openid4vp-link.js'

function refusal(link: string): string {
  try {
    parseOpenId4VpLink(link)
  } catch (error) {
    expect(isMeVaultError(error, 'BAD_INPUT'), link).toBe(true)
    return (error as Error).message
  }
  throw new Error(`accepted: ${link}`)
}

const RESPONSE_URI = 'https://shop.example.com/openid4vp/response'
const payload = {
  response_type: 'vp_token',
  response_mode: 'direct_post',
  client_id: `redirect_uri:${RESPONSE_URI}`,
  response_uri: RESPONSE_URI,
  nonce: 'n-0123456789',
  dcql_query: personQuery([['given_name']])
}

describe('openid4vp:// links that open the desktop app', () => {
  it('are offered with the host they point to, never read or fetched on their own (a link made by @openid4vc/openid4vp)', async () => {
    const { link } = await makeAuthorizationRequest(payload)
    expect(parseOpenId4VpLink(link)).toEqual({ fileName: 'shop.example.com', text: '', link })
    const byReference = `openid4vp://?client_id=${encodeURIComponent('decentralized_identifier:did:web:bank.example.com')}&request_uri=${encodeURIComponent('https://bank.example.com/r/1.jwt')}`
    expect(parseOpenId4VpLink(byReference)).toEqual({ fileName: 'bank.example.com', text: '', link: byReference })
    expect(parseOpenId4VpLink(byReference.replace('openid4vp:', 'haip-vp:')).fileName).toBe('bank.example.com')
  })

  it('are found on a command line like mevault:// links', () => {
    expect(linkFromArgv(['/opt/MeVault/mevault', '--no-sandbox', 'openid4vp://?client_id=x&request_uri=https%3A%2F%2Fa.example%2Fr'])).toMatch(/^openid4vp:/)
  })

  it('are refused when they point to plain http, name no client, or point nowhere', () => {
    expect(refusal(`openid4vp://?client_id=x&request_uri=${encodeURIComponent('http://evil.example/r.jwt')}`)).toMatch(/not https/)
    expect(refusal(`openid4vp://?request_uri=${encodeURIComponent('https://a.example/r.jwt')}`)).toMatch(/no client_id/)
    expect(refusal('openid4vp://?client_id=x')).toMatch(/neither a request_uri nor a response_uri/)
    expect(refusal(`openid4vp://?client_id=x&request_uri=${'a'.repeat(20_000)}`)).toMatch(/too long/)
  })
})
