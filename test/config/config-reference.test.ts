import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import {
  CONFIG_REFERENCE_END,
  CONFIG_REFERENCE_START,
  configReferenceMarkdown,
  type JsonSchemaNode,
  undocumentedProperties,
  withConfigReference,
} from '../../shared/config/config-reference.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import {
  associationConfigJsonSchema,
  associationConfigJsonSchemaText,
  configDocPath,
  jsonSchemaPath,
  withRegeneratedConfigReference,
} from '../../shared/config/write-json-schema.js'

const schema = () => associationConfigJsonSchema() as JsonSchemaNode

describe('configuration reference (JSON Schema descriptions and docs/configuration.md)', () => {
  it('the committed JSON Schema is what `npm run schema` writes from the zod schema', async () => {
    expect(await readFile(jsonSchemaPath, 'utf8')).toBe(associationConfigJsonSchemaText())
  })

  it('docs/configuration.md’s reference is what `npm run schema` writes', async () => {
    const readme = await readFile(configDocPath, 'utf8')
    expect(readme).toContain(CONFIG_REFERENCE_START)
    expect(readme).toBe(withRegeneratedConfigReference(readme))
  })

  it('every property of the JSON Schema is described in French and in English', () => {
    expect(undocumentedProperties(schema())).toEqual([])
    const described = JSON.stringify(schema()).match(/"x-description-en"/g) ?? []
    expect(described.length).toBeGreaterThan(80)
  })

  it('finds a property described in one language only, in nested objects, arrays and unions', () => {
    const node: JsonSchemaNode = {
      type: 'object',
      properties: {
        ok: { type: 'string', description: 'fr', 'x-description-en': 'en' },
        frOnly: { type: 'string', description: 'fr' },
        nested: {
          type: 'object',
          description: 'fr',
          'x-description-en': 'en',
          properties: { enOnly: { type: 'string', 'x-description-en': 'en' } },
        },
        list: {
          type: 'array',
          description: 'fr',
          'x-description-en': 'en',
          items: { type: 'object', properties: { inner: { 'x-description-en': 'en' } } },
        },
        union: {
          description: 'fr',
          'x-description-en': 'en',
          oneOf: [{ type: 'object', properties: { kind: { const: 'a' } } }],
        },
      },
    }
    expect(undocumentedProperties(node)).toEqual([
      'frOnly',
      'nested.enOnly',
      'list.inner',
      'union.kind',
    ])
  })

  it('documents the fields a treasurer asks about, in plain words', () => {
    const block = configReferenceMarkdown(schema())
    expect(block).toMatch(/`helloAsso\.organizationSlug` .*after \/associations\//)
    expect(block).toMatch(/`tiers\[\]\.match\.tierIds` .*`npm run receipts -- setup`/)
    expect(block).toMatch(/`tiers\[\]\.validity\.startMonthDay` \(string, required\): .*MM-DD/)
    expect(block).toMatch(/`tiers\[\]\.amountCents` \(integer ≥ 0, required\): .*5000 for 50 €/)
    expect(block).toContain('`receiptPolicy.mode` (`"per-payment"` | `"annual"`, default')
    expect(block).toContain('`tiers[].receipt.kind`: `"none"`')
    const fr = JSON.stringify(schema())
    expect(fr).toContain('la partie de son adresse HelloAsso après /associations/')
    expect(fr).toContain('au format MM-JJ')
  })

  it('refuses a README without the markers instead of writing nowhere', () => {
    expect(() => withConfigReference('# README\n', 'block')).toThrow(CONFIG_REFERENCE_END)
  })

  it('a configuration that names the JSON Schema with "$schema" still loads', async () => {
    const example = JSON.parse(await readFile('examples/club-sportif.json', 'utf8'))
    const withSchema = { $schema: '../shared/config/association-config.schema.json', ...example }
    expect(parseAssociationConfig(withSchema, 'test').id).toBe(example.id)
  })
})
