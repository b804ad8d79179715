import type { ReceiptRecord } from '../domain/records.js'

/**
 * Words a staff member may type to find a receipt: payer or company name and member names,
 * without accents or case ("Nguyễn" → "nguyen"), so "ngu" finds "Nguyễn-Ødegård".
 */
export function searchTokens(...texts: string[]): string[] {
  const words = texts.flatMap((text) => normalizeForSearch(text).split(' '))
  return [...new Set(words.filter((word) => word.length > 0))]
}

/** Lower case, no diacritics (ø, ł and œ folded too), words separated by single spaces. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** Bounds the search entries of one receipt: they share a 100-item transaction with it. */
export const MAX_RECEIPT_TOKENS = 24

/**
 * Bounds the search entries of one member: a name is a handful of words, and whatever a payer
 * types in a first-name field must not turn into an unbounded number of writes. Last name first,
 * so a member is always found by it.
 */
export const MAX_MEMBER_TOKENS = 12

export function receiptSearchTokens(
  receipt: Pick<ReceiptRecord, 'snapshot' | 'members'>,
): string[] {
  const donor = receipt.snapshot.donor
  const donorNames = donor.kind === 'company' ? [donor.name] : [donor.lastName, donor.firstNames]
  const memberNames = (receipt.members ?? []).flatMap((member) => [
    member.lastName,
    member.firstName,
  ])
  return searchTokens(...donorNames, ...memberNames).slice(0, MAX_RECEIPT_TOKENS)
}

export function memberSearchTokens(member: { firstName: string; lastName: string }): string[] {
  return searchTokens(member.lastName, member.firstName).slice(0, MAX_MEMBER_TOKENS)
}

/** Index partitions hold the words sharing their first two characters. */
export function tokenPartition(token: string): string {
  return token.slice(0, 2)
}
