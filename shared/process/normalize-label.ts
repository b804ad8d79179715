/** "Chômeurs / Étudiants" → "chomeursetudiants": labels compare without accents, case, spaces or punctuation. */
export function normalizeLabel(label: string): string {
  return labelWords(label).join('')
}

/** "Grande structure (> 1 M€)" → ["grande", "structure", "1", "m"]: the words a prefix is made of. */
export function labelWords(label: string): string[] {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
}

/** True when `prefix` is `label`'s first whole words ("grande structure" of "grande structure 1 m"). */
export function isWordPrefix(prefix: string[], label: string[]): boolean {
  return (
    prefix.length > 0 && prefix.length <= label.length && prefix.every((w, i) => label[i] === w)
  )
}
