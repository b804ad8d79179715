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

/**
 * Whether a tier gives a tax receipt at all. `none`: a club membership that buys the use of
 * facilities, or an association that is not d'intérêt général: the membership is recorded with
 * its validity, nothing is numbered, nothing goes to review.
 */
export const TierReceiptSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('tax-receipt') }),
    z.object({
      kind: z.literal('none'),
      reason: text('La raison de l’absence de reçu (receipt.reason)'),
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
  description: text('La description de la contrepartie'),
  /** Value per member, in cents. */
  valueCents: cents('La valeur de la contrepartie'),
  kind: z.enum(['symbolic', 'goods'], {
    error: 'kind doit valoir "symbolic" ou "goods"',
  }),
})
export type Counterpart = z.infer<typeof CounterpartSchema>

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
  receipt: TierReceiptSchema.default({ kind: 'tax-receipt' }),
  counterparts: z.array(CounterpartSchema).default([]),
  /**
   * For a fee that bundles services: the part that is a gift, documented. The receipt then
   * carries this share (per member) instead of the whole fee.
   */
  deductibleShare: z
    .object({
      amountCents: cents('La part déductible'),
      reason: text('La justification de la part déductible (deductibleShare.reason)'),
    })
    .optional(),
})
export type Tier = z.infer<typeof TierSchema>

/**
 * The yearly cap on low-value goods given per person (« disproportion marquée »). The figure
 * is UNCONFIRMED in tax-receipts.md §1.1 (65, 69 or 73 €): the default is the highest and
 * most recent one cited (73 €, Les Echos Publishing 2023), kept as dated data that the
 * treasurer overrides once the current figure is checked (BOI-IR-RICI-250-20).
 */
export const DEFAULT_COUNTERPART_RULES = {
  lowValueCapCents: 7300,
  since: '2023-01-01',
  source:
    'Les Echos Publishing 2023 (provence-savoies.com), chiffre à confirmer sur le BOFiP (BOI-IR-RICI-250-20)',
}

export const CounterpartRulesSchema = z.object({
  lowValueCapCents: cents('Le plafond annuel des biens de faible valeur'),
  since: isoDay,
  source: text('La source du plafond (counterpartRules.source)'),
})
export type CounterpartRules = z.infer<typeof CounterpartRulesSchema>

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
      /**
       * Says explicitly that receipts are signed with the signatory's typed name only (no
       * image). Without it, real receipts need `signatureImagePath`.
       */
      typedSignature: z.boolean().default(false),
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
          /**
           * A yes/no question « soumise à l’impôt sur le revenu ou sur les sociétés ? ». Without
           * it, the answer is derived from the legal form.
           */
          subjectToTax: CustomFieldRefSchema.optional(),
        })
        .default({}),
    }),
    tiers: z.array(TierSchema).min(1, 'au moins un palier est nécessaire'),
    counterpartRules: CounterpartRulesSchema.default(DEFAULT_COUNTERPART_RULES),
    /**
     * Where the member companies' financial year starts (MM-DD), for their yearly summary
     * receipt: a 16216 period must not straddle two of the company's financial years
     * (cerfa-wording.md §3.6 note 9). Absent: unknown, the calendar year is assumed and the
     * annual dry run says so.
     */
    companyFinancialYear: z
      .object({
        startMonthDay: z
          .string()
          .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date attendue au format MM-JJ'),
      })
      .optional(),
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
      checkTierRate(ctx, tier, index)
    })
    if (config.association.signatureImagePath && config.association.typedSignature)
      ctx.addIssue({
        code: 'custom',
        path: ['association', 'typedSignature'],
        message:
          'choisissez : une image de signature (signatureImagePath) ou la signature au nom tapé (typedSignature), pas les deux',
      })
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

/**
 * The rate follows from the payer kind: art. 200 gives 66 % (75 % for the bodies of the
 * « Coluche » list), art. 238 bis 60 %; a tier without receipt gives no reduction at all.
 */
function checkTierRate(ctx: z.RefinementCtx, tier: Tier, index: number): void {
  const rate = tier.reductionRatePercent
  const [allowed, why] =
    tier.receipt.kind === 'none'
      ? [[0], 'un palier sans reçu (receipt.kind "none") n’ouvre aucune réduction : 0']
      : tier.payerKind === 'individual'
        ? [
            [66, 75],
            'un particulier relève de l’article 200 du CGI : 66 (ou 75 pour l’aide aux personnes en difficulté)',
          ]
        : [[60], 'une organisation relève de l’article 238 bis du CGI : 60']
  if (allowed.includes(rate)) return
  const hint =
    tier.receipt.kind === 'tax-receipt' && rate === 0
      ? ' ; pour un palier qui ne donne pas de reçu, écrivez "receipt": { "kind": "none", "reason": "…" }'
      : ''
  ctx.addIssue({
    code: 'custom',
    path: ['tiers', index, 'reductionRatePercent'],
    message: `le palier « ${tier.label} » a un taux de ${rate} %, mais ${why}${hint}`,
  })
}

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
