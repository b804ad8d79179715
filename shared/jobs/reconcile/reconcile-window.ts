import { parisIsoDay } from '../../domain/paris-time.js'
import { AppError } from '../../errors.js'

/** The days a sweep covers (Paris calendar, both inclusive) and the instants sent to HelloAsso. */
export interface ReconcileWindow {
  since: string
  until: string
  /** ISO instant of Paris midnight starting `since`: HelloAsso's `from` (inclusive). */
  from: string
  /** ISO instant of Paris midnight after `until`: HelloAsso's `to` (exclusive). */
  to: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Checks the treasurer's dates; `until` defaults to today in Paris. */
export function reconcileWindow(
  since: string,
  until: string | undefined,
  now: Date,
): ReconcileWindow {
  const last = until ?? parisIsoDay(now)
  checkDay(since, 'since')
  checkDay(last, 'until')
  if (since > last) {
    throw new AppError('input.invalid', `reconcile: since ${since} is after until ${last}`)
  }
  return {
    since,
    until: last,
    from: parisMidnight(since).toISOString(),
    to: parisMidnight(nextDay(last)).toISOString(),
  }
}

function checkDay(day: string, name: string): void {
  // The round trip rejects what Date would roll over (2025-02-30) or not read at all (2025-13-01).
  const parsed = new Date(`${day}T00:00:00Z`)
  if (
    !DAY.test(day) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== day
  ) {
    throw new AppError(
      'input.invalid',
      `reconcile: ${name} must be a date YYYY-MM-DD, got "${day}"`,
    )
  }
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

// sv-SE writes "2026-03-29 00:00": a wall-clock reading that compares as text.
const parisWallClock = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/**
 * The instant a Paris day starts. Paris is UTC+1 or UTC+2 and never switches at midnight, so
 * one of the two candidates reads 00:00 on that day.
 */
export function parisMidnight(day: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`)
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000)
    if (parisWallClock.format(candidate) === `${day} 00:00`) return candidate
  }
  throw new RangeError(`no Paris midnight found for ${day}`)
}
