/**
 * Legal forms, read only from the configured HelloAsso field (never guessed from a company
 * name), checked against a list, with whether the form makes the organisation a business
 * subject to income or corporate tax (IR/IS), the condition of art. 238 bis CGI
 * (tax-receipts.md §2). SCOP, SCIC and SEM are statuses, not legal forms: a SCOP is an SA, a
 * SARL or a SAS, so the status is printed with its form (« SCOP SARL ») and never alone.
 */
export type LegalFormReading =
  | { kind: 'known'; printed: string; subjectToTax: boolean }
  | { kind: 'status-without-form'; status: string }
  | { kind: 'unknown'; answer: string }

interface LegalForm {
  printed: string
  subjectToTax: boolean
  /** Normalised spellings (upper case, no accents, single spaces). */
  spellings: string[]
}

const COMMERCIAL: LegalForm[] = [
  form('SASU', ['SASU', 'SOCIETE PAR ACTIONS SIMPLIFIEE UNIPERSONNELLE']),
  form('SAS', ['SAS', 'SOCIETE PAR ACTIONS SIMPLIFIEE']),
  form('SA', ['SA', 'SOCIETE ANONYME']),
  form('SARL', ['SARL', 'SOCIETE A RESPONSABILITE LIMITEE']),
  form('EURL', ['EURL', 'ENTREPRISE UNIPERSONNELLE A RESPONSABILITE LIMITEE']),
  form('SNC', ['SNC', 'SOCIETE EN NOM COLLECTIF']),
  form('SCA', ['SCA', 'SOCIETE EN COMMANDITE PAR ACTIONS']),
  form('SCS', ['SCS', 'SOCIETE EN COMMANDITE SIMPLE']),
  form('SELARL', ['SELARL']),
  form('SELAS', ['SELAS']),
  form('Entreprise individuelle', ['EI', 'EIRL', 'ENTREPRISE INDIVIDUELLE']),
  form('Micro-entreprise', ['MICRO ENTREPRISE', 'MICROENTREPRISE', 'AUTO ENTREPRENEUR']),
]

const NOT_SUBJECT: LegalForm[] = [
  notSubject('Association', ['ASSOCIATION', 'ASSOCIATION LOI 1901', 'ASSOCIATION LOI DE 1901']),
  notSubject('Fondation', ['FONDATION', 'FONDATION D ENTREPRISE']),
  notSubject('Fonds de dotation', ['FONDS DE DOTATION']),
  notSubject('Collectivité territoriale', [
    'COLLECTIVITE',
    'COLLECTIVITE TERRITORIALE',
    'COLLECTIVITE LOCALE',
    'COMMUNE',
    'DEPARTEMENT',
    'REGION',
  ]),
  notSubject('Établissement public', ['ETABLISSEMENT PUBLIC', 'EPCI', 'EPIC', 'EPA']),
  notSubject('Syndicat', ['SYNDICAT', 'SYNDICAT PROFESSIONNEL', 'SYNDICAT INTERCOMMUNAL']),
]

/** Cooperative and mixed-economy statuses; each sits on top of one of these company forms. */
const STATUSES = ['SCOP', 'SCIC', 'SEM']
const STATUS_FORMS = ['SA', 'SAS', 'SASU', 'SARL']

/** The forms a staff member can ask for, in the words of a review message. */
export const LEGAL_FORMS_HINT =
  'SA, SAS, SASU, SARL, EURL, SNC, SCA, SCS, entreprise individuelle, micro-entreprise ; une SCOP ou une SCIC avec sa forme (« SCOP SARL ») ; association, fondation, fonds de dotation, collectivité, établissement public, syndicat'

export function readLegalForm(answer: string): LegalFormReading {
  const words = normalise(answer)
  const status = STATUSES.find((s) => words.split(' ').includes(s))
  const rest = status ? words.replace(new RegExp(`(^| )${status}( |$)`), ' ').trim() : words
  const known = [...COMMERCIAL, ...NOT_SUBJECT].find((f) => f.spellings.includes(rest))
  if (status) {
    if (!rest) return { kind: 'status-without-form', status }
    if (!known || !STATUS_FORMS.includes(known.printed)) return { kind: 'unknown', answer }
    return { kind: 'known', printed: `${status} ${known.printed}`, subjectToTax: true }
  }
  return known
    ? { kind: 'known', printed: known.printed, subjectToTax: known.subjectToTax }
    : { kind: 'unknown', answer }
}

/** SIREN from a SIREN or SIRET answer (spaces allowed); undefined when it is neither. */
export function sirenFrom(answer: string | undefined): string | undefined {
  const digits = answer?.replace(/[\s.\u00a0-]/g, '')
  if (!digits || !/^\d+$/.test(digits)) return undefined
  if (digits.length === 9) return digits
  if (digits.length === 14) return digits.slice(0, 9)
  return undefined
}

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/\./g, '')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
}

function form(printed: string, spellings: string[]): LegalForm {
  return { printed, subjectToTax: true, spellings }
}

function notSubject(printed: string, spellings: string[]): LegalForm {
  return { printed, subjectToTax: false, spellings }
}
