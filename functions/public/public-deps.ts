import type { Context } from 'hono'
import type { Env } from '../../shared/config/env.js'
import type { DonorDeps } from '../../shared/donor/donor-deps.js'
import { DEFAULT_TRUSTED_PROXIES, resolveClientIp } from '../../shared/ingest/client-ip.js'

export interface PublicDeps extends DonorDeps {
  /** The client's address as far as it can be trusted (rate limits); never logged. */
  clientIp: (c: Context) => string | undefined
  /** `POST /mes-recus` answers after this long at least, whatever it found (DONOR_LINK_ANSWER_MS). */
  answerMs: number
}

/** The client address from the peer (or the platform's source IP) and our proxies' headers. */
export function clientIpFromEnv(env: Env, peer: (c: Context) => string | undefined) {
  return (c: Context): string | undefined =>
    resolveClientIp({
      remoteAddress: peer(c),
      forwardedFor: c.req.header('x-forwarded-for'),
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
      trustedProxies: env.TRUSTED_PROXIES ?? DEFAULT_TRUSTED_PROXIES,
    })
}
