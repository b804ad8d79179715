import { z } from 'zod'
import { costAfterReduction } from '../domain/money.js'

/**
 * One association's configuration: identity printed on the Cerfa, HelloAsso organisation,
 * tier schedule, receipt policy. Messages are written for a treasurer reading a start-up error.
 */
const text = (what: string) =>
  z
    .string({ error: `${what} est obligatoire` })
    .trim()
    .min(1, `${what} est obligatoire`)
const cents = (what: string) =>
  z
    .number({ error: `${what} doit être un nombre de centimes` })
    .int(`${what} doit être un nombre entier de centimes (ex. 5000 pour 50 €)`)
    .nonnegative(`${what} ne peut pas être négatif`)
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ')

export const PostalAddressSchema = z.object({
  street: text('La rue'),
  postalCode: text('Le code postal'),
  city: text('La commune'),
  country: text('Le pays').default('France'),
})

export const RegistrationNumberSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('SIREN'),
    value: z.string().regex(/^\d{9}$/, 'un SIREN a 9 chiffres, sans espaces'),
  }),
  z.object({
    kind: z.literal('RNA'),
    value: z.string().regex(/^W\d{9}$/, 'un numéro RNA est un W suivi de 9 chiffres'),
  }),
])

/** A HelloAsso custom field, by id (stable) and/or name (changes when the form is edited). */
export const CustomFieldRefSchema = z
  .object({ id: z.number().int().positive().optional(), name: z.string().min(1).optional() })
  .refine((ref) => ref.id !== undefined || ref.name !== undefined, {
    message: 'indiquez l’id ou le nom du champ HelloAsso',
  })
export type CustomFieldRef = z.infer<typeof CustomFieldRefSchema>

export const ValidityRuleSchema = z.discriminatedUnion('kind', [
  /** "Année glissante": N months from the payment date. */
  z.object({ kind: z.literal('rolling-months'), months: z.number().int().min(1).max(120) }),
  /** 1 January – 31 December of the payment's year. */
  z.object({ kind: z.literal('calendar-year') }),
  /** A season starting every year on MM-DD (e.g. 09-01 for September–August). */
  z.object({ kind: z.literal('season'), startMonthDay: z.string().regex(/^\d{2}-\d{2}$/) }),
  /** Fixed dates, as on a HelloAsso "personnalisée" form. */
  z.object({ kind: z.literal('fixed'), from: isoDay, to: isoDay }),
])
export type ValidityRule = z.infer<typeof ValidityRuleSchema>

export const TierSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/, 'clé en minuscules, chiffres et tirets'),
  label: text('Le libellé du palier'),
  payerKind: z.enum(['individual', 'organisation'], {
    error: 'payerKind doit valoir "individual" ou "organisation"',
  }),
  amountCents: cents('Le montant'),
  /** Tax reduction rate in whole percent: 66 (art. 200) or 60 (art. 238 bis) as a rule. */
  reductionRatePercent: z.number().int().min(0).max(100),
  /** The "coût après réduction" the association advertises; checked against amount × (1 − rate). */
  advertisedCostCents: cents('Le coût après réduction').optional(),
  /** Budget bracket the organisation declares (cross-checked against its answer). */
  budget: z
    .object({
      minCents: cents('Le budget minimum').optional(),
      maxCents: cents('Le budget maximum').optional(),
    })
    .optional(),
  match: z.object({
    tierIds: z.array(z.number().int().positive()).default([]),
    /** Compared accent-, case-, space- and punctuation-insensitively with HelloAsso's item name. */
    labels: z.array(z.string().min(1)).default([]),
  }),
  validity: ValidityRuleSchema,
})
export type Tier = z.infer<typeof TierSchema>

export const AssociationConfigSchema = z
  .object({
    /** Stable key of the organisation in our data (never changes, unlike the HelloAsso slug). */
    id: z.string().regex(/^[a-z0-9-]+$/, 'identifiant en minuscules, chiffres et tirets'),
    association: z.object({
      name: text('Le nom de l’association'),
      registrationNumber: RegistrationNumberSchema,
      address: PostalAddressSchema,
      object: text('L’objet de l’association'),
      organismeType: z.enum(['association-loi-1901', 'association-rup', 'fondation', 'autre']),
      organismeTypeDetail: z.string().optional(),
      signatory: z.object({
        name: text('Le nom du signataire'),
        capacity: text('La qualité du signataire'),
      }),
      /** PNG file, relative to the config file, printed as the signature. */
      signatureImagePath: z.string().optional(),
    }),
    mail: z.object({
      from: text('L’expéditeur des e-mails'),
      replyTo: z.string().optional(),
    }),
    helloAsso: z.object({
      organizationSlug: text('Le slug HelloAsso de l’organisation'),
      /** Custom fields that carry company data on organisation tiers. */
      companyFields: z
        .object({
          companyName: CustomFieldRefSchema.optional(),
          siren: CustomFieldRefSchema.optional(),
          legalForm: CustomFieldRefSchema.optional(),
          budget: CustomFieldRefSchema.optional(),
        })
        .default({}),
    }),
    tiers: z.array(TierSchema).min(1, 'au moins un palier est nécessaire'),
    donations: z
      .object({
        /** Extra donation items of a membership order give a receipt. */
        eligible: z.boolean().default(true),
      })
      .default({ eligible: true }),
    receiptPolicy: z
      .object({
        /**
         * `per-payment`: one receipt per payment received, issued at once (instalments: one per
         * instalment actually paid). `annual`: no receipt at payment time; the treasurer's yearly
         * job (`receipts annual --year AAAA`) issues one summary receipt per donor and form
         * covering every payment of the calendar year (« cumul AAAA », tax-receipts.md §5.2).
         */
        mode: z
          .enum(['per-payment', 'annual'], {
            error: 'receiptPolicy.mode doit valoir "per-payment" ou "annual"',
          })
          .default('per-payment'),
        giftForm: z.enum(['declaration-don-manuel', 'autres']).default('declaration-don-manuel'),
        cerfa: z
          .object({
            individual: z.object({ number: z.string(), formCode: z.string() }),
            company: z.object({ number: z.string(), formCode: z.string() }),
          })
          .default({
            individual: { number: '11580*05', formCode: '2041-RD' },
            company: { number: '16216*02', formCode: '2041-MEC-SD' },
          }),
      })
      .default({
        mode: 'per-payment',
        giftForm: 'declaration-don-manuel',
        cerfa: {
          individual: { number: '11580*05', formCode: '2041-RD' },
          company: { number: '16216*02', formCode: '2041-MEC-SD' },
        },
      }),
  })
  .superRefine((config, ctx) => {
    config.tiers.forEach((tier, index) => {
      if (tier.advertisedCostCents === undefined) return
      const expected = costAfterReduction(tier.amountCents, tier.reductionRatePercent)
      if (expected !== tier.advertisedCostCents) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'advertisedCostCents'],
          message: `le palier « ${tier.label} » annonce un coût après réduction de ${tier.advertisedCostCents} centimes, mais ${tier.amountCents} × (1 − ${tier.reductionRatePercent} %) = ${expected} centimes`,
        })
      }
    })
    reportDuplicates(
      ctx,
      config.tiers.map((t) => t.key),
      (i) => ['tiers', i, 'key'],
      'clé de palier',
    )
    const ids = config.tiers.flatMap((t, i) => t.match.tierIds.map((id) => ({ id, i })))
    reportDuplicates(
      ctx,
      ids.map((x) => String(x.id)),
      (k) => ['tiers', ids[k]?.i ?? 0, 'match', 'tierIds'],
      'id de palier HelloAsso',
    )
  })

export type AssociationConfig = z.infer<typeof AssociationConfigSchema>

function reportDuplicates(
  ctx: z.RefinementCtx,
  values: string[],
  pathOf: (index: number) => (string | number)[],
  what: string,
): void {
  const seen = new Set<string>()
  values.forEach((value, index) => {
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: pathOf(index), message: `${what} en double : ${value}` })
    seen.add(value)
  })
}
