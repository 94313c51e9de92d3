import { shell, type Session, type WebContents } from 'electron'
import { withContentSecurityPolicy } from './security/csp-header.js'
import { allowPermission, externalLinkToOpen, WINDOW_OPEN_DECISION } from './security/navigation-policy.js'

/** Every web contents: no navigation, no new windows, no webviews; web links go to the system browser. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternally(url)
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return WINDOW_OPEN_DECISION
  })
}

/** The session: our CSP on every response (the dev server's included), and no permissions granted. */
export function hardenSession(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) })
  })
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(allowPermission(permission)))
  session.setPermissionCheckHandler((_contents, permission) => allowPermission(permission))
}

function openExternally(url: string): void {
  const link = externalLinkToOpen(url)
  if (link !== null) void shell.openExternal(link)
}
