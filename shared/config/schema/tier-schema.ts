import * as z from 'zod'
import { cents, doc, text } from './schema-parts.js'
import { ValidityRuleSchema } from './validity-rule-schema.js'

/**
 * Whether a tier gives a tax receipt at all. `none`: a club membership that buys the use of
 * facilities, or an association that is not d'intérêt général: the membership is recorded with
 * its validity, nothing is numbered, nothing goes to review.
 */
export const TierReceiptSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z
        .literal('tax-receipt')
        .meta(
          doc(
            'Le palier donne un reçu fiscal (Cerfa 11580 ou 16216).',
            'The tier gives a tax receipt (Cerfa 11580 or 16216).',
          ),
        ),
    }),
    z.object({
      kind: z
        .literal('none')
        .meta(
          doc(
            'Pas de reçu : l’adhésion est enregistrée avec sa validité, rien n’est numéroté, rien ne part en revue (ex. une adhésion de club qui donne accès aux installations).',
            'No receipt: the membership is recorded with its validity, nothing is numbered, nothing goes to review (e.g. a club membership that buys the use of facilities).',
          ),
        ),
      reason: text('La raison de l’absence de reçu (receipt.reason)').meta(
        doc(
          'Pourquoi ce palier ne donne pas de reçu, en une phrase.',
          'Why this tier gives no receipt, in one sentence.',
        ),
      ),
    }),
  ],
  { error: 'receipt.kind doit valoir "tax-receipt" ou "none"' },
)
export type TierReceipt = z.infer<typeof TierReceiptSchema>

/**
 * What a member gets for the fee (tax-receipts.md §1.1): `symbolic` (vote at the AG, a title)
 * never limits the receipt; `goods` (badge, poster) must stay within 25 % of the amount and
 * the yearly cap of `counterpartRules`.
 */
export const CounterpartSchema = z.object({
  description: text('La description de la contrepartie').meta(
    doc('Ce que reçoit le membre (ex. « badge »).', 'What the member gets (e.g. « badge »).'),
  ),
  /** Value per member, in cents. */
  valueCents: cents('La valeur de la contrepartie').meta(
    doc(
      'Valeur par membre, en centimes (500 pour 5 €).',
      'Value per member, in cents (500 for 5 €).',
    ),
  ),
  kind: z
    .enum(['symbolic', 'goods'], {
      error: 'kind doit valoir "symbolic" ou "goods"',
    })
    .meta(
      doc(
        '`symbolic` (droit de vote à l’AG, un titre) ne limite jamais le reçu ; `goods` (badge, affiche) doit rester sous 25 % du montant et sous le plafond annuel de `counterpartRules`, sinon chaque paiement attend en revue.',
        '`symbolic` (a vote at the AG, a title) never limits the receipt; `goods` (badge, poster) must stay within 25 % of the amount and the yearly cap of `counterpartRules`, otherwise each payment waits in review.',
      ),
    ),
})
export type Counterpart = z.infer<typeof CounterpartSchema>

export const TierSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'clé en minuscules, chiffres et tirets')
    .meta(
      doc(
        'Clé interne du palier, en minuscules, chiffres et tirets (ex. "base") ; les adhésions enregistrées la gardent : ne la changez plus ensuite.',
        'Internal key of the tier: lowercase letters, digits and dashes (e.g. "base"); recorded memberships keep it: do not change it afterwards.',
      ),
    ),
  label: text('Le libellé du palier').meta(
    doc(
      'Nom du palier tel que vous le lisez (messages, registre, page de l’équipe).',
      'Name of the tier as people read it (messages, register, staff page).',
    ),
  ),
  payerKind: z
    .enum(['individual', 'organisation'], {
      error: 'payerKind doit valoir "individual" ou "organisation"',
    })
    .meta(
      doc(
        'Qui paie : `individual` (un particulier, Cerfa 11580, article 200 du CGI) ou `organisation` (une entreprise, Cerfa 16216, article 238 bis).',
        'Who pays: `individual` (a person: Cerfa 11580, art. 200 CGI) or `organisation` (a company: Cerfa 16216, art. 238 bis).',
      ),
    ),
  amountCents: cents('Le montant').meta(
    doc(
      'Prix du palier en centimes, comme sur HelloAsso : 5000 pour 50 €.',
      'The tier’s price in cents, as on HelloAsso: 5000 for 50 €.',
    ),
  ),
  /** Tax reduction rate in whole percent: 66 (art. 200) or 60 (art. 238 bis) as a rule. */
  reductionRatePercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .meta(
      doc(
        'Taux de réduction d’impôt en pour cent entiers, vérifié selon le payeur : 66 (ou 75) pour un particulier, 60 pour une organisation, 0 pour un palier sans reçu.',
        'Tax reduction rate in whole percent, checked against the payer: 66 (or 75) for an individual, 60 for an organisation, 0 for a tier without receipt.',
      ),
    ),
  /** The "coût après réduction" the association advertises; checked against amount × (1 − rate). */
  advertisedCostCents: cents('Le coût après réduction')
    .optional()
    .meta(
      doc(
        'Le « coût après réduction » que vous annoncez, en centimes ; vérifié : il doit valoir montant × (1 − taux).',
        'The « coût après réduction » you advertise, in cents; checked: it must equal amount × (1 − rate).',
      ),
    ),
  /** Budget bracket the organisation declares (cross-checked against its answer). */
  budget: z
    .object({
      minCents: cents('Le budget minimum')
        .optional()
        .meta(doc('Budget minimum, en centimes.', 'Lowest budget, in cents.')),
      maxCents: cents('Le budget maximum')
        .optional()
        .meta(doc('Budget maximum, en centimes.', 'Highest budget, in cents.')),
    })
    .optional()
    .meta(
      doc(
        'Tranche de budget des organisations de ce palier, comparée à leur réponse (champ `helloAsso.companyFields.budget`) : un paiement dont le budget déclaré n’y entre pas attend en revue.',
        'Budget bracket of the organisations of this tier, compared with their answer (`helloAsso.companyFields.budget`): a payment whose declared budget falls outside waits in review.',
      ),
    ),
  match: z
    .object({
      tierIds: z
        .array(z.number().int().positive())
        .default([])
        .meta(
          doc(
            'Ids HelloAsso du palier (le moyen le plus sûr) : `npm run receipts -- setup` et `check-config` les affichent.',
            'HelloAsso ids of the tier (the safest way): `npm run receipts -- setup` and `check-config` print them.',
          ),
        ),
      /** Compared accent-, case-, space- and punctuation-insensitively with HelloAsso's item name. */
      labels: z
        .array(z.string().min(1))
        .default([])
        .meta(
          doc(
            'Libellés HelloAsso du palier, comparés sans accents, casse, espaces ni ponctuation. Un libellé qui forme les premiers mots entiers du libellé HelloAsso correspond aussi, si le montant est celui du palier et qu’aucun autre palier ne commence ce libellé. Jamais par le montant seul.',
            'HelloAsso labels of the tier, compared without accents, case, spaces or punctuation. A label that is the first whole words of HelloAsso’s label also matches when the amount equals the tier’s and no other tier’s label begins it. Never by amount alone.',
          ),
        ),
    })
    .meta(
      doc(
        'Comment reconnaître ce palier dans un paiement HelloAsso : par id d’abord, sinon par libellé.',
        'How a HelloAsso payment is recognised as this tier: by id first, else by label.',
      ),
    ),
  validity: ValidityRuleSchema.meta(
    doc(
      'Période de validité de l’adhésion, selon `kind`.',
      'How long the membership lasts, according to `kind`.',
    ),
  ),
  receipt: TierReceiptSchema.default({ kind: 'tax-receipt' }).meta(
    doc(
      'Si le palier donne un reçu fiscal, selon `kind`.',
      'Whether the tier gives a tax receipt, according to `kind`.',
    ),
  ),
  counterparts: z
    .array(CounterpartSchema)
    .default([])
    .meta(
      doc(
        'Contreparties reçues par chaque membre, ex. `[{"description":"badge","valueCents":500,"kind":"goods"}]`.',
        'What each member gets in return, e.g. `[{"description":"badge","valueCents":500,"kind":"goods"}]`.',
      ),
    ),
  /**
   * For a fee that bundles services: the part that is a gift, documented. The receipt then
   * carries this share (per member) instead of the whole fee.
   */
  deductibleShare: z
    .object({
      amountCents: cents('La part déductible').meta(
        doc('Part déductible par membre, en centimes.', 'Deductible part per member, in cents.'),
      ),
      reason: text('La justification de la part déductible (deductibleShare.reason)').meta(
        doc(
          'Justification de cette part (elle figure dans la provenance du reçu).',
          'Why this is the deductible part (kept in the receipt’s provenance).',
        ),
      ),
    })
    .optional()
    .meta(
      doc(
        'Pour une cotisation qui comprend des services : la part qui est un don, documentée ; le reçu porte cette part au lieu de la cotisation entière.',
        'For a fee that bundles services: the documented part that is a gift; the receipt carries this share instead of the whole fee.',
      ),
    ),
})
export type Tier = z.infer<typeof TierSchema>
