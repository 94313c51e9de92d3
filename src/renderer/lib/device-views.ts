import type { QrMatrix } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { describeError } from '../components/describe-error.js'

/** Modules of white margin around a QR code: the standard asks for 4 so cameras find its edges. */
export const QR_QUIET_ZONE = 4

/**
 * One SVG path drawing every dark module (a 1×1 square each, shifted by the quiet zone): a single
 * element instead of hundreds, and no image URL for the CSP to allow.
 */
export function qrPath(qr: QrMatrix): string {
  const parts: string[] = []
  qr.modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h1v1h-1z`)
    })
  })
  return parts.join('')
}

/** "9:05" until the invitation expires; "0:00" once it has. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** The command to type on the new machine. */
export const acceptCommand = (code: string): string => `mevault pair accept ${code}`

/**
 * Device errors say what went wrong in their own words. (The generic describeError reads
 * WRONG_CREDENTIALS as a wrong passphrase; here it means another device refused this one.)
 */
export function describeDeviceError(error: unknown): string {
  if (isMeVaultError(error) && error.code !== 'LOCKED' && error.message) return error.message
  return describeError(error)
}
