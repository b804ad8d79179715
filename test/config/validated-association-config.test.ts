import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  loadAssociationConfig,
  parseAssociationConfig,
} from '../../shared/config/load-association-config.js'
import { readValidatedAssociationConfig } from '../../shared/config/validated-association-config.js'
import { shipAssociationConfig } from '../support/ship-association-config.js'
import { writeTestConfigFile } from '../support/write-test-config-file.js'

const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url))
const EXAMPLES = readdirSync(path('examples')).filter((name) => name.endsWith('.json'))

/**
 * The Lambdas read the config the CDK app validated at synth, without zod: it must be the very
 * config that the full schema gives, the one the local server and every test run on.
 */
describe('the association config as the Lambdas read it', () => {
  it.each([
    'infra/deployments/dev.association.json',
    ...EXAMPLES.map((name) => `examples/${name}`),
  ])('%s: what the cold start reads equals what the schema parses', (file) => {
    const parsed = loadAssociationConfig(path(file))
    const shipped = readValidatedAssociationConfig(shipAssociationConfig(path(file)))
    expect(shipped.config).toEqual(parsed.config)
    expect(shipped.signatureImagePng).toEqual(parsed.signatureImagePng)
    // The schema's output is a fixed point: parsing it again changes nothing.
    expect(parseAssociationConfig(JSON.parse(JSON.stringify(parsed.config)), file)).toEqual(
      parsed.config,
    )
  })

  it('the test association too', async () => {
    const file = await writeTestConfigFile()
    expect(readValidatedAssociationConfig(shipAssociationConfig(file)).config).toEqual(
      loadAssociationConfig(file).config,
    )
  })
})
