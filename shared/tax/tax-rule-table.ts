/**
 * The French tax rules the product states, as dated data: each figure with the first day of the
 * gifts it applies to (a Paris day) and where it comes from (docs/tax-rules.md). A new figure is
 * a new line with its own `from`; nothing is ever edited in place, so a receipt issued under an
 * older figure still says which one applied (its `taxRules.versions`). The table starts on
 * 1 January 2021: no receipt of this product covers an earlier gift, and an earlier day reads
 * the first lines.
 */
export interface DatedFigure {
  /** First Paris day (YYYY-MM-DD) of the gifts it applies to. */
  from: string
  value: number
  /** Where the figure comes from, in French (check-config and `receipts tax-rules` print it). */
  source: string
  /** False while no official text confirming the figure was found. */
  confirmed: boolean
  /** What is pending about it, in French. */
  note?: string
}

export type TaxRuleName =
  | 'individualRatePercent'
  | 'individualIncomeLimitPercent'
  | 'colucheRatePercent'
  | 'colucheCeilingCents'
  | 'companyRatePercent'
  | 'companyCeilingCents'
  | 'companyCeilingPerMille'
  | 'counterpartCapCents'

export const TAX_RULE_TABLE: Readonly<Record<TaxRuleName, readonly DatedFigure[]>> = {
  /** Art. 200: 66 % of what individuals give, within 20 % of their taxable income. */
  individualRatePercent: [
    {
      from: '2021-01-01',
      value: 66,
      source: 'article 200-1 du CGI ; BOI-IR-RICI-250-30',
      confirmed: true,
    },
  ],
  /** Gifts counted up to 20 % of the taxable income; the excess is carried over five years. */
  individualIncomeLimitPercent: [
    {
      from: '2021-01-01',
      value: 20,
      source: 'article 200-1 du CGI ; BOI-IR-RICI-250-30',
      confirmed: true,
    },
  ],
  /** Art. 200-1 ter (« Coluche »): bodies helping people in difficulty. */
  colucheRatePercent: [
    {
      from: '2021-01-01',
      value: 75,
      source: 'article 200-1 ter du CGI ; BOI-IR-RICI-250-30',
      confirmed: true,
    },
  ],
  /** The yearly amount of such gifts that gets 75 %; above it, 66 %. */
  colucheCeilingCents: [
    {
      from: '2021-01-01',
      value: 100_000,
      source:
        'article 200-1 ter du CGI ; plafond de 1 000 € rendu permanent par la loi de finances pour 2025 (loi 2025-127, art. 5 et 6)',
      confirmed: true,
    },
    {
      from: '2025-10-14',
      value: 200_000,
      source:
        'loi de finances pour 2026, promulguée le 20 février 2026 (article 9 du projet) : 2 000 € pour les dons faits à compter du 14 octobre 2025',
      confirmed: true,
      note: 'relevé dans la presse spécialisée (jhp.fr, moneyvox, legifiscal) ; numéro de la loi et référence au Journal officiel non relevés',
    },
  ],
  /** Art. 238 bis: 60 % of what companies give. */
  companyRatePercent: [
    {
      from: '2021-01-01',
      value: 60,
      source: 'article 238 bis du CGI (culture.gouv.fr, « Le régime fiscal général »)',
      confirmed: true,
    },
  ],
  /** Gifts counted up to 20 000 € or 5 ‰ of the turnover, whichever is higher. */
  companyCeilingCents: [
    {
      from: '2021-01-01',
      value: 2_000_000,
      source: 'article 238 bis du CGI (culture.gouv.fr, « Le régime fiscal général »)',
      confirmed: true,
    },
  ],
  companyCeilingPerMille: [
    {
      from: '2021-01-01',
      value: 5,
      source: 'article 238 bis du CGI (culture.gouv.fr, « Le régime fiscal général »)',
      confirmed: true,
    },
  ],
  /** « Disproportion marquée »: yearly cap per person on low-value goods given in return. */
  counterpartCapCents: [
    {
      from: '2021-01-01',
      value: 7300,
      source:
        'admical.org : 73 € à compter du 1er janvier 2021, réévalué tous les cinq ans (BOI-IR-RICI-250-20)',
      confirmed: false,
      note: 'la réévaluation due au 1er janvier 2026 n’a pas été trouvée : 73 € reste appliqué ; vérifiez-la sur le BOFiP (BOI-IR-RICI-250-20) et, si le chiffre a changé, indiquez-le dans counterpartRules',
    },
  ],
}
