import { toCardinal } from 'n2words/fr-FR'
import { assertCents, type Cents } from '../domain/money.js'

const ONE_MILLION = 1_000_000

/**
 * The amount in words for « Somme en toutes lettres », traditional spelling (tax-receipts.md
 * §8): "vingt et un euros et cinquante centimes", « un million d’euros ». n2words gets the
 * numerals right (quatre-vingts, deux cent mille…) but writes "un million euros", so the
 * currency words are put together here.
 */
export function amountInWords(cents: Cents): string {
  assertCents(cents)
  const euros = Math.floor(cents / 100)
  const rest = cents % 100
  if (euros === 0 && rest > 0) return centimesInWords(rest)
  const eurosPart = eurosInWords(euros)
  return rest === 0 ? eurosPart : `${eurosPart} et ${centimesInWords(rest)}`
}

function eurosInWords(euros: number): string {
  const numeral = toCardinal(euros)
  // Million and milliard are nouns: a round number of them takes « de » (« deux millions d’euros »).
  if (euros >= ONE_MILLION && euros % ONE_MILLION === 0) return `${numeral} d’euros`
  return `${numeral} ${euros > 1 ? 'euros' : 'euro'}`
}

function centimesInWords(centimes: number): string {
  return `${toCardinal(centimes)} ${centimes > 1 ? 'centimes' : 'centime'}`
}
