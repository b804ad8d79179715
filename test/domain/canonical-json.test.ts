import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../shared/domain/canonical-json.js'
import { AppError } from '../../shared/errors.js'

describe('canonicalJson', () => {
  it('writes the same text whatever order the keys were built in, at every depth', () => {
    const one = { b: 1, a: { y: [1, { q: 'x', p: null }], x: true } }
    const other = { a: { x: true, y: [1, { p: null, q: 'x' }] }, b: 1 }

    expect(canonicalJson(one)).toBe('{"a":{"x":true,"y":[1,{"p":null,"q":"x"}]},"b":1}')
    expect(canonicalJson(other)).toBe(canonicalJson(one))
  })

  it('keeps the order of arrays: it is part of the value', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]))
  })

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    // « é » (U+00E9) sorts after « z »; « 😀 » (a surrogate pair, D83D…) before « ｚ » (U+FF5A).
    expect(canonicalJson({ é: 1, z: 2, '\uff5a': 3, '😀': 4, Z: 5 })).toBe(
      '{"Z":5,"z":2,"é":1,"😀":4,"ｚ":3}',
    )
  })

  it('leaves out undefined properties and writes strings and numbers as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'l’été « 1 »\n', c: 0.1, d: -0, e: 1e21 })).toBe(
      '{"b":"l’été « 1 »\\n","c":0.1,"d":0,"e":1e+21}',
    )
    expect(canonicalJson([undefined])).toBe('[null]')
  })

  it('refuses what JSON cannot hold faithfully, naming where it is', () => {
    for (const bad of [{ n: Number.NaN }, { n: Number.POSITIVE_INFINITY }, { m: new Map() }]) {
      expect(() => canonicalJson(bad)).toThrow(AppError)
    }
    expect(() => canonicalJson({ deep: [{ when: new Date(0) }] })).toThrow('$.deep[0].when')
    expect(() => canonicalJson({ big: 1n })).toThrow('bigint')
  })
})
