import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { secretMatches } from '../../shared/ingest/secret-matches.js'

const SECRET = 'q8Zt3-webhook-path-secret-for-tests'

describe('secretMatches', () => {
  it('accepts the configured secret', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true)
    expect(secretMatches('clé-é€', 'clé-é€')).toBe(true)
  })

  it.each([
    ['a different secret of the same length', SECRET.replace('q', 'r')],
    ['a prefix', SECRET.slice(0, -1)],
    ['a longer value', `${SECRET}x`],
    ['another case', SECRET.toUpperCase()],
    ['an empty value', ''],
  ])('rejects %s', (_case, given) => {
    expect(secretMatches(given, SECRET)).toBe(false)
  })

  it('never matches when no secret is configured', () => {
    expect(secretMatches('', '')).toBe(false)
  })

  it('matches exactly when the strings are equal', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (given, expected) => {
        expect(secretMatches(given, expected)).toBe(given === expected)
        expect(secretMatches(expected, expected)).toBe(true)
      }),
    )
  })
})
