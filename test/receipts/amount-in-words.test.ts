import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { amountInWords } from '../../shared/receipts/amount-in-words.js'

// tax-receipts.md §8.2, traditional column, plus the centimes and singular cases.
const GOLDEN: ReadonlyArray<readonly [number, string]> = [
  [1_700, 'dix-sept euros'],
  [2_100, 'vingt et un euros'],
  [2_150, 'vingt et un euros et cinquante centimes'],
  [2_500, 'vingt-cinq euros'],
  [5_000, 'cinquante euros'],
  [7_100, 'soixante et onze euros'],
  [7_101, 'soixante et onze euros et un centime'],
  [8_000, 'quatre-vingts euros'],
  [8_100, 'quatre-vingt-un euros'],
  [9_100, 'quatre-vingt-onze euros'],
  [100, 'un euro'],
  [50, 'cinquante centimes'],
  [20_000, 'deux cents euros'],
  [20_100, 'deux cent un euros'],
  [28_000, 'deux cent quatre-vingts euros'],
  [50_000, 'cinq cents euros'],
  [100_000, 'mille euros'],
  [108_000, 'mille quatre-vingts euros'],
  [110_000, 'mille cent euros'],
  [250_000, 'deux mille cinq cents euros'],
  [8_000_000, 'quatre-vingt mille euros'],
  [20_000_000, 'deux cent mille euros'],
  [30_008_000, 'trois cent mille quatre-vingts euros'],
  [100_000_000, 'un million d’euros'],
  [120_000_000, 'un million deux cent mille euros'],
  [200_000_000, 'deux millions d’euros'],
  [8_000_000_000, 'quatre-vingts millions d’euros'],
  // Edges of the currency words.
  [0, 'zéro euro'],
  [1, 'un centime'],
  [99, 'quatre-vingt-dix-neuf centimes'],
  [101, 'un euro et un centime'],
  [201, 'deux euros et un centime'],
  [100_000_050, 'un million d’euros et cinquante centimes'],
  [100_000_100, 'un million un euros'],
]

describe('amountInWords', () => {
  it.each(GOLDEN)('writes %i cents as "%s"', (cents, words) => {
    expect(amountInWords(cents)).toBe(words)
  })

  it.each([
    ['a float', 21.5],
    ['a negative amount', -100],
    ['NaN', Number.NaN],
    ['an unsafe integer', Number.MAX_SAFE_INTEGER + 2],
  ])('rejects %s with a RangeError', (_label, value) => {
    expect(() => amountInWords(value)).toThrow(RangeError)
  })

  it('always ends with the currency word and never pluralises cent or vingt before mille', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const words = amountInWords(cents)
        expect(words).toMatch(/(euro|euros|centime|centimes)$/)
        expect(words).not.toMatch(/(cents|vingts) mille/)
        expect(words).not.toMatch(/\d/)
        // « mille » alone, never « un mille » (but « trente et un mille » is right).
        expect(words).not.toMatch(/(^|illions? |illiards? )un mille/)
      }),
    )
  })

  it('uses the plural exactly from two upwards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const words = amountInWords(cents)
        const euros = Math.floor(cents / 100)
        const rest = cents % 100
        if (rest > 1) expect(words).toMatch(/ centimes$/)
        if (rest === 1) expect(words).toMatch(/ centime$/)
        if (euros > 1 && rest === 0) expect(words).toMatch(/euros$/)
        if (euros === 1) expect(words).toMatch(/^un euro\b/)
      }),
    )
  })
})
