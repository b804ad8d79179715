import * as z from 'zod'
import { costAfterReduction } from '../domain/money.js'
import { normalizeLabel } from '../process/normalize-label.js'
import {
  CounterpartRulesSchema,
  DEFAULT_COUNTERPART_RULES,
} from './schema/counterpart-rules-schema.js'
import { CustomFieldRefSchema } from './schema/custom-field-schema.js'
import { PostalAddressSchema, RegistrationNumberSchema } from './schema/identity-schema.js'
import { doc, text } from './schema/schema-parts.js'
import { type Tier, TierSchema } from './schema/tier-schema.js'

/**
 * One association's configuration: identity printed on the Cerfa, HelloAsso organisation,
 * tier schedule, receipt policy. Messages are written for a treasurer reading a start-up error.
 */
export const AssociationConfigSchema = z
  .object({
    /** Stable key of the organisation in our data (never changes, unlike the HelloAsso slug). */
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'identifiant en minuscules, chiffres et tirets')
      .meta(
        doc(
          'Identifiant de l’association dans nos données, en minuscules, chiffres et tirets ; il ne change jamais, même si le slug HelloAsso change.',
          'Our key for the association: lowercase letters, digits and dashes; it never changes, even when the HelloAsso slug does.',
        ),
      ),
    association: z
      .object({
        name: text('Le nom de l’association').meta(
          doc('Nom de l’association, imprimé sur le reçu.', 'Name printed on the receipt.'),
        ),
        registrationNumber: RegistrationNumberSchema.meta(
          doc(
            'SIREN, ou à défaut numéro RNA : `{"kind":"SIREN","value":"123456789"}` ou `{"kind":"RNA","value":"W123456789"}`.',
            'SIREN, or else RNA number: `{"kind":"SIREN","value":"123456789"}` or `{"kind":"RNA","value":"W123456789"}`.',
          ),
        ),
        address: PostalAddressSchema.meta(
          doc(
            'Adresse du siège, imprimée sur le reçu.',
            'Registered address, printed on the receipt.',
          ),
        ),
        object: text('L’objet de l’association').meta(
          doc(
            'Objet de l’association (tel que dans les statuts), imprimé sur le reçu.',
            'The association’s purpose (as in its statutes), printed on the receipt.',
          ),
        ),
        organismeType: z
          .enum(['association-loi-1901', 'association-rup', 'fondation', 'autre'])
          .meta(
            doc(
              'Case cochée sur le reçu : `association-loi-1901`, `association-rup` (association ou fondation reconnue d’utilité publique), `fondation` (fondation d’entreprise) ou `autre` (« Autres (précisez) », précisé dans `organismeTypeDetail`).',
              'Box ticked on the receipt: `association-loi-1901`, `association-rup` (association or foundation recognised of public utility), `fondation` (« fondation d’entreprise ») or `autre` (« Autres (précisez) », spelt out in `organismeTypeDetail`).',
            ),
          ),
        organismeTypeDetail: z
          .string()
          .optional()
          .meta(
            doc(
              'Précision imprimée avec la case : pour `autre`, ce que vous êtes (ex. « fonds de dotation ») ; pour `association-rup`, le décret de reconnaissance ; pour `fondation`, remplace le libellé « Fondation d’entreprise ». Inutile pour `association-loi-1901`.',
              'Detail printed with the box: for `autre`, what you are (e.g. « fonds de dotation »); for `association-rup`, the decree of recognition; for `fondation`, replaces the « Fondation d’entreprise » wording. Unused for `association-loi-1901`.',
            ),
          ),
        signatory: z
          .object({
            name: text('Le nom du signataire').meta(
              doc('Prénom et nom du signataire.', 'The signatory’s full name.'),
            ),
            capacity: text('La qualité du signataire').meta(
              doc('Sa qualité (ex. « Trésorière »).', 'Their capacity (e.g. « Trésorière »).'),
            ),
          })
          .meta(
            doc(
              'La personne qui signe les reçus au nom de l’association.',
              'The person who signs receipts for the association.',
            ),
          ),
        /** PNG file, relative to the config file, printed as the signature. */
        signatureImagePath: z
          .string()
          .optional()
          .meta(
            doc(
              'Image PNG de la signature, chemin relatif au fichier de configuration. Choisissez ceci ou `typedSignature`, pas les deux.',
              'PNG image of the signature, relative to the configuration file. Choose this or `typedSignature`, not both.',
            ),
          ),
        /**
         * Says explicitly that receipts are signed with the signatory's typed name only (no
         * image). Without it, real receipts need `signatureImagePath`.
         */
        typedSignature: z
          .boolean()
          .default(false)
          .meta(
            doc(
              '`true` : les reçus portent seulement le nom tapé du signataire, sans image. Sans cela, les vrais reçus exigent `signatureImagePath`.',
              '`true`: receipts carry the signatory’s typed name only, no image. Without it, real receipts need `signatureImagePath`.',
            ),
          ),
      })
      .meta(
        doc(
          'L’identité imprimée sur chaque reçu. Les valeurs d’exemple (SIREN 000000000, « À renseigner ») bloquent les vrais reçus tant qu’elles restent.',
          'The identity printed on every receipt. Placeholder values (SIREN 000000000, « À renseigner ») block real receipts while they remain.',
        ),
      ),
    mail: z
      .object({
        from: text('L’expéditeur des e-mails').meta(
          doc(
            'Adresse d’expéditeur des e-mails de reçu (ex. `Le Labo <recus@exemple.org>`).',
            'Sender address of the receipt emails (e.g. `Le Labo <recus@exemple.org>`).',
          ),
        ),
        replyTo: z
          .string()
          .optional()
          .meta(
            doc(
              'Adresse qui reçoit les réponses des donateurs, si ce n’est pas l’expéditeur.',
              'Address that gets the donors’ replies, when not the sender.',
            ),
          ),
      })
      .meta(doc('Les e-mails envoyés aux donateurs.', 'The emails sent to donors.')),
    helloAsso: z
      .object({
        organizationSlug: text('Le slug HelloAsso de l’organisation').meta(
          doc(
            'Le slug HelloAsso de l’association : la partie de son adresse HelloAsso après /associations/ (pour https://www.helloasso.com/associations/le-labo-de-l-ess, c’est `le-labo-de-l-ess`).',
            'The association’s HelloAsso slug: the part of its HelloAsso address after /associations/ (for https://www.helloasso.com/associations/le-labo-de-l-ess, `le-labo-de-l-ess`).',
          ),
        ),
        /** Custom fields that carry company data on organisation tiers. */
        companyFields: z
          .object({
            companyName: CustomFieldRefSchema.optional().meta(
              doc('Champ qui porte la raison sociale.', 'Field that carries the company name.'),
            ),
            siren: CustomFieldRefSchema.optional().meta(
              doc('Champ qui porte le SIREN ou SIRET.', 'Field that carries the SIREN or SIRET.'),
            ),
            legalForm: CustomFieldRefSchema.optional().meta(
              doc(
                'Champ qui porte la forme juridique (SAS, SARL, association…) : elle décide si le reçu 16216 est possible.',
                'Field that carries the legal form (SAS, SARL, association…): it decides whether a 16216 receipt is possible.',
              ),
            ),
            budget: CustomFieldRefSchema.optional().meta(
              doc(
                'Champ qui porte la tranche de budget, comparée à `tiers[].budget`.',
                'Field that carries the budget bracket, compared with `tiers[].budget`.',
              ),
            ),
            /**
             * A yes/no question « soumise à l’impôt sur le revenu ou sur les sociétés ? ». Without
             * it, the answer is derived from the legal form.
             */
            subjectToTax: CustomFieldRefSchema.optional().meta(
              doc(
                'Question oui/non « soumise à l’impôt sur le revenu ou sur les sociétés ? ». Sans elle, la réponse est déduite de la forme juridique.',
                'A yes/no question « soumise à l’impôt sur le revenu ou sur les sociétés ? ». Without it, the answer is derived from the legal form.',
              ),
            ),
          })
          .default({})
          .meta(
            doc(
              'Les champs personnalisés des formulaires HelloAsso qui portent les données de l’entreprise sur les paliers `organisation`, chacun désigné par `id` et/ou `name`.',
              'The custom fields of the HelloAsso forms that carry company data on `organisation` tiers, each by `id` and/or `name`.',
            ),
          ),
      })
      .meta(doc('L’association sur HelloAsso.', 'The association on HelloAsso.')),
    tiers: z
      .array(TierSchema)
      .min(1, 'au moins un palier est nécessaire')
      .meta(
        doc(
          'Les paliers d’adhésion (au moins un) : prix, payeur, taux, reconnaissance et validité.',
          'The membership tiers (at least one): price, payer, rate, matching and validity.',
        ),
      ),
    counterpartRules: CounterpartRulesSchema.default(DEFAULT_COUNTERPART_RULES).meta(
      doc(
        'Plafond annuel daté des biens de faible valeur (« disproportion marquée »). Sans ce réglage, les règles fiscales datées du produit s’appliquent (73 € depuis le 1er janvier 2021 ; sa réévaluation due au 1er janvier 2026 n’a pas été trouvée, voir docs/tax-rules.md). Indiquez-le une fois le chiffre vérifié sur le BOFiP : il s’applique aux dons faits à partir de `since`.',
        'Dated yearly cap on low-value goods (« disproportion marquée »). Without it, the product’s dated tax rules apply (73 € from 1 January 2021; its revaluation due on 1 January 2026 was not found, see docs/tax-rules.md). Set it once you have checked the figure on the BOFiP: it applies to gifts made from `since`.',
      ),
    ),
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
          .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date attendue au format MM-JJ')
          .meta(
            doc(
              'Premier jour de l’exercice, au format MM-JJ : "07-01" pour un exercice clos le 30 juin.',
              'First day of the financial year as MM-DD: "07-01" when accounts close on 30 June.',
            ),
          ),
      })
      .optional()
      .meta(
        doc(
          'Début de l’exercice comptable des entreprises membres, pour que leur reçu récapitulatif annuel ne chevauche pas deux exercices. Absent : l’année civile est supposée, et `receipts annual --dry-run` le dit.',
          'Where the member companies’ financial year starts, so that their yearly summary receipt never straddles two financial years. Absent: the calendar year is assumed, and `receipts annual --dry-run` says so.',
        ),
      ),
    donations: z
      .object({
        /** Extra donation items of a membership order give a receipt. */
        eligible: z
          .boolean()
          .default(true)
          .meta(
            doc(
              'Les dons ajoutés à une adhésion donnent un reçu.',
              'Extra donation items of a membership order get a receipt.',
            ),
          ),
      })
      .default({ eligible: true })
      .meta(doc('Les dons.', 'Donations.')),
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
          .default('per-payment')
          .meta(
            doc(
              '`per-payment` : un reçu envoyé par e-mail dès chaque paiement reçu (chaque échéance a le sien). `annual` : pas de reçu au paiement ; la trésorière émet un reçu récapitulatif par donateur pour l’année avec `npm run receipts -- annual`.',
              '`per-payment`: a receipt emailed as soon as each payment is received (each instalment gets its own). `annual`: no receipt at payment time; the treasurer issues one summary receipt per donor for the year with `npm run receipts -- annual`.',
            ),
          ),
        giftForm: z
          .enum(['declaration-don-manuel', 'autres'])
          .default('declaration-don-manuel')
          .meta(
            doc(
              'Forme du don cochée sur le reçu : « Déclaration de don manuel » ou « Autres ».',
              'Form of the gift ticked on the receipt: « Déclaration de don manuel » or « Autres ».',
            ),
          ),
        cerfa: z
          .object({
            individual: z
              .object({
                number: z
                  .string()
                  .meta(doc('Numéro du Cerfa (ex. 11580*05).', 'Cerfa number (e.g. 11580*05).')),
                formCode: z
                  .string()
                  .meta(doc('Code du formulaire (ex. 2041-RD).', 'Form code (e.g. 2041-RD).')),
              })
              .meta(doc('Reçu des particuliers.', 'Receipt for individuals.')),
            company: z
              .object({
                number: z
                  .string()
                  .meta(doc('Numéro du Cerfa (ex. 16216*02).', 'Cerfa number (e.g. 16216*02).')),
                formCode: z
                  .string()
                  .meta(
                    doc('Code du formulaire (ex. 2041-MEC-SD).', 'Form code (e.g. 2041-MEC-SD).'),
                  ),
              })
              .meta(doc('Reçu des entreprises.', 'Receipt for companies.')),
          })
          .default({
            individual: { number: '11580*05', formCode: '2041-RD' },
            company: { number: '16216*02', formCode: '2041-MEC-SD' },
          })
          .meta(
            doc(
              'Numéros des Cerfa imprimés, réglages datés : à changer seulement quand l’administration publie une nouvelle version.',
              'Cerfa numbers printed, as dated settings: change them only when the administration publishes a new version.',
            ),
          ),
      })
      .meta(doc('Quand et comment les reçus sont émis.', 'When and how receipts are issued.'))
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
    reportSameLabels(ctx, config.tiers)
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

/**
 * Two tiers whose labels read the same once accents, case and punctuation go: matching takes the
 * first, silently. (The same label twice in one tier is harmless.)
 */
function reportSameLabels(ctx: z.RefinementCtx, tiers: Tier[]): void {
  const seen = new Map<string, { label: string; tier: Tier }>()
  tiers.forEach((tier, index) => {
    for (const label of new Set(tier.match.labels)) {
      const key = normalizeLabel(label)
      const first = seen.get(key)
      if (first && first.tier !== tier) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'match', 'labels'],
          message: `le libellé « ${label} » du palier « ${tier.label} » se lit comme « ${first.label} » du palier « ${first.tier.label} » (accents, casse et ponctuation ne comptent pas) : un paiement irait au premier`,
        })
      } else if (!first) seen.set(key, { label, tier })
    }
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
