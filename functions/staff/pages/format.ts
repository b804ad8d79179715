import { formatEuros } from '../../../shared/domain/money.js'
import { formatParisDate } from '../../../shared/domain/paris-time.js'

const NBSP = '\u00a0'

const timeFormatter = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
})

/** « 1 234,50 € », with the no-break space French typography puts before the sign. */
export function euros(cents: number): string {
  return `${formatEuros(cents)}${NBSP}€`
}

/** A Paris calendar day written YYYY-MM-DD (payment dates, validity) as JJ/MM/AAAA. */
export function day(isoDay: string): string {
  const [year, month, date] = isoDay.slice(0, 10).split('-')
  return `${date}/${month}/${year}`
}

/** An instant as « 18/09/2025 à 11:04 », Paris time, whatever the server's zone. */
export function dateTime(instant: string): string {
  return `${formatParisDate(instant)} à ${timeFormatter.format(new Date(instant))}`
}

/** « 1 reçu », « 3 reçus »: French plural (0 and 1 are singular). */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('fr-FR').replace(/\u202f/g, NBSP)}${NBSP}${count > 1 ? many : one}`
}
