import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../errors.js'
import { type AuditEntry, auditPut } from './audit-store.js'
import { cancellationCodes, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/**
 * A HelloAsso tier the configuration file does not know, attached to one of its tiers by a
 * manager from the review page. It lives in the table, not in the file, so it applies at once
 * on every running process (locally as on AWS) without a restart or a redeploy;
 * `receipts config export` writes it back into a configuration file.
 */
export interface TierMapping {
  helloAssoTierId: number
  /** The configured tier (`tiers[].key`) it is attached to. */
  tierKey: string
  /** HelloAsso's label and price of the tier on the payment it was decided from. */
  helloAssoLabel: string
  amountCents: number
  mappedAt: string
  /** The staff member's name, as the audit trail records it. */
  mappedBy: string
  /** The review item it was decided from. */
  reviewId: string
}

/** One attribute of the mappings item per HelloAsso tier id. */
const ATTRIBUTE_PREFIX = 'tier#'

/**
 * Every mapping of the organisation, read strongly consistent: a payment re-examined right after
 * a mapping is written must see it, whichever process (or Lambda) picks it up. One item, read
 * by key (the processing Lambda is granted no Query): here, or with the process step's
 * notification (getNotificationWithTierMappings).
 */
export async function listTierMappings(ctx: TableContext): Promise<TierMapping[]> {
  return tierMappingsIn(await getItem(ctx, keys.tierMappings(ctx.orgId), 'get tier mappings'))
}

/** The mappings the organisation's mappings item holds (none when it does not exist yet). */
export function tierMappingsIn(item: Record<string, unknown> | undefined): TierMapping[] {
  return Object.entries(item ?? {})
    .filter(([name]) => name.startsWith(ATTRIBUTE_PREFIX))
    .map(([, mapping]) => mapping as TierMapping)
    .sort((a, b) => a.helloAssoTierId - b.helloAssoTierId)
}

/**
 * Writes the mapping with its audit entry, on the condition that its review item is still
 * open: two managers deciding the same item at once write one mapping, the other is told.
 */
export async function saveTierMapping(
  ctx: TableContext,
  mapping: TierMapping,
  audit: AuditEntry,
): Promise<void> {
  try {
    await ctx.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: ctx.tableName,
              Key: keys.review(ctx.orgId, mapping.reviewId),
              ConditionExpression: '#record.#status = :open',
              ExpressionAttributeNames: { '#record': 'record', '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open' },
            },
          },
          {
            // One attribute per tier id: two tiers attached at once never overwrite each other.
            Update: {
              TableName: ctx.tableName,
              Key: keys.tierMappings(ctx.orgId),
              UpdateExpression: 'SET #mapping = :mapping',
              ExpressionAttributeNames: {
                '#mapping': `${ATTRIBUTE_PREFIX}${mapping.helloAssoTierId}`,
              },
              ExpressionAttributeValues: { ':mapping': mapping },
            },
          },
          auditPut(ctx, audit),
        ],
      }),
    )
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed')
      throw new AppError('receipt.conflict', 'Cet élément a déjà été traité.')
    throw storeUnavailable('save tier mapping', error)
  }
}
