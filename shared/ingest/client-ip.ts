import { BlockList, isIP, isIPv4 } from 'node:net'
import { AppError } from '../errors.js'

/**
 * Source addresses of HelloAsso notifications: production, then sandbox. Documented only on
 * HelloAsso's developer docs, https://dev.helloasso.com/docs/secure-webhook, and they may
 * change without notice, so the allow-list stays configurable.
 */
export const HELLOASSO_NOTIFICATION_IPS: readonly string[] = ['51.138.206.200', '4.233.135.234']

export interface ClientIpInput {
  /** The TCP peer (or the platform's source IP, e.g. API Gateway `requestContext.http.sourceIp`). */
  remoteAddress: string | undefined
  /** The raw `X-Forwarded-For` header; several headers joined with commas. */
  forwardedFor: string | undefined
  /** Proxies we run in front of the app, each appending the address it saw. 0 = trust no header. */
  trustedProxyHops: number
  /** Addresses/CIDRs of those proxies: X-Forwarded-For is believed only from one of them. */
  trustedProxies: readonly string[]
}

/** Without TRUSTED_PROXIES, only a proxy on this host (nginx, Caddy…) is believed. */
export const DEFAULT_TRUSTED_PROXIES: readonly string[] = ['127.0.0.0/8', '::1']

/**
 * The client address as far as we can trust it. X-Forwarded-For is anyone's to write, so it is
 * read only when the TCP peer is one of our proxies (a request that reached us directly is from
 * its peer), and only as far as our proxies wrote it: the entry our outermost proxy appended,
 * the `trustedProxyHops`-th from the right, every entry right of it being one of our proxies.
 * Returns undefined when that entry is missing or invalid.
 */
export function resolveClientIp({
  remoteAddress,
  forwardedFor,
  trustedProxyHops,
  trustedProxies,
}: ClientIpInput): string | undefined {
  if (!Number.isSafeInteger(trustedProxyHops) || trustedProxyHops < 0) {
    throw new AppError(
      'config.invalid',
      `trustedProxyHops must be a whole number >= 0, got ${trustedProxyHops}`,
    )
  }
  const peer = normalizeIp(remoteAddress)
  if (trustedProxyHops === 0 || !isAllowedIp(peer, trustedProxies)) return peer
  // A short header indexes before the first entry: undefined.
  const entries = (forwardedFor ?? '').split(',')
  for (let hop = 1; hop < trustedProxyHops; hop++)
    if (!isAllowedIp(entries[entries.length - hop], trustedProxies)) return undefined
  return normalizeIp(entries[entries.length - trustedProxyHops])
}

/** Exact IPv4/IPv6 addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`). */
export function isAllowedIp(ip: string | undefined, allowList: readonly string[]): boolean {
  const address = normalizeIp(ip)
  if (address === undefined) return false
  const list = new BlockList()
  for (const entry of allowList) addRule(list, entry)
  return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6')
}

function addRule(list: BlockList, entry: string): void {
  const [address = '', prefixText, ...rest] = entry.trim().split('/')
  const family = isIP(address)
  const prefix = prefixText === undefined ? undefined : Number(prefixText)
  const maxPrefix = family === 4 ? 32 : 128
  const validPrefix =
    prefix === undefined ||
    (prefixText !== '' && Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix)
  if (family === 0 || rest.length > 0 || !validPrefix) {
    throw new AppError(
      'config.invalid',
      `IP allow-list entry is not an address or CIDR range: "${entry}"`,
    )
  }
  const type = family === 4 ? 'ipv4' : 'ipv6'
  if (prefix === undefined) list.addAddress(address, type)
  else list.addSubnet(address, prefix, type)
}

/** Strips an IPv4-mapped IPv6 prefix, a port and brackets; undefined when not an IP address. */
function normalizeIp(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  let value = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
  if (bracketed?.[1]) value = bracketed[1]
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value)
  if (ipv4WithPort?.[1]) value = ipv4WithPort[1]
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value)
  if (mapped?.[1]) value = mapped[1]
  return isIP(value) === 0 ? undefined : value
}
