/**
 * JSON with every object's keys sorted (by UTF-16 code unit, as `Array.prototype.sort` does),
 * wherever bytes or hashes are derived from data: DynamoDB does not keep key order, and a
 * restore or a migration may reorder keys, so `JSON.stringify` alone is not a stable input.
 * Like `JSON.stringify`, it drops `undefined` properties and writes `null` for `undefined`
 * array entries.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value))
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (value === null || typeof value !== 'object') return value
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return sortedKeys((value as { toJSON: () => unknown }).toJSON())
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort())
    sorted[key] = sortedKeys((value as Record<string, unknown>)[key])
  return sorted
}
