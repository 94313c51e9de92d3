/**
 * Who may talk to `mevault serve`: a page on our exact loopback origin, under this run's secret path,
 * that signed in with this run's one-time token. The Host check stops DNS rebinding; the Origin check
 * stops other sites' pages; the session cookie stops other local users and processes.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

export function newAccessToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The app lives under a random path per run, and so does its cookie. Browsers do not separate
 * cookies by port, so a `Path=/` cookie on 127.0.0.1 would go to every other web server on
 * 127.0.0.1 the browser visits (a dev server, another app), which could then use the whole API.
 * A cookie scoped to `/<this prefix>/` goes only to addresses under that path, which another server
 * cannot guess (128 random bits, never sent elsewhere: Referrer-Policy no-referrer).
 * Why not a random loopback host (127.x.y.z) instead: only Linux routes all of 127/8 to loopback
 * (macOS and Windows have 127.0.0.1 alone), and a browser shows an unfamiliar address.
 */
export function newPathPrefix(): string {
  return randomBytes(16).toString('base64url')
}

export const SESSION_COOKIE = 'mevault-session'

/** No Max-Age: the browser forgets it when it closes, and it is worthless once this run ends. */
export function sessionCookie(prefix: string, secret: string): string {
  return `${SESSION_COOKIE}=${secret}; Path=/${prefix}/; HttpOnly; SameSite=Strict`
}

export type Redemption = 'granted' | 'used' | 'wrong'

/**
 * The token in the printed address signs in once. A reusable one would stay a key to the vault in
 * the browser's history (and in its history sync), long after the page moved on.
 */
export class OneTimeToken {
  readonly value = newAccessToken()
  private redeemed = false

  redeem(given: string): Redemption {
    if (!sameToken(this.value, given)) return 'wrong'
    if (this.redeemed) return 'used'
    this.redeemed = true
    return 'granted'
  }
}

export function sameToken(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Every value sent under that name: another server on 127.0.0.1 can set a `Path=/` cookie of the
 * same name, which the browser then sends beside ours.
 */
export function readCookies(header: string | undefined, name: string): string[] {
  const values: string[] = []
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim())
  }
  return values
}

export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
}
