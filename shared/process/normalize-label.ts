/** "Chômeurs / Étudiants" → "chomeursetudiants": labels compare without accents, case, spaces or punctuation. */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}
