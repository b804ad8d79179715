import type { ValidityRule } from '../config/schema/validity-rule-schema.js'
import { parisCalendarDate } from '../domain/paris-time.js'

/** The membership period, as Paris calendar days (YYYY-MM-DD, both inclusive). */
export function membershipPeriod(rule: ValidityRule, paidAt: string): { from: string; to: string } {
  const paid = parisCalendarDate(paidAt)
  switch (rule.kind) {
    case 'calendar-year':
      return { from: `${paid.year}-01-01`, to: `${paid.year}-12-31` }
    case 'fixed':
      return { from: rule.from, to: rule.to }
    case 'rolling-months':
      return {
        from: day(paid.year, paid.month, paid.day),
        to: dayBefore(addMonths(paid, rule.months)),
      }
    case 'season': {
      const [month, dayOfMonth] = rule.startMonthDay.split('-').map(Number) as [number, number]
      const startsThisYear = paid.month > month || (paid.month === month && paid.day >= dayOfMonth)
      const year = startsThisYear ? paid.year : paid.year - 1
      return {
        from: day(year, month, dayOfMonth),
        to: dayBefore({ year: year + 1, month, day: dayOfMonth }),
      }
    }
  }
}

function addMonths(date: { year: number; month: number; day: number }, months: number) {
  const index = date.year * 12 + (date.month - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { year, month, day: Math.min(date.day, lastDay) }
}

function dayBefore(date: { year: number; month: number; day: number }): string {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day - 1))
  return utc.toISOString().slice(0, 10)
}

function day(year: number, month: number, dayOfMonth: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`
}
