/**
 * Reads a budget bracket answer such as "Entre 100 000 € et 1 000 000 €", "< 100 k€" or
 * "Plus de 1 M€" into cents bounds. Returns undefined when the answer cannot be read: an
 * unreadable answer is kept for staff, not guessed at.
 */
export function declaredBudget(answer: string): { minCents: number; maxCents: number } | undefined {
  const amounts = [
    ...answer.matchAll(/(\d[\d\s\u00a0\u202f.]*(?:,\d+)?)\s*(k|m|million|millions)?\b/gi),
  ]
    .map(([, digits = '', unit]) => toCents(digits, unit))
    .filter((value): value is number => value !== undefined)
  const text = answer.toLowerCase()
  if (amounts.length >= 2) return { minCents: Math.min(...amounts), maxCents: Math.max(...amounts) }
  const [only] = amounts
  if (only === undefined) return undefined
  if (/<|moins|inf[ée]rieur|jusqu/.test(text)) return { minCents: 0, maxCents: only }
  if (/>|plus|sup[ée]rieur|au-del/.test(text))
    return { minCents: only, maxCents: Number.POSITIVE_INFINITY }
  return { minCents: only, maxCents: only }
}

export function budgetFitsTier(
  declared: { minCents: number; maxCents: number },
  tier: { minCents?: number; maxCents?: number },
): boolean {
  const min = tier.minCents ?? 0
  const max = tier.maxCents ?? Number.POSITIVE_INFINITY
  return declared.minCents >= min && declared.maxCents <= max
}

function toCents(digits: string, unit: string | undefined): number | undefined {
  const value = Number(digits.replace(/[\s\u00a0\u202f.]/g, '').replace(',', '.'))
  if (!Number.isFinite(value)) return undefined
  const factor = unit ? (unit.toLowerCase().startsWith('k') ? 1_000 : 1_000_000) : 1
  return Math.round(value * factor * 100)
}
