import type { CustomFieldRef } from '../config/schema/custom-field-schema.js'
import type { Order } from '../helloasso/schemas.js'
import { normalizeLabel } from './normalize-label.js'

/** The first non-empty answer to a custom field, across the order's items (by id, then by name). */
export function customFieldAnswer(
  order: Order,
  ref: CustomFieldRef | undefined,
): string | undefined {
  if (!ref) return undefined
  for (const item of order.items) {
    for (const field of item.customFields ?? []) {
      const byId = ref.id !== undefined && field.id === ref.id
      const byName =
        ref.name !== undefined &&
        field.name != null &&
        normalizeLabel(field.name) === normalizeLabel(ref.name)
      const answer = field.answer == null ? '' : String(field.answer).trim()
      if ((byId || byName) && answer) return answer
    }
  }
  return undefined
}
