import type { Cents } from '../../domain/money.js'
import { euros } from '../../mail/french-text.js'

/** "0 reçu", "1 reçu", "2 reçus": French puts 0 and 1 in the singular. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0')} ${Math.abs(count) < 2 ? singular : plural}`
}

/** Like euros(), but a difference found by a check may be negative. */
export function signedEuros(cents: Cents): string {
  return cents < 0 ? `−${euros(-cents)}` : euros(cents)
}
