import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { deductibilitySummary } from '../../shared/config/deductibility-summary.js'
import { defaultAssociationConfig } from '../../shared/config/default-association-config.js'
import {
  loadAssociationConfig,
  parseAssociationConfig,
  placeholderFields,
} from '../../shared/config/load-association-config.js'
import { associationConfigJsonSchema } from '../../shared/config/write-json-schema.js'
import { AppError } from '../../shared/errors.js'
import { testAssociationConfig } from '../support/test-association-config.js'

describe('association configuration', () => {
  it('the built-in profile is Le Labo de l’ESS with its five tiers, matched by label', () => {
    const { config, source } = loadAssociationConfig(undefined)
    expect(source).toMatch(/built-in/)
    expect(config.helloAsso.organizationSlug).toBe('le-labo-de-l-ess')
    expect(
      config.tiers.map((t) => [
        t.amountCents,
        t.payerKind,
        t.reductionRatePercent,
        t.advertisedCostCents,
      ]),
    ).toEqual([
      [5000, 'individual', 66, 1700],
      [2500, 'individual', 66, 850],
      [50000, 'organisation', 60, 20000],
      [100000, 'organisation', 60, 40000],
      [250000, 'organisation', 60, 100000],
    ])
    expect(
      config.tiers.every((t) => t.match.tierIds.length === 0 && t.match.labels.length > 0),
    ).toBe(true)
    expect(placeholderFields(config)).toContain('association.registrationNumber')
  })

  it('refuses a schedule whose advertised cost is not amount × (1 − rate), naming the field', () => {
    const raw = structuredClone(defaultAssociationConfig) as {
      tiers: { advertisedCostCents?: number }[]
    }
    const second = raw.tiers[1] as { advertisedCostCents?: number }
    second.advertisedCostCents = 900
    expect(() => parseAssociationConfig(raw, 'test.json')).toThrow(
      /850 centimes[\s\S]*tiers\[1\]\.advertisedCostCents/,
    )
  })

  it.each([
    ['a float amount', ['tiers', 0, 'amountCents'], 50.5, /tiers\[0\]\.amountCents/],
    [
      'a bad SIREN',
      ['association', 'registrationNumber'],
      { kind: 'SIREN', value: '12 34' },
      /registrationNumber/,
    ],
    ['an unknown payer kind', ['tiers', 2, 'payerKind'], 'company', /tiers\[2\]\.payerKind/],
    [
      'a duplicated tier id',
      ['tiers', 1, 'match', 'tierIds'],
      [16402811],
      /id de palier HelloAsso en double/,
    ],
    ['no tiers', ['tiers'], [], /au moins un palier/],
    [
      'an art. 238 bis rate on an individual tier',
      ['tiers', 0, 'reductionRatePercent'],
      60,
      /article 200 du CGI : 66[\s\S]*tiers\[0\]\.reductionRatePercent/,
    ],
    [
      'an art. 200 rate on an organisation tier',
      ['tiers', 2, 'reductionRatePercent'],
      66,
      /article 238 bis du CGI : 60[\s\S]*tiers\[2\]\.reductionRatePercent/,
    ],
    [
      'a 0 % tier that still asks for a receipt',
      ['tiers', 1, 'reductionRatePercent'],
      0,
      /"receipt": \{ "kind": "none"[\s\S]*tiers\[1\]\.reductionRatePercent/,
    ],
    [
      'a tier without receipt that promises a reduction',
      ['tiers', 1, 'receipt'],
      { kind: 'none', reason: 'accès aux locaux' },
      /sans reçu[\s\S]*tiers\[1\]\.reductionRatePercent/,
    ],
    [
      'a tier without receipt and no reason',
      ['tiers', 1, 'receipt'],
      { kind: 'none' },
      /tiers\[1\]\.receipt\.reason/,
    ],
    [
      'a counterpart of an unknown kind',
      ['tiers', 0, 'counterparts'],
      [{ description: 'revue', valueCents: 800, kind: 'service' }],
      /"symbolic" ou "goods"[\s\S]*tiers\[0\]\.counterparts\[0\]\.kind/,
    ],
    [
      'a counterpart cap without its source',
      ['counterpartRules'],
      { lowValueCapCents: 7300, since: '2023-01-01' },
      /counterpartRules\.source/,
    ],
    [
      'both a signature image and a typed signature',
      ['association', 'signatureImagePath'],
      'signature.png',
      /pas les deux[\s\S]*association\.typedSignature/,
    ],
    [
      'a company financial year that is not a day',
      ['companyFinancialYear'],
      { startMonthDay: '13-01' },
      /companyFinancialYear\.startMonthDay/,
    ],
  ] as const)('refuses %s with a message naming the field', (_name, path, value, message) => {
    const raw = testAssociationConfig()
    setPath(raw, path, value)
    const attempt = () => parseAssociationConfig(raw, 'test.json')
    expect(attempt).toThrow(AppError)
    expect(attempt).toThrow(message)
  })

  it('ASSOCIATION_CONFIG replaces the built-in profile; unreadable or invalid files are refused clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'config-'))
    const good = join(dir, 'asso.json')
    await writeFile(good, JSON.stringify(testAssociationConfig()))
    expect(loadAssociationConfig(good).config.id).toBe('rtld')
    const bad = join(dir, 'bad.json')
    await writeFile(bad, '{ not json')
    expect(() => loadAssociationConfig(bad)).toThrow(/n’est pas du JSON valide/)
    expect(() => loadAssociationConfig(join(dir, 'missing.json'))).toThrow(/impossible de lire/)
  })

  it('keeps the built-in profile and infra’s dev file valid, with the documented defaults', async () => {
    const dev = JSON.parse(
      await readFile(
        new URL('../../infra/deployments/dev.association.json', import.meta.url),
        'utf8',
      ),
    )
    for (const config of [
      loadAssociationConfig(undefined).config,
      parseAssociationConfig(dev, 'dev.association.json'),
    ]) {
      expect(config.tiers.every((t) => t.receipt.kind === 'tax-receipt')).toBe(true)
      expect(config.tiers.every((t) => t.counterparts.length === 0)).toBe(true)
      expect(config.counterpartRules).toMatchObject({ lowValueCapCents: 7300, since: '2021-01-01' })
      expect(config.companyFinancialYear).toBeUndefined()
      expect(config.association.typedSignature).toBe(false)
      expect(placeholderFields(config)).toEqual(
        expect.arrayContaining(['association.address.postalCode', 'association.signatory.name']),
      )
    }
  })

  it('explains, tier by tier, what is deductible and why', () => {
    const raw = testAssociationConfig()
    raw.tiers = [
      ...raw.tiers.slice(0, 3),
      {
        key: 'club',
        label: 'Club',
        payerKind: 'individual',
        amountCents: 3000,
        reductionRatePercent: 0,
        receipt: { kind: 'none', reason: 'la cotisation paie l’accès aux ateliers' },
        match: { labels: ['Club'] },
        validity: { kind: 'calendar-year' },
      },
      {
        key: 'formation',
        label: 'Adhésion + formations',
        payerKind: 'individual',
        amountCents: 12000,
        reductionRatePercent: 66,
        counterparts: [{ description: 'formations', valueCents: 8000, kind: 'goods' }],
        deductibleShare: { amountCents: 4000, reason: 'cotisation statutaire seule' },
        match: { labels: ['Adhésion + formations'] },
        validity: { kind: 'calendar-year' },
      },
      {
        key: 'tshirt',
        label: 'Adhésion + T-shirt',
        payerKind: 'individual',
        amountCents: 5000,
        reductionRatePercent: 66,
        counterparts: [{ description: 'T-shirt', valueCents: 1500, kind: 'goods' }],
        match: { labels: ['Adhésion + T-shirt'] },
        validity: { kind: 'calendar-year' },
      },
    ]
    const lines = deductibilitySummary(parseAssociationConfig(raw, 'test'))
    expect(lines[0]).toBe(
      'Adhésion individuelle (50,00 €, particulier) : reçu Cerfa 11580 (article 200 du CGI, réduction de 66 %) de 50,00 € par adhésion — aucune contrepartie déclarée.',
    )
    expect(lines[2]).toMatch(
      /^Structure < 100 k€ \(500,00 €, organisation\) : reçu Cerfa 16216 .* Seulement si l’organisation est une entreprise soumise à l’IR ou à l’IS, d’après la forme juridique \(« Forme juridique »\)/,
    )
    expect(lines[3]).toMatch(
      /^Club \(30,00 €, particulier\) : aucun reçu fiscal — la cotisation paie/,
    )
    expect(lines[4]).toMatch(
      /de 40,00 € par adhésion — part déductible documentée : 40,00 € sur 120,00 €/,
    )
    expect(lines[5]).toMatch(
      /pas de reçu fiscal, chaque paiement attendra en revue\. .*plus de 25 %/,
    )
    expect(lines.at(-2)).toMatch(
      /73,00 € par personne, depuis le 01\/01\/2021 \(source : admical.org.*— à vérifier : la réévaluation due au 1er janvier 2026/,
    )
    expect(lines.at(-1)).toMatch(
      /^Règles fiscales appliquées : version du \d\d\/\d\d\/\d{4}\. Taux : 66 %/,
    )
  })

  it('is published as JSON Schema, in sync with the committed file', async () => {
    const schema = associationConfigJsonSchema() as { properties: Record<string, unknown> }
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['id', 'association', 'helloAsso', 'tiers', 'receiptPolicy']),
    )
    const committed = await import('../../shared/config/association-config.schema.json', {
      with: { type: 'json' },
    })
    expect(JSON.parse(JSON.stringify(committed.default))).toEqual(
      JSON.parse(JSON.stringify(schema)),
    )
  })
})

function setPath(target: unknown, path: readonly (string | number)[], value: unknown): void {
  const parent = path
    .slice(0, -1)
    .reduce((node, key) => (node as Record<string | number, unknown>)[key], target)
  ;(parent as Record<string | number, unknown>)[path[path.length - 1] as string | number] = value
}
