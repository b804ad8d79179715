import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatParisDate,
  parisCalendarDate,
  parisIsoDay,
  taxYearOf,
} from '../../shared/domain/paris-time.js'

/** What Intl says, with no cache in between: the reference the cached days must equal. */
const reference = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

function referenceDay(date: Date) {
  const parts = Object.fromEntries(reference.formatToParts(date).map((p) => [p.type, p.value]))
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) }
}

describe('parisCalendarDate (each UTC hour computed once)', () => {
  it.each([
    // New Year in Paris: 23:00 UTC in winter.
    ['2025-12-31T22:59:59.999Z', { year: 2025, month: 12, day: 31 }],
    ['2025-12-31T23:00:00.000Z', { year: 2026, month: 1, day: 1 }],
    // Summer midnight: 22:00 UTC.
    ['2026-07-14T21:59:59.999Z', { year: 2026, month: 7, day: 14 }],
    ['2026-07-14T22:00:00.000Z', { year: 2026, month: 7, day: 15 }],
    // Both clock changes (01:00 UTC), and HelloAsso's offset form with 7 fractional digits.
    ['2026-03-29T00:59:59.999Z', { year: 2026, month: 3, day: 29 }],
    ['2026-10-25T01:30:00.000Z', { year: 2026, month: 10, day: 25 }],
    ['2026-01-01T00:30:00.1234567+01:00', { year: 2026, month: 1, day: 1 }],
  ])('%s is %o in Paris', (instant, day) => {
    expect(parisCalendarDate(instant)).toEqual(day)
    // Asked again, from the cache: the same, and a copy the caller may change.
    const again = parisCalendarDate(instant)
    expect(again).toEqual(day)
    again.day = 99
    expect(parisCalendarDate(instant)).toEqual(day)
  })

  it('equals Intl for any instant from 1900 to 2100, Paris mean time included', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parisCalendarDate(date)).toEqual(referenceDay(date))
        },
      ),
      { numRuns: 5_000 },
    )
  })

  it('formats the printed and ISO days and the tax year from it', () => {
    const instant = '2025-12-31T23:30:00Z'
    expect(formatParisDate(instant)).toBe('01/01/2026')
    expect(parisIsoDay(instant)).toBe('2026-01-01')
    expect(taxYearOf(instant)).toBe(2026)
  })

  it('refuses what is not a date', () => {
    expect(() => parisCalendarDate('pas une date')).toThrow(RangeError)
    expect(() => parisCalendarDate(new Date(Number.NaN))).toThrow(RangeError)
  })
})
