/**
 * The one Content-Security-Policy for the renderer, sent by Electron and by `mevault serve` alike.
 * Nothing is allowed unless listed: our own scripts (and WebAssembly compilation), our own styles,
 * images from us or data: URLs, and API calls to our own origin. No inline script, no eval, no frames.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"]
]

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ')

/**
 * Only for `electron-vite dev`: Vite's hot reload needs its inline preamble and a WebSocket.
 * Never used for built files.
 */
export function developmentContentSecurityPolicy(devServerOrigin: string): string {
  const socket = devServerOrigin.replace(/^http/, 'ws')
  return DIRECTIVES.map(([name, value]) => {
    if (name === 'script-src') return `${name} ${value} 'unsafe-inline' ${devServerOrigin}`
    if (name === 'connect-src') return `${name} ${value} ${devServerOrigin} ${socket}`
    return `${name} ${value}`
  }).join('; ')
}

/** Headers every renderer response carries, whichever shell serves it. */
export const RENDERER_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY'
})
