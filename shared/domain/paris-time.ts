/**
 * Every printed date and the tax year are Europe/Paris dates (invariant 5). HelloAsso sends
 * offsets and 7 fractional digits; instants are compared as instants, never as strings.
 */
const PARIS = 'Europe/Paris'

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

export interface CalendarDate {
  year: number
  month: number
  day: number
}

export function parseInstant(iso: string): Date {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${iso}`)
  return date
}

export function parisCalendarDate(instant: Date | string): CalendarDate {
  const date = typeof instant === 'string' ? parseInstant(instant) : instant
  const parts = Object.fromEntries(
    partsFormatter.formatToParts(date).map((part) => [part.type, part.value]),
  )
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) }
}

export function taxYearOf(instant: Date | string): number {
  return parisCalendarDate(instant).year
}

/** JJ/MM/AAAA, the format of the Cerfa date fields. */
export function formatParisDate(instant: Date | string): string {
  const { year, month, day } = parisCalendarDate(instant)
  return `${pad(day)}/${pad(month)}/${year}`
}

/** YYYY-MM-DD of the Paris calendar day. */
export function parisIsoDay(instant: Date | string): string {
  const { year, month, day } = parisCalendarDate(instant)
  return `${year}-${pad(month)}-${pad(day)}`
}

/**
 * The local date part of a HelloAsso date-time, as written (birth dates must not move a day
 * by a time-zone conversion).
 */
export function writtenDatePart(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(iso)
  if (!match?.[1]) throw new RangeError(`not a date: ${iso}`)
  return match[1]
}

function pad(n: number): string {
  return n.toString().padStart(2, '0')
}
