import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
