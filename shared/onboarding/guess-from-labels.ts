import { labelWords } from '../process/normalize-label.js'
import type { LiveCustomField } from './read-live-forms.js'

/** Words that, in a tier's label, say an organisation pays (« structure », « entreprise »…). */
const ORGANISATION_WORDS = new Set([
  'structure',
  'structures',
  'entreprise',
  'entreprises',
  'societe',
  'societes',
  'organisation',
  'organisations',
  'organisme',
  'association',
  'associations',
  'collectivite',
  'collectivites',
  'morale',
  'pro',
  'professionnel',
  'professionnels',
])

/** A guess, to be confirmed: organisation when a word of the label says so. */
export function guessPayerKind(label: string): 'individual' | 'organisation' {
  return labelWords(label).some((word) => ORGANISATION_WORDS.has(word))
    ? 'organisation'
    : 'individual'
}

/** « Adhésion Petite structure » → "adhesion-petite-structure", unique among `taken`. */
export function tierKey(label: string, taken: Set<string>): string {
  const base = labelWords(label).join('-').slice(0, 40).replace(/-+$/, '') || 'palier'
  let key = base
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`
  taken.add(key)
  return key
}

/** Which custom field looks like it carries each company datum, from its name. */
const COMPANY_FIELD_PATTERNS = {
  companyName:
    /\b(raison sociale|denomination|nom de (la|l) (structure|entreprise|organisation|societe|association)|nom (structure|entreprise|organisation|societe))\b/,
  siren: /\b(siren|siret)\b/,
  legalForm: /\b(forme|statut) juridique\b/,
  budget: /\b(budget|chiffre d affaires)\b/,
} as const

export type CompanyFieldKey = keyof typeof COMPANY_FIELD_PATTERNS

export function proposeCompanyFields(
  fields: LiveCustomField[],
): Partial<Record<CompanyFieldKey, LiveCustomField>> {
  const proposed: Partial<Record<CompanyFieldKey, LiveCustomField>> = {}
  for (const [key, pattern] of Object.entries(COMPANY_FIELD_PATTERNS)) {
    const field = fields.find((f) => pattern.test(labelWords(f.name).join(' ')))
    if (field) proposed[key as CompanyFieldKey] = field
  }
  return proposed
}
