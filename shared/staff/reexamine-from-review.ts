import { AppError } from '../errors.js'
import { type ReexamineOutcome, reexamineReview } from '../process/reexamine-review.js'
import { getReview } from '../store/review-updates.js'
import type { StaffDeps } from './staff-deps.js'

/** « Réexaminer »: the item's payment analysed again with the configuration in force. */
export async function reexamineFromReview(
  deps: StaffDeps,
  id: string,
): Promise<Exclude<ReexamineOutcome, { kind: 'not-applicable' }>> {
  const review = await getReview(deps.table, id)
  if (!review) throw new AppError('review.notFound', `Aucun élément à vérifier « ${id} ».`)
  const outcome = await reexamineReview(deps, review)
  if (outcome.kind === 'not-applicable') throw new AppError('receipt.conflict', outcome.message)
  return outcome
}
