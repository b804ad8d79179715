import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import {
  HELLOASSO_NOTIFICATION_IPS,
  isAllowedIp,
  resolveClientIp,
} from '../../shared/ingest/client-ip.js'

/** Our proxies in these examples. */
const PROXIES = ['10.0.0.0/8']

describe('resolveClientIp', () => {
  it('uses the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(
      resolveClientIp({
        remoteAddress: '203.0.113.7',
        forwardedFor: '51.138.206.200',
        trustedProxyHops: 0,
        trustedProxies: PROXIES,
      }),
    ).toBe('203.0.113.7')
  })

  it('strips the IPv4-mapped IPv6 prefix Node gives on dual-stack sockets', () => {
    expect(
      resolveClientIp({
        remoteAddress: '::ffff:51.138.206.200',
        forwardedFor: undefined,
        trustedProxyHops: 0,
        trustedProxies: PROXIES,
      }),
    ).toBe('51.138.206.200')
  })

  it('takes the entry appended by our one proxy and ignores what the client wrote before it', () => {
    expect(
      resolveClientIp({
        remoteAddress: '10.0.0.5',
        forwardedFor: '51.138.206.200, 198.51.100.23',
        trustedProxyHops: 1,
        trustedProxies: PROXIES,
      }),
    ).toBe('198.51.100.23')
  })

  it('counts hops from the right with two proxies', () => {
    expect(
      resolveClientIp({
        remoteAddress: '10.0.0.5',
        forwardedFor: '1.1.1.1,51.138.206.200 , 10.0.0.9',
        trustedProxyHops: 2,
        trustedProxies: PROXIES,
      }),
    ).toBe('51.138.206.200')
  })

  it('normalises the chosen entry (mapped IPv6, port, brackets)', () => {
    const resolve = (forwardedFor: string) =>
      resolveClientIp({
        remoteAddress: '10.0.0.5',
        forwardedFor,
        trustedProxyHops: 1,
        trustedProxies: PROXIES,
      })
    expect(resolve('::ffff:4.233.135.234')).toBe('4.233.135.234')
    expect(resolve('4.233.135.234:43120')).toBe('4.233.135.234')
    expect(resolve('[2001:db8::1]:443')).toBe('2001:db8::1')
    expect(resolve('2001:db8::1')).toBe('2001:db8::1')
  })

  it('ignores X-Forwarded-For from a peer that is not one of our proxies: the peer is the client', () => {
    expect(
      resolveClientIp({
        remoteAddress: '203.0.113.7',
        forwardedFor: '51.138.206.200',
        trustedProxyHops: 1,
        trustedProxies: PROXIES,
      }),
    ).toBe('203.0.113.7')
  })

  it('with two hops, the entry between must be one of our proxies too', () => {
    expect(
      resolveClientIp({
        remoteAddress: '10.0.0.5',
        forwardedFor: '51.138.206.200, 203.0.113.7',
        trustedProxyHops: 2,
        trustedProxies: PROXIES,
      }),
    ).toBeUndefined()
  })

  it('trusts nothing when a proxy is expected but the header is short or missing', () => {
    expect(
      resolveClientIp({
        remoteAddress: '10.0.0.5',
        forwardedFor: undefined,
        trustedProxyHops: 1,
        trustedProxies: PROXIES,
      }),
    ).toBeUndefined()
    expect(
      resolveClientIp({
        remoteAddress: '10.0.0.5',
        forwardedFor: '51.138.206.200',
        trustedProxyHops: 2,
        trustedProxies: PROXIES,
      }),
    ).toBeUndefined()
  })

  it('returns undefined for an entry that is not an address', () => {
    for (const forwardedFor of ['unknown', '', '51.138.206.300', 'evil.example, ']) {
      expect(
        resolveClientIp({
          remoteAddress: '10.0.0.5',
          forwardedFor,
          trustedProxyHops: 1,
          trustedProxies: PROXIES,
        }),
      ).toBeUndefined()
    }
    expect(
      resolveClientIp({
        remoteAddress: undefined,
        forwardedFor: undefined,
        trustedProxyHops: 0,
        trustedProxies: PROXIES,
      }),
    ).toBeUndefined()
  })

  it('refuses a hop count that is not a whole number', () => {
    for (const trustedProxyHops of [-1, 1.5, Number.NaN]) {
      expect(() =>
        resolveClientIp({
          remoteAddress: '10.0.0.5',
          forwardedFor: undefined,
          trustedProxyHops,
          trustedProxies: PROXIES,
        }),
      ).toThrow(AppError)
    }
  })
})

describe('isAllowedIp', () => {
  it('lets the documented HelloAsso addresses in and others out', () => {
    expect(HELLOASSO_NOTIFICATION_IPS).toEqual(['51.138.206.200', '4.233.135.234'])
    expect(isAllowedIp('51.138.206.200', HELLOASSO_NOTIFICATION_IPS)).toBe(true)
    expect(isAllowedIp('4.233.135.234', HELLOASSO_NOTIFICATION_IPS)).toBe(true)
    expect(isAllowedIp('51.138.206.201', HELLOASSO_NOTIFICATION_IPS)).toBe(false)
    expect(isAllowedIp('::ffff:51.138.206.200', HELLOASSO_NOTIFICATION_IPS)).toBe(true)
  })

  it('matches IPv4 CIDR ranges at their bounds', () => {
    const list = ['192.0.2.0/24', '198.51.100.7/32']
    expect(isAllowedIp('192.0.2.0', list)).toBe(true)
    expect(isAllowedIp('192.0.2.255', list)).toBe(true)
    expect(isAllowedIp('192.0.3.0', list)).toBe(false)
    expect(isAllowedIp('198.51.100.7', list)).toBe(true)
    expect(isAllowedIp('198.51.100.8', list)).toBe(false)
    expect(isAllowedIp('203.0.113.1', ['0.0.0.0/0'])).toBe(true)
  })

  it('compares IPv6 addresses by value, not by spelling', () => {
    expect(isAllowedIp('2001:db8:0:0:0:0:0:1', ['2001:DB8::1'])).toBe(true)
    expect(isAllowedIp('2001:db8::2', ['2001:db8::1'])).toBe(false)
    expect(isAllowedIp('2001:db8:ffff::1', ['2001:db8::/32'])).toBe(true)
  })

  it('does not confuse families', () => {
    expect(isAllowedIp('::1', ['127.0.0.1'])).toBe(false)
    expect(isAllowedIp('127.0.0.1', ['::1'])).toBe(false)
  })

  it('lets nothing in without an address or with an empty list', () => {
    expect(isAllowedIp(undefined, HELLOASSO_NOTIFICATION_IPS)).toBe(false)
    expect(isAllowedIp('not-an-ip', HELLOASSO_NOTIFICATION_IPS)).toBe(false)
    expect(isAllowedIp('51.138.206.200', [])).toBe(false)
  })

  it.each([
    '51.138.206',
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0.0/8/1',
    'helloasso.com',
    '2001:db8::/129',
  ])('refuses the malformed allow-list entry %s', (entry) => {
    expect(() => isAllowedIp('10.0.0.1', [entry])).toThrow(AppError)
  })
})
