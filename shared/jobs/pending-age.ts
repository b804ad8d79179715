import { oldestPendingSince, type PendingLaneKey } from '../store/oldest-pending.js'
import type { TableContext } from '../store/table-context.js'
import type { JobDeps } from './job-deps.js'

/**
 * The metrics the re-queue run publishes, one per lane of pending work, which the pending-age
 * alarms watch (infra/): notifications acknowledged but not processed, receipts drafted but not
 * numbered, emails asked for but not sent.
 */
export const PENDING_AGE_METRICS = {
  notifications: 'OldestPendingNotificationAgeSeconds',
  drafts: 'OldestPendingDraftAgeSeconds',
  deliveries: 'OldestPendingDeliveryAgeSeconds',
} as const
export type PendingLane = keyof typeof PENDING_AGE_METRICS

const LANE_KEYS: Record<PendingLane, PendingLaneKey> = {
  notifications: 'notification',
  drafts: 'number',
  deliveries: 'delivery',
}

/**
 * Age in seconds of the oldest pending work of each lane (0 when none): it grows when a lane is
 * stuck, whatever the reason (an outage waited out, a step failing, a queue not consumed),
 * which is what the alarms are about. Three item reads.
 */
export function oldestPendingAges(deps: JobDeps): Promise<Record<PendingLane, number>> {
  return oldestPendingAgesAt(deps.process.table, deps.process.now())
}

/** The same, for a table and a time given (tests look an hour ahead). */
export async function oldestPendingAgesAt(
  table: TableContext,
  at: Date,
): Promise<Record<PendingLane, number>> {
  const now = at.getTime()
  const ages = await Promise.all(
    (Object.keys(LANE_KEYS) as PendingLane[]).map(async (lane) => {
      const since = await oldestPendingSince(table, LANE_KEYS[lane])
      const age = since ? Math.max(0, Math.round((now - Date.parse(since)) / 1000)) : 0
      // A marker written before the lane's sort key held a time has none: its age is unknown.
      return [lane, Number.isNaN(age) ? 0 : age] as const
    }),
  )
  return Object.fromEntries(ages) as Record<PendingLane, number>
}
