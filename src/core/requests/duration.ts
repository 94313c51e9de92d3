import { badInput } from '../../shared/errors.js'

/**
 * ISO 8601 durations as requests use them for retention: whole numbers only, e.g. "P30D",
 * "P1Y6M", "PT12H", "P2W". Fractions and negative durations are refused: a retention period
 * has to be plain for the person to judge it.
 */
export const DURATION_PATTERN = /^P(?!$)(\d{1,6}Y)?(\d{1,6}M)?(\d{1,6}W)?(\d{1,6}D)?(T(?=\d)(\d{1,9}H)?(\d{1,9}M)?(\d{1,9}S)?)?$/

/** Nobody keeps data "for a thousand years" in a request MeVault will answer. */
export const MAX_DURATION_YEARS = 100

export interface Duration {
  years: number
  months: number
  weeks: number
  days: number
  hours: number
  minutes: number
  seconds: number
}

const ZERO: Duration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }

const PARTS = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/

/** Parses an ISO 8601 duration; refuses anything else, zero, or more than MAX_DURATION_YEARS. */
export function parseDuration(text: string): Duration {
  const match = typeof text === 'string' && DURATION_PATTERN.test(text) ? PARTS.exec(text) : null
  if (!match) {
    throw badInput('Not an ISO 8601 duration with whole numbers (e.g. "P30D", "P1Y", "PT12H")')
  }
  const n = (i: number): number => Number(match[i] ?? 0)
  const duration = { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) }
  const start = new Date(0)
  const end = addDuration(start, duration).getTime()
  if (end <= 0) throw badInput('A duration must be longer than zero')
  if (end > addDuration(start, { ...ZERO, years: MAX_DURATION_YEARS }).getTime()) {
    throw badInput(`A duration may not exceed ${MAX_DURATION_YEARS} years`)
  }
  return duration
}

/**
 * `date` plus `duration` in UTC. Years and months move the calendar and keep the day of the
 * month where it exists (31 January + P1M = 28 or 29 February), as calendars and Temporal do.
 */
export function addDuration(date: Date, duration: Duration): Date {
  const result = new Date(date.getTime())
  const totalMonths = result.getUTCMonth() + duration.years * 12 + duration.months
  const day = result.getUTCDate()
  result.setUTCDate(1)
  result.setUTCFullYear(result.getUTCFullYear() + Math.floor(totalMonths / 12), totalMonths % 12)
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate()
  result.setUTCDate(Math.min(day, lastDay))
  const days = duration.weeks * 7 + duration.days
  const ms = ((days * 24 + duration.hours) * 60 + duration.minutes) * 60_000 + duration.seconds * 1000
  return new Date(result.getTime() + ms)
}
