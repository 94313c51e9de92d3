import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  developmentContentSecurityPolicy,
  RENDERER_SECURITY_HEADERS
} from './content-security-policy.js'
import { withContentSecurityPolicy } from './csp-header.js'

const directives = (policy: string) =>
  Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]))

describe('the content security policy', () => {
  it('allows nothing by default and nothing inline, remote or framed', () => {
    const csp = directives(CONTENT_SECURITY_POLICY)
    expect(csp['default-src']).toBe("'none'")
    expect(csp['script-src']).toBe("'self' 'wasm-unsafe-eval'")
    expect(csp['style-src']).toBe("'self'")
    expect(csp['img-src']).toBe("'self' data:")
    expect(csp['connect-src']).toBe("'self'")
    expect(csp['object-src']).toBe("'none'")
    expect(csp['frame-ancestors']).toBe("'none'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/)
  })

  it('is sent with no-store caching', () => {
    expect(RENDERER_SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(RENDERER_SECURITY_HEADERS['Cache-Control']).toBe('no-store')
  })

  it('loosens only scripts and connections to the dev server, for `electron-vite dev`', () => {
    const dev = directives(developmentContentSecurityPolicy('http://localhost:5173'))
    const prod = directives(CONTENT_SECURITY_POLICY)
    expect(dev['connect-src']).toBe("'self' http://localhost:5173 ws://localhost:5173")
    expect(dev['script-src']).toContain("'unsafe-inline'")
    expect({ ...dev, 'script-src': '', 'connect-src': '' }).toEqual({ ...prod, 'script-src': '', 'connect-src': '' })
  })

  it('replaces whatever CSP a response brought, in any letter case', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ["default-src *"], 'CONTENT-Security-Policy': ['x'], 'Content-Type': ['text/html'] },
      CONTENT_SECURITY_POLICY
    )
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] })
  })
})
