import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import {
  signHelloAssoBody,
  verifyHelloAssoSignature,
} from '../../shared/ingest/verify-signature.js'
import { loadFixtureText } from '../support/fixtures.js'

const KEY = 'signature-key-for-tests'
const body = loadFixtureText('01_order_membership_individual_50eur_with_tip')

describe('signHelloAssoBody', () => {
  it('is the lower-case hex HMAC-SHA256 of the body (RFC 4231 test case 2)', () => {
    expect(signHelloAssoBody('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })

  it('signs bytes and their UTF-8 string alike', () => {
    expect(signHelloAssoBody(new TextEncoder().encode(body), KEY)).toBe(
      signHelloAssoBody(body, KEY),
    )
  })
})

describe('verifyHelloAssoSignature', () => {
  const signature = signHelloAssoBody(body, KEY)

  it('accepts the signature of the raw body, as a string or as bytes', () => {
    expect(verifyHelloAssoSignature(body, signature, KEY)).toBe(true)
    expect(verifyHelloAssoSignature(Buffer.from(body, 'utf8'), signature, KEY)).toBe(true)
  })

  it('accepts upper-case hex', () => {
    expect(verifyHelloAssoSignature(body, signature.toUpperCase(), KEY)).toBe(true)
  })

  it('rejects a body changed by one byte', () => {
    const forged = body.replace('"amount": 5000', '"amount": 5001')
    expect(forged).not.toBe(body)
    expect(verifyHelloAssoSignature(forged, signature, KEY)).toBe(false)
  })

  it('rejects the same JSON serialised differently: only the raw bytes count', () => {
    const reserialised = JSON.stringify(JSON.parse(body))
    expect(verifyHelloAssoSignature(reserialised, signature, KEY)).toBe(false)
  })

  it('rejects a signature made with another key', () => {
    expect(verifyHelloAssoSignature(body, signHelloAssoBody(body, 'other-key'), KEY)).toBe(false)
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['one digit short', signature.slice(1)],
    ['one digit long', `${signature}0`],
    ['prefixed', `sha256=${signature}`],
    ['padded with spaces', ` ${signature} `],
    ['not hex', `zz${signature.slice(2)}`],
    ['base64 instead of hex', Buffer.from(signature, 'hex').toString('base64')],
  ])('rejects a %s signature header', (_case, header) => {
    expect(verifyHelloAssoSignature(body, header, KEY)).toBe(false)
  })

  it('refuses to run with an empty key rather than accept anything', () => {
    expect(() => verifyHelloAssoSignature(body, signature, '')).toThrow(AppError)
    expect(() => signHelloAssoBody(body, '')).toThrow(AppError)
  })

  it('accepts what it signs and nothing signed over another body', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (original, other, key) => {
        const signed = signHelloAssoBody(original, key)
        expect(verifyHelloAssoSignature(original, signed, key)).toBe(true)
        expect(verifyHelloAssoSignature(other, signed, key)).toBe(original === other)
      }),
    )
  })
})
