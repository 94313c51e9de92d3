import { describe, expect, it } from 'vitest'
import { addDuration, parseDuration } from './duration.js'

const plus = (start: string, duration: string): string => addDuration(new Date(start), parseDuration(duration)).toISOString()

describe('retention durations', () => {
  it('adds calendar years and months, keeping the day where it exists', () => {
    expect(plus('2026-01-15T10:00:00Z', 'P5Y')).toBe('2031-01-15T10:00:00.000Z')
    expect(plus('2026-01-31T00:00:00Z', 'P1M')).toBe('2026-02-28T00:00:00.000Z')
    expect(plus('2028-01-31T00:00:00Z', 'P1M')).toBe('2028-02-29T00:00:00.000Z')
    expect(plus('2026-11-30T00:00:00Z', 'P3M')).toBe('2027-02-28T00:00:00.000Z')
    expect(plus('2026-01-01T00:00:00Z', 'P18M')).toBe('2027-07-01T00:00:00.000Z')
  })

  it('adds weeks, days and clock time exactly', () => {
    expect(plus('2026-01-15T10:00:00Z', 'P2W')).toBe('2026-01-29T10:00:00.000Z')
    expect(plus('2026-01-15T10:00:00Z', 'P1DT12H30M15S')).toBe('2026-01-16T22:30:15.000Z')
    expect(plus('2026-01-15T10:00:00Z', 'PT36H')).toBe('2026-01-16T22:00:00.000Z')
  })

  it('refuses what a person could not judge', () => {
    for (const text of ['', 'P', 'PT', 'P1.5Y', 'P-1D', '1Y', 'P1Y2', 'p1y', 'P1H', ' P1D']) {
      expect(() => parseDuration(text), text).toThrow(/Not an ISO 8601 duration/)
    }
    expect(() => parseDuration('P0Y0D')).toThrow(/longer than zero/)
    expect(() => parseDuration('P101Y')).toThrow(/may not exceed 100 years/)
    expect(() => parseDuration('PT999999999H')).toThrow(/may not exceed 100 years/)
    expect(parseDuration('P100Y').years).toBe(100)
  })
})
