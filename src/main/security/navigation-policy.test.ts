import { describe, expect, it } from 'vitest'
import { buildWindowOptions } from '../window-options.js'
import { allowPermission, externalLinkToOpen, WINDOW_OPEN_DECISION } from './navigation-policy.js'

describe('links and new windows', () => {
  it('hands web links to the system browser', () => {
    expect(externalLinkToOpen('https://example.org/privacy')).toBe('https://example.org/privacy')
    expect(externalLinkToOpen('http://example.org')).toBe('http://example.org/')
  })

  it('drops every other kind of link', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'mevault://request/1',
      'mevault-app://renderer/index.html',
      'smb://server/share',
      'https://user:pass@example.org/',
      'not a url'
    ]) {
      expect(externalLinkToOpen(url), url).toBeNull()
    }
  })

  it('never opens a window and never grants a web permission', () => {
    expect(WINDOW_OPEN_DECISION).toEqual({ action: 'deny' })
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      expect(allowPermission(permission)).toBe(false)
    }
  })
})

describe('a request file dropped on the window', () => {
  it('is never navigated to: Chromium does not follow drops, and a file:// link is not handed to any app', () => {
    expect(buildWindowOptions({ preloadPath: '/p.cjs', devTools: false }).webPreferences?.navigateOnDragDrop).toBe(false)
    for (const url of ['file:///home/ada/Downloads/bank-kyc.json', 'file://C:/Users/ada/Downloads/bank-kyc.jws']) {
      expect(externalLinkToOpen(url), url).toBeNull()
    }
  })
})
