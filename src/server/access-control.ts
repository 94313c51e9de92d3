/**
 * Who may talk to `mevault serve`: a page on our exact loopback origin that holds this run's token.
 * The Host check stops DNS rebinding; the Origin check stops other sites' pages; the token stops
 * other local users and processes.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

export function newAccessToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Cookies are shared by every port of a host, so the name carries the port. */
export function tokenCookieName(port: number): string {
  return `mevault-token-${port}`
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`
}

export function sameToken(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '')
  return match?.[1]
}

export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
}
