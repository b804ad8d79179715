import * as z from 'zod'
import { PostalAddressSchema } from '../config/schema/identity-schema.js'
import { parisIsoDay } from '../domain/paris-time.js'
import type { ReceiptRecord } from '../domain/records.js'
import { AppError } from '../errors.js'
import { CURRENT_LAYOUT_VERSION, type Donor } from '../receipts/receipt-snapshot.js'
import { auditPut } from '../store/audit-store.js'
import { replaceReceipt } from '../store/replace-receipt.js'
import { appliedTaxRules } from '../tax/applied-tax-rules.js'
import { loadReceipt, requireLive } from './load-receipt.js'
import type { Actor, StaffDeps } from './staff-deps.js'

const text = (what: string) =>
  z
    .string({ error: `${what} est obligatoire` })
    .trim()
    .min(1, `${what} est obligatoire`)
    .max(200)

export const DonorSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('individual'),
    lastName: text('Le nom'),
    firstNames: text('Le prénom'),
    address: PostalAddressSchema,
  }),
  z.object({
    kind: z.literal('company'),
    name: text('La dénomination'),
    legalForm: text('La forme juridique'),
    siren: z.string().regex(/^\d{9}$/, 'un SIREN a 9 chiffres'),
    address: PostalAddressSchema,
  }),
])

export const CorrectSchema = z.object({
  donor: DonorSchema,
  reason: z.string().trim().min(3, 'le motif est obligatoire (3 caractères au moins)').max(500),
})

/**
 * « Annule et remplace »: an issued receipt never changes (invariant 4). A correction cancels it
 * and issues the next number of its tax year with the corrected donor data; both are linked,
 * both stay in the register, and the donor is emailed the new PDF.
 */
export async function correctReceipt(
  deps: StaffDeps,
  actor: Actor,
  number: string,
  input: z.infer<typeof CorrectSchema>,
): Promise<ReceiptRecord> {
  const old = await loadReceipt(deps.table, number)
  requireLive(old)
  const at = deps.now().toISOString()
  const donor = input.donor as Donor
  const cerfa =
    donor.kind === 'company'
      ? deps.config.receiptPolicy.cerfa.company
      : deps.config.receiptPolicy.cerfa.individual
  const { number: _old, ...snapshot } = old.snapshot
  const fresh = {
    ...snapshot,
    form: donor.kind === 'company' ? ('16216' as const) : ('11580' as const),
    cerfaNumber: cerfa.number,
    formCode: cerfa.formCode,
    donor,
    issuedAt: at,
    replaces: { number: old.number, issuedOn: parisIsoDay(old.issuedAt) },
    // A new receipt: today's layout, whatever the one it replaces was printed with.
    layoutVersion: CURRENT_LAYOUT_VERSION,
  }
  const written = await replaceReceipt(deps.table, old, {
    at,
    snapshot: fresh,
    taxRules: appliedTaxRules(deps.config, fresh, old.provenance.lines),
    audit: (newNumber) =>
      auditPut(deps.table, {
        at,
        actor,
        action: 'receipt.correct',
        subject: old.number,
        detail: input.reason,
        before: { number: old.number, donor: old.snapshot.donor },
        after: { number: newNumber, donor },
      }),
  })
  if (!written)
    throw new AppError(
      'receipt.conflict',
      `Le reçu n° ${number} a changé entre-temps : rechargez la page.`,
    )
  await deps.queue.send({
    type: 'deliver',
    orgId: deps.table.orgId,
    receiptNumber: written.number,
    kind: 'receipt',
  })
  return written
}
