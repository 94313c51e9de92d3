import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { isMeVaultError } from '../../shared/errors.js'
import { linkFromArgv, MAX_LINK_LENGTH, parseMeVaultLink, requestLink } from './mevault-link.js'

const sampleRequest = () => readFile(new URL('../../../resources/requests/newsletter-signup.json', import.meta.url), 'utf8')
const signedRequest = () => readFile(new URL('../../../resources/requests/bank-kyc.signed.jws', import.meta.url), 'utf8')

function refusal(link: string): string {
  try {
    parseMeVaultLink(link)
  } catch (error) {
    expect(isMeVaultError(error, 'BAD_INPUT'), link).toBe(true)
    return (error as Error).message
  }
  throw new Error(`accepted: ${link}`)
}

describe('mevault:// links', () => {
  it('open a request carried inline, exactly as written', async () => {
    const text = await sampleRequest()
    expect(parseMeVaultLink(requestLink(text))).toEqual({ fileName: 'request from a mevault link', text })
  })

  it('open a signed request too, and tolerate padding, a trailing slash and an upper-case scheme', async () => {
    const text = await signedRequest()
    const link = requestLink(text)
    expect(parseMeVaultLink(link).text).toBe(text)
    expect(parseMeVaultLink(`${link}/`).text).toBe(text)
    expect(parseMeVaultLink(link.replace('mevault://request', 'MEVAULT://REQUEST')).text).toBe(text)
    const short = requestLink('{"a":1}')
    expect(parseMeVaultLink(`${short}=`).text).toBe('{"a":1}')
  })

  it('point to a request by its https address only for the person to open: nothing is fetched here', () => {
    const link = `mevault://request?request_uri=${encodeURIComponent('https://nordbank.example.com/requests/kyc.jws')}`
    expect(parseMeVaultLink(link)).toEqual({ fileName: 'nordbank.example.com', text: '', link })
    expect(refusal('mevault://request?request_uri=http%3A%2F%2Fevil.example%2Fr.json')).toMatch(/must point to an https:\/\/ address/)
    expect(refusal('mevault://request?request_uri=https%3A%2F%2Fbank.example%40evil.example%2Fr.json')).toMatch(/user name or password/)
    expect(refusal('mevault://request?request_uri=file%3A%2F%2F%2Fetc%2Fpasswd')).toMatch(/must point to an https:\/\/ address/)
    expect(refusal('mevault://request?request_uri=https%3A%2F%2Fa.example%2Fr&url=x')).toMatch(/only opens links of the form/)
  })

  it('never point at a request elsewhere: other addresses, files and other actions are refused', () => {
    for (const link of [
      'mevault://request?url=https://evil.example/r.json',
      'mevault://open?file=/etc/passwd',
      'mevault://open/eyJhIjoxfQ',
      'mevault://request/eyJhIjoxfQ?url=https://evil.example',
      'mevault://request/eyJhIjoxfQ#x',
      'mevault://user@request/eyJhIjoxfQ',
      'mevault://request:80/eyJhIjoxfQ',
      'mevault://request/eyJh%49joxfQ',
      'mevault://request/a/b',
      'mevault://request/',
      'mevault:request/eyJhIjoxfQ'
    ]) {
      expect(refusal(link), link).toMatch(/only opens links of the form mevault:\/\/request\//)
    }
  })

  it('refuse other schemes, oversized links, and payloads that are not a request', () => {
    expect(refusal('https://example.org/request.json')).toBe('Not a MeVault link')
    expect(refusal('file:///home/ada/request.json')).toBe('Not a MeVault link')
    expect(refusal(`mevault://request/${'A'.repeat(MAX_LINK_LENGTH)}`)).toMatch(/too long/)
    expect(refusal(requestLink('hello, not a request'))).toMatch(/does not carry a request/)
    expect(refusal('mevault://request/_w')).toMatch(/not UTF-8 text/)
    expect(refusal('mevault://request/A')).toMatch(/not valid base64url/)
  })

  it('are found among the arguments Windows and Linux launch the app with', () => {
    const link = requestLink('{"type":"mevault.request/1"}')
    expect(linkFromArgv(['/opt/MeVault/mevault', '--no-sandbox', link])).toBe(link)
    expect(linkFromArgv(['C:\\MeVault\\MeVault.exe', '--allow-file-access-from-files', '--', link])).toBe(link)
    expect(linkFromArgv(['/opt/MeVault/mevault', '--inspect', 'https://example.org'])).toBeNull()
    expect(linkFromArgv(['/opt/MeVault/mevault', '--x=mevault://request/eyJhIjoxfQ'])).toBeNull()
  })
})
