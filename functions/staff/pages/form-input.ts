import type { Context } from 'hono'
import type * as z from 'zod'
import { AppError } from '../../../shared/errors.js'
import { CONFIRM_FIELD } from './confirm-field.js'

/** A submitted form's text fields (files and repeated fields have no place in these forms). */
export type FormFields = Record<string, string>

/** The CSRF check already parsed the body; Hono caches it, so this reads it a second time for free. */
export async function formFields(c: Context): Promise<FormFields> {
  const body = await c.req.parseBody()
  const fields: FormFields = {}
  for (const [name, value] of Object.entries(body))
    if (typeof value === 'string') fields[name] = value
  return fields
}

export function requireConfirmation(fields: FormFields): void {
  if (fields[CONFIRM_FIELD] !== 'oui')
    throw new AppError('input.invalid', 'Cochez « Je confirme » pour valider cette action.')
}

/** The donor as DonorSchema expects it, from the fields of the kind ticked. */
export function donorFromFields(fields: FormFields): unknown {
  const address = {
    street: fields.rue ?? '',
    postalCode: (fields.code_postal ?? '').trim(),
    city: fields.commune ?? '',
    // Never assumed: an empty country is refused by DonorSchema (« Le pays est obligatoire »).
    country: fields.pays?.trim() ?? '',
  }
  if (fields.type === 'entreprise')
    return {
      kind: 'company',
      name: fields.denomination ?? '',
      legalForm: fields.forme_juridique ?? '',
      // People copy SIRENs as printed, « 123 456 789 ».
      siren: (fields.siren ?? '').replace(/\s/g, ''),
      address,
    }
  return {
    kind: 'individual',
    lastName: fields.nom ?? '',
    firstNames: fields.prenoms ?? '',
    address,
  }
}

/** « 12,50 », « 12.5 », « 1 250 € » → cents; empty → undefined. */
export function centsFromEuros(text: string | undefined): number | undefined {
  const cleaned = (text ?? '').replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (cleaned === '') return undefined
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned))
    throw new AppError('input.invalid', `Montant invalide « ${text} » : écrivez-le comme 12,50.`)
  const [euros = '0', decimals = ''] = cleaned.split('.')
  return Number(euros) * 100 + Number(decimals.padEnd(2, '0'))
}

const FIELD_LABELS: Record<string, string> = {
  'donor.lastName': 'Nom',
  'donor.firstNames': 'Prénom(s)',
  'donor.name': 'Dénomination',
  'donor.legalForm': 'Forme juridique',
  'donor.siren': 'SIREN',
  'donor.address.street': 'Rue',
  'donor.address.postalCode': 'Code postal',
  'donor.address.city': 'Commune',
  'donor.address.country': 'Pays',
  reason: 'Motif',
  email: 'E-mail',
  note: 'Explication',
  amountCents: 'Montant',
}

/**
 * Like the API's parseOr400, but for people: each problem in French with the field's label as
 * the form shows it, since zod's own messages for lengths and types are English.
 */
export function parseForm<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const label = FIELD_LABELS[issue.path.join('.')] ?? issue.path.join('.')
    if (issue.code === 'too_big') return `${label} : ${String(issue.maximum)} caractères au plus`
    if (issue.code === 'invalid_type') return `${label} : champ obligatoire`
    return `${label} : ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`
  })
  throw new AppError('input.invalid', `Vérifiez le formulaire — ${problems.join(' ; ')}.`)
}
