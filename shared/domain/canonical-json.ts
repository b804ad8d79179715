import { AppError } from '../errors.js'

/**
 * JSON with every object's keys sorted (by UTF-16 code units, as RFC 8785 orders them) and no
 * whitespace: the same value gives the same text whatever order its keys were built or stored
 * in. DynamoDB does not keep the order of a map's keys, so anything hashed or signed over a
 * stored value (a receipt's trailer /ID, a verification token) is computed over this text.
 *
 * Strings and numbers are written as JSON.stringify writes them (ECMAScript's rules, the same
 * on every platform). Properties whose value is undefined are left out, as JSON.stringify
 * does; values JSON cannot hold faithfully (NaN, Infinity, bigint, functions, Map, Set…) are
 * refused rather than silently turned into null or {}.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$')
}

function write(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(path, String(value))
    return JSON.stringify(value)
  }
  if (Array.isArray(value))
    return `[${value.map((item, index) => (item === undefined ? 'null' : write(item, `${path}[${index}]`))).join(',')}]`
  if (typeof value === 'object' && isPlain(value)) {
    const entries = Object.keys(value)
      .sort()
      .flatMap((key) => {
        const item = (value as Record<string, unknown>)[key]
        return item === undefined ? [] : [`${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`]
      })
    return `{${entries.join(',')}}`
  }
  return refuse(
    path,
    typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value,
  )
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function refuse(path: string, what: string): never {
  throw new AppError('input.invalid', `canonical JSON cannot hold ${what} (at ${path})`)
}
