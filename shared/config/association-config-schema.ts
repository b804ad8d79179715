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
/**
 * A field's description in the published JSON Schema: French in `description`, which the
 * treasurer's editor shows on hover, English in `x-description-en`, which the README's
 * configuration reference is generated from (`npm run schema`).
 */
const doc = (fr: string, en: string) => ({ description: fr, 'x-description-en': en })

export const PostalAddressSchema = z.object({
  street: text('La rue').meta(doc('Numéro et rue.', 'Street number and name.')),
  postalCode: text('Le code postal').meta(doc('Code postal.', 'Postcode.')),
  city: text('La commune').meta(doc('Commune.', 'Town.')),
  country: text('Le pays')
    .default('France')
    .meta(doc('Pays (France par défaut).', 'Country (France by default).')),
})

export const RegistrationNumberSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('SIREN').meta(doc('Numéro SIREN (INSEE).', 'A SIREN number (INSEE).')),
    value: z
      .string()
      .regex(/^\d{9}$/, 'un SIREN a 9 chiffres, sans espaces')
      .meta(doc('Les 9 chiffres du SIREN, sans espaces.', 'The 9 digits, no spaces.')),
  }),
  z.object({
    kind: z
      .literal('RNA')
      .meta(
        doc(
          'Numéro RNA (répertoire national des associations), pour une association sans SIREN.',
          'An RNA number (national register of associations), for an association without a SIREN.',
        ),
      ),
    value: z
      .string()
      .regex(/^W\d{9}$/, 'un numéro RNA est un W suivi de 9 chiffres')
      .meta(doc('W suivi de 9 chiffres.', 'W followed by 9 digits.')),
  }),
])

/** A HelloAsso custom field, by id (stable) and/or name (changes when the form is edited). */
export const CustomFieldRefSchema = z
  .object({
    id: z
      .number()
      .int()
      .positive()
      .optional()
      .meta(
        doc(
          'Id du champ sur HelloAsso (stable, affiché par `check-config`).',
          'The field’s HelloAsso id (stable; `check-config` prints it).',
        ),
      ),
    name: z
      .string()
      .min(1)
      .optional()
      .meta(
        doc(
          'Libellé de la question sur le formulaire HelloAsso (change si le formulaire est modifié).',
          'The question’s wording on the HelloAsso form (changes when the form is edited).',
        ),
      ),
  })
  .refine((ref) => ref.id !== undefined || ref.name !== undefined, {
    message: 'indiquez l’id ou le nom du champ HelloAsso',
  })
export type CustomFieldRef = z.infer<typeof CustomFieldRefSchema>

export const ValidityRuleSchema = z.discriminatedUnion('kind', [
  /** "Année glissante": N months from the payment date. */
  z.object({
    kind: z
      .literal('rolling-months')
      .meta(
        doc(
          'Année glissante : valable N mois à partir de la date du paiement.',
          'Rolling: valid N months from the payment date.',
        ),
      ),
    months: z
      .number()
      .int()
      .min(1)
      .max(120)
      .meta(doc('Durée en mois (12 pour un an).', 'Length in months (12 for a year).')),
  }),
  /** 1 January – 31 December of the payment's year. */
  z.object({
    kind: z
      .literal('calendar-year')
      .meta(
        doc(
          'Année civile : du 1er janvier au 31 décembre de l’année du paiement.',
          'Calendar year: 1 January to 31 December of the payment’s year.',
        ),
      ),
  }),
  /** A season starting every year on MM-DD (e.g. 09-01 for September–August). */
  z.object({
    kind: z
      .literal('season')
      .meta(
        doc(
          'Saison : commence chaque année au même jour (ex. septembre–août).',
          'Season: starts every year on the same day (e.g. September–August).',
        ),
      ),
    startMonthDay: z
      .string()
      .regex(/^\d{2}-\d{2}$/)
      .meta(
        doc(
          'Premier jour de la saison, au format MM-JJ (mois-jour) : "09-01" pour le 1er septembre.',
          'First day of the season as MM-DD (month-day): "09-01" for 1 September.',
        ),
      ),
  }),
  /** Fixed dates, as on a HelloAsso "personnalisée" form. */
  z.object({
    kind: z
      .literal('fixed')
      .meta(
        doc(
          'Dates fixes, comme sur un formulaire HelloAsso à période « personnalisée ».',
          'Fixed dates, as on a HelloAsso form with a « personnalisée » period.',
        ),
      ),
    from: isoDay.meta(doc('Premier jour, AAAA-MM-JJ.', 'First day, YYYY-MM-DD.')),
    to: isoDay.meta(doc('Dernier jour, AAAA-MM-JJ.', 'Last day, YYYY-MM-DD.')),
  }),
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
  lowValueCapCents: cents('Le plafond annuel des biens de faible valeur').meta(
    doc(
      'Plafond annuel par personne des biens de faible valeur, en centimes (7300 pour 73 €).',
      'Yearly cap per person on low-value goods, in cents (7300 for 73 €).',
    ),
  ),
  since: isoDay.meta(
    doc(
      'Date depuis laquelle ce plafond s’applique, AAAA-MM-JJ.',
      'Date the cap applies from, YYYY-MM-DD.',
    ),
  ),
  source: text('La source du plafond (counterpartRules.source)').meta(
    doc('D’où vient ce chiffre.', 'Where the figure comes from.'),
  ),
})
export type CounterpartRules = z.infer<typeof CounterpartRulesSchema>

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
        'Plafond annuel daté des biens de faible valeur (« disproportion marquée »). Le chiffre n’est pas confirmé (65, 69 ou 73 € selon les sources) : 73 €, le plus récent cité, s’applique tant que vous ne l’avez pas vérifié sur le BOFiP.',
        'Dated yearly cap on low-value goods (« disproportion marquée »). The figure is unconfirmed (65, 69 or 73 € in the sources): 73 €, the latest cited, applies until you check it on the BOFiP.',
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
