import fc from 'fast-check'
import { encode } from 'uqr'
import { describe, expect, it } from 'vitest'
import { qrModules } from '../../shared/receipts/pdf/content/qr-code.js'

/**
 * Our QR encoder against uqr, a published port of the same reference generator (Project
 * Nayuki's): the same modules, module for module, for every level and for texts of every
 * length up to the largest codes, so versions, block layouts, masks and penalties all agree.
 */
const reference = (text: string, ecc: 'L' | 'M' | 'Q' | 'H') =>
  encode(text, { ecc, border: 0, boostEcc: false, maskPattern: -1 }).data

describe('qrModules', () => {
  it('draws a verification link exactly as the reference generator does', () => {
    const url = `https://recus.example.org/verifier/${'eyJvcmciOiJsYWJvLWVzcyJ9_-'.repeat(7).slice(0, 170)}`

    const modules = qrModules(url, 'M')

    expect(modules).toHaveLength(57) // version 10
    expect(modules).toEqual(reference(url, 'M'))
  })

  it.each(['L', 'M', 'Q', 'H'] as const)(
    'agrees with the reference on texts of any length and script (level %s)',
    (ecc) => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }), (body) => {
          // A lowercase letter first: byte mode, the only mode our encoder writes.
          const text = `x${body}`
          expect(qrModules(text, ecc)).toEqual(reference(text, ecc))
        }),
        { numRuns: 60, seed: 18 },
      )
    },
  )

  it('refuses a text no QR code can hold', () => {
    expect(() => qrModules('x'.repeat(3000), 'H')).toThrow(RangeError)
  })
})
