import * as z from 'zod'
import type { Tier } from '../config/schema/tier-schema.js'
import { formatEuros } from '../domain/money.js'
import type { ReviewItem, ReviewReason } from '../domain/records.js'
import { AppError } from '../errors.js'
import { currentTierMappings } from '../process/current-tier-mappings.js'
import { reexamineReview } from '../process/reexamine-review.js'
import { getStoredOrder } from '../store/order-store.js'
import { listOpenReviews } from '../store/review-store.js'
import { getReview, reviseOpenReview } from '../store/review-updates.js'
import { saveTierMapping } from '../store/tier-mapping-store.js'
import type { Actor, StaffDeps } from './staff-deps.js'
import { type UnknownTier, unknownTiersOf } from './unknown-tiers.js'

export const MapTierSchema = z.object({
  tierKey: z.string({ error: 'tierKey est obligatoire : la clé du palier choisi' }).min(1),
  /** Which HelloAsso tier, when the payment carries several unknown ones. */
  tierId: z.number().int().positive().optional(),
})

export interface MapTierOutcome {
  tierId: number
  tierKey: string
  /** Open items of that HelloAsso tier with nothing left in the way: their receipt is on its way. */
  requeued: string[]
  /** Open items of that tier still blocked by something else, re-worded to say what. */
  stillOpen: { id: string; reasons: ReviewReason[]; message: string }[]
}

/**
 * « Rattacher à un palier »: the HelloAsso tier of a « Palier inconnu » item is attached to a
 * configured tier, in the table (dated, audited), so it applies at once, without a restart or
 * a redeploy; then every open item of that HelloAsso tier is analysed again. Nothing is written
 * when the item, the tier key or the payment does not fit.
 */
export async function mapTierFromReview(
  deps: StaffDeps,
  actor: Actor,
  id: string,
  input: z.infer<typeof MapTierSchema>,
): Promise<MapTierOutcome> {
  const review = await getReview(deps.table, id)
  if (!review) throw new AppError('review.notFound', `Aucun élément à vérifier « ${id} ».`)
  if (review.status !== 'open')
    throw new AppError('receipt.conflict', 'Cet élément a déjà été traité.')
  if (!review.reasons.includes('tier-unknown'))
    throw new AppError(
      'receipt.conflict',
      'Cet élément n’est pas un « Palier inconnu » : il n’y a pas de palier à rattacher.',
    )
  const tier = configuredTier(deps, input.tierKey)
  const unknown = await chosenUnknownTier(deps, review, input.tierId)
  const at = deps.now().toISOString()
  const mapping = {
    helloAssoTierId: unknown.helloAssoTierId,
    tierKey: tier.key,
    helloAssoLabel: unknown.label,
    amountCents: unknown.amountCents,
    mappedAt: at,
    mappedBy: actor.name,
    reviewId: id,
  }
  await saveTierMapping(deps.table, mapping, {
    at,
    actor,
    action: 'tier.map',
    subject: id,
    detail: `palier HelloAsso « ${unknown.label} » (id ${unknown.helloAssoTierId}, ${formatEuros(unknown.amountCents)} €) rattaché au palier « ${tier.label} » (${tier.key})`,
    after: { helloAssoTierId: unknown.helloAssoTierId, tierKey: tier.key },
  })
  deps.log.info('tier.mapped', {
    reviewId: id,
    helloAssoTierId: unknown.helloAssoTierId,
    tierKey: tier.key,
  })
  return {
    tierId: unknown.helloAssoTierId,
    tierKey: tier.key,
    ...(await reexamineTier(deps, unknown.helloAssoTierId)),
  }
}

function configuredTier(deps: StaffDeps, key: string): Tier {
  const tier = deps.config.tiers.find((t) => t.key === key)
  if (tier) return tier
  const keys = deps.config.tiers.map((t) => t.key).join(', ')
  throw new AppError(
    'input.invalid',
    `Palier « ${key} » inconnu : choisissez l’un des paliers du fichier de configuration (${keys}).`,
  )
}

/** The HelloAsso tier the item is about: the only unknown one of its order, or the one named. */
async function chosenUnknownTier(
  deps: StaffDeps,
  review: ReviewItem,
  tierId: number | undefined,
): Promise<UnknownTier> {
  const { orderId } = review.refs
  const stored = orderId ? await getStoredOrder(deps.table, orderId) : undefined
  if (!stored)
    throw new AppError(
      'receipt.conflict',
      `La commande ${orderId ?? '?'} n’est pas connue : attendez la réconciliation.`,
    )
  const unknown = unknownTiersOf(deps.config, stored.order, await currentTierMappings(deps.table))
  if (unknown.length === 0)
    throw new AppError(
      'receipt.conflict',
      'Aucun palier de ce paiement n’est à rattacher : soit il n’a pas d’id de palier HelloAsso (ajoutez son libellé exact à « tiers[].match.labels » dans le fichier de configuration), soit il est reconnu désormais (cliquez sur « Réexaminer »).',
    )
  const named = unknown.find((u) => u.helloAssoTierId === tierId)
  const [only] = unknown
  if (tierId === undefined && only && unknown.length === 1) return only
  if (named) return named
  const list = unknown.map((u) => `${u.helloAssoTierId} (« ${u.label} »)`).join(', ')
  throw new AppError(
    'input.invalid',
    tierId === undefined
      ? `Ce paiement a plusieurs paliers inconnus : indiquez lequel rattacher avec tierId, parmi ${list}.`
      : `Le palier HelloAsso ${tierId} n’est pas un palier inconnu de ce paiement : choisissez parmi ${list}.`,
  )
}

/** Items analysed at once: the staff request must answer well within its Lambda's 15 s. */
const CONCURRENCY = 8

/** Every open « Palier inconnu » item whose order has that HelloAsso tier, analysed again. */
async function reexamineTier(
  deps: StaffDeps,
  helloAssoTierId: number,
): Promise<Pick<MapTierOutcome, 'requeued' | 'stillOpen'>> {
  const requeued: string[] = []
  const stillOpen: MapTierOutcome['stillOpen'] = []
  const open = (await listOpenReviews(deps.table, 1000)).filter(
    (review) => review.reasons.includes('tier-unknown') && review.refs.orderId,
  )
  for (let i = 0; i < open.length; i += CONCURRENCY) {
    await Promise.all(
      open.slice(i, i + CONCURRENCY).map(async (review) => {
        const stored = await getStoredOrder(deps.table, review.refs.orderId as number)
        if (!stored?.order.items.some((item) => item.tierId === helloAssoTierId)) return
        const outcome = await reexamineReview(deps, review)
        if (outcome.kind === 'requeued') requeued.push(review.id)
        if (outcome.kind !== 'still-open') return
        const revision = { reasons: outcome.reasons, message: outcome.messages.join(' ') }
        if (await reviseOpenReview(deps.table, review.id, revision))
          stillOpen.push({ id: review.id, ...revision })
      }),
    )
  }
  return { requeued, stillOpen }
}
