import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createAwsCore } from '../../shared/aws/aws-composition.js'
import { shipAssociationConfig } from '../support/ship-association-config.js'
import { writeTestConfigFile } from '../support/write-test-config-file.js'

/** What every Lambda runs first at cold start (createAwsCore), with the stage infra gives it. */
const DEV_ASSOCIATION = shipAssociationConfig(
  fileURLToPath(new URL('../../infra/deployments/dev.association.json', import.meta.url)),
)
const coldStart = (env: Record<string, string>) => () =>
  createAwsCore({ TABLE_NAME: 'table', AWS_REGION: 'eu-west-3', ...env })

describe('Lambda cold start: the association identity', () => {
  it('refuses the placeholder identity on a real stage, with the same message as locally', () => {
    const start = coldStart({ ASSOCIATION_CONFIG: DEV_ASSOCIATION, DEPLOYMENT_STAGE: 'prod' })
    expect(start).toThrow(/Les reçus réels exigent l’identité réelle de l’association/)
    expect(start).toThrow(/association\.registrationNumber/)
    expect(start).toThrow(/association\.address\.postalCode/)
    // No stage said: not a dev stage, refused too.
    expect(coldStart({ ASSOCIATION_CONFIG: DEV_ASSOCIATION })).toThrow(/identité réelle/)
  })

  it('lets a dev stage run with the placeholders, and a real stage with a real identity', async () => {
    const dev = coldStart({ ASSOCIATION_CONFIG: DEV_ASSOCIATION, DEPLOYMENT_STAGE: 'dev' })()
    expect(dev.association.config.id).toBe('le-labo-de-l-ess')
    const real = coldStart({
      ASSOCIATION_CONFIG: shipAssociationConfig(await writeTestConfigFile()),
      DEPLOYMENT_STAGE: 'prod',
    })()
    expect(real.association.config.id).toBe('rtld')
  })

  it('reads only the config the CDK app validated at synth, never a hand-written file', async () => {
    const raw = await writeTestConfigFile()
    expect(coldStart({ ASSOCIATION_CONFIG: raw, DEPLOYMENT_STAGE: 'dev' })).toThrow(
      /was not written by the CDK app's synth-time validation/,
    )
    expect(coldStart({ DEPLOYMENT_STAGE: 'dev' })).toThrow(/ASSOCIATION_CONFIG/)
  })
})
