import type { AssociationConfig } from './association-config-schema.js'
import {
  PLACEHOLDER,
  PLACEHOLDER_POSTAL_CODE,
  PLACEHOLDER_SIREN,
} from './default-association-config.js'

/** Identity fields still holding the built-in placeholders: fine for SPECIMENs, not for real receipts. */
export function placeholderFields(config: AssociationConfig): string[] {
  const a = config.association
  const fields: [string, boolean][] = [
    ['association.registrationNumber', a.registrationNumber.value === PLACEHOLDER_SIREN],
    ['association.address.postalCode', a.address.postalCode === PLACEHOLDER_POSTAL_CODE],
    ['mail.from', isPlaceholderSender(config.mail.from)],
  ]
  const flagged = fields.filter(([, isPlaceholder]) => isPlaceholder).map(([name]) => name)
  // Any other identity text still « À renseigner » (as the built-in profile and `receipts setup` write them).
  const texts = { association: config.association, mail: config.mail }
  return [...new Set([...flagged, ...placeholderPaths(texts, '')])]
}

/**
 * The sender the built-in profile and the examples ship: example.org, .com and .net are
 * reserved (RFC 2606), so SES would refuse every email from them on a real stage.
 */
export function isPlaceholderSender(from: string): boolean {
  const address = (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase()
  return /@example\.(org|com|net)$/.test(address)
}

function placeholderPaths(value: unknown, path: string): string[] {
  if (value === PLACEHOLDER) return [path]
  if (!value || typeof value !== 'object' || Array.isArray(value)) return []
  return Object.entries(value).flatMap(([key, inner]) =>
    placeholderPaths(inner, path ? `${path}.${key}` : key),
  )
}
