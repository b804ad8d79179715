/** Legal forms recognised in a company name ("FabLab Valence – SCIC"), longest first. */
const LEGAL_FORMS = [
  'SELARL',
  'SASU',
  'SARL',
  'EURL',
  'EIRL',
  'SCOP',
  'SCIC',
  'SAS',
  'SCA',
  'SNC',
  'SCS',
  'SCI',
  'SEM',
  'GIE',
  'SA',
  'EI',
]

export function legalFormInName(name: string): string | undefined {
  return LEGAL_FORMS.find((form) => new RegExp(`(^|[^\\p{L}])${form}([^\\p{L}]|$)`, 'u').test(name))
}

/** SIREN from a SIREN or SIRET answer (spaces allowed); undefined when it is neither. */
export function sirenFrom(answer: string | undefined): string | undefined {
  const digits = answer?.replace(/[\s.\u00a0-]/g, '')
  if (!digits || !/^\d+$/.test(digits)) return undefined
  if (digits.length === 9) return digits
  if (digits.length === 14) return digits.slice(0, 9)
  return undefined
}
