import { createHash, randomBytes } from 'node:crypto'
import { errorSummary } from '../errors.js'
import { composeDonorLinkEmail } from '../mail/compose-donor-link-email.js'
import { saveDonorAccess, takeRateLimit } from '../store/donor-access-store.js'
import { receiptNumbersByEmail } from '../store/receipt-queries.js'
import type { DonorDeps } from './donor-deps.js'

/** How long an emailed link opens the donor's page. */
export const DONOR_LINK_DAYS = 7
export const DONOR_PAGE_PATH = '/mes-recus'

/**
 * Per address: a few links an hour (a donor who lost one asks again, nobody needs ten). Per IP:
 * enough for a shared office or school network, too few to probe many addresses.
 */
export const DONOR_LINK_LIMITS = {
  perAddress: { limit: 3, windowSeconds: 3600 },
  perIp: { limit: 20, windowSeconds: 3600 },
} as const

export type DonorLinkOutcome = 'accepted' | 'rate-limited'

/**
 * `POST /mes-recus`: emails a link to the donor's page when the address has receipts, nothing
 * otherwise; the caller answers the same either way (whether an address is known is personal
 * data). Both limits are counted before anything is read.
 */
export async function requestDonorLink(
  deps: DonorDeps,
  input: { email: string; clientIp: string | undefined },
): Promise<DonorLinkOutcome> {
  const email = input.email.trim().toLowerCase()
  const now = deps.now()
  const ipAllowed = await takeRateLimit(deps.table, `ip#${digest(input.clientIp ?? 'unknown')}`, {
    ...DONOR_LINK_LIMITS.perIp,
    now,
  })
  if (!ipAllowed) return 'rate-limited'
  const addressAllowed = await takeRateLimit(deps.table, `email#${digest(email)}`, {
    ...DONOR_LINK_LIMITS.perAddress,
    now,
  })
  if (!addressAllowed) return 'rate-limited'
  const [anyReceipt] = await receiptNumbersByEmail(deps.table, email, 1)
  if (!anyReceipt) {
    deps.log.info('donor-link.requested', { sent: false })
    return 'accepted'
  }
  const secret = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + DONOR_LINK_DAYS * 86_400_000).toISOString()
  await saveDonorAccess(deps.table, digest(secret), {
    email,
    createdAt: now.toISOString(),
    expiresAt,
  })
  try {
    const reference = `donor-link-${digest(secret).slice(0, 12)}`
    await deps.mailer.send(
      await composeDonorLinkEmail({
        associationName: deps.config.association.name,
        from: deps.config.mail.from,
        ...(deps.config.mail.replyTo ? { replyTo: deps.config.mail.replyTo } : {}),
        to: email,
        link: `${deps.publicBaseUrl}${DONOR_PAGE_PATH}/${secret}`,
        validDays: DONOR_LINK_DAYS,
        reference,
      }),
    )
    deps.log.info('donor-link.requested', { sent: true, reference })
  } catch (error) {
    // The answer stays the same: the donor asks again; the operator sees why in the log.
    deps.log.error('donor-link.not-sent', { error: errorSummary(error) })
  }
  return 'accepted'
}

/** Addresses, IPs and link secrets are kept as hashes only. */
export function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}
