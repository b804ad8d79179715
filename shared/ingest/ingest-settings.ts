import type { Env } from '../config/env.js'
import { AppError } from '../errors.js'
import { DEFAULT_TRUSTED_PROXIES, HELLOASSO_NOTIFICATION_IPS, isAllowedIp } from './client-ip.js'

export const DEV_WEBHOOK_SECRET = 'dev-secret'

export interface IngestSettings {
  webhookSecret: string
  signatureKey?: string
  /** IPs/CIDRs allowed to post notifications; absent = any. */
  ipAllowList?: readonly string[]
  trustedProxyHops: number
  /** IPs/CIDRs of our proxies: X-Forwarded-For is read only when the peer is one of them. */
  trustedProxies: readonly string[]
  maxBodyBytes: number
}

/**
 * Ingest settings from the environment, checked at start: a typo in the allow-list fails the
 * start, not the first notification. `requireSecret` is set on AWS, where no default applies.
 */
export function ingestSettingsFromEnv(
  env: Env,
  options: { requireSecret: boolean },
): IngestSettings {
  if (!env.WEBHOOK_SECRET && options.requireSecret)
    throw new AppError('config.invalid', 'WEBHOOK_SECRET is required')
  const ipAllowList = env.HELLOASSO_IP_ALLOWLIST?.flatMap((entry) =>
    entry === 'helloasso' ? HELLOASSO_NOTIFICATION_IPS : [entry],
  )
  if (ipAllowList) isAllowedIp('127.0.0.1', ipAllowList)
  const trustedProxies = env.TRUSTED_PROXIES ?? DEFAULT_TRUSTED_PROXIES
  isAllowedIp('127.0.0.1', trustedProxies)
  return {
    webhookSecret: env.WEBHOOK_SECRET ?? DEV_WEBHOOK_SECRET,
    ...(env.HELLOASSO_SIGNATURE_KEY ? { signatureKey: env.HELLOASSO_SIGNATURE_KEY } : {}),
    ...(ipAllowList ? { ipAllowList } : {}),
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    trustedProxies,
    maxBodyBytes: env.MAX_BODY_BYTES,
  }
}
