import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLocalCore } from '../../functions/local/create-local-core.js'
import { startLocalStack } from '../../functions/local/start-local-stack.js'
import { createAwsCore } from '../../shared/aws/aws-composition.js'
import { loadEnv } from '../../shared/config/env.js'
import { shipAssociationConfig } from '../support/ship-association-config.js'
import { testAssociationConfig } from '../support/test-association-config.js'

/** Issue 11 §6: a verified receipt needs a signature image or an explicit typed name. */
async function configFile(change: (raw: ReturnType<typeof testAssociationConfig>) => void) {
  const raw = testAssociationConfig()
  change(raw)
  const path = join(await mkdtemp(join(tmpdir(), 'identity-')), 'association.json')
  await writeFile(path, JSON.stringify(raw))
  return path
}

describe('real receipts and the signature', () => {
  it('without an image and without "typedSignature": true, the local server and the cold start refuse alike', async () => {
    const path = await configFile((raw) => {
      raw.association.typedSignature = undefined
    })
    const local = startLocalStack(
      loadEnv({
        ASSOCIATION_CONFIG: path,
        HELLOASSO_CLIENT_ID: 'id',
        HELLOASSO_CLIENT_SECRET: 'secret',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
      }),
      createLocalCore,
      { tool: true },
    )
    const message =
      /association\.signatureImagePath \(aucune image de signature : ajoutez-en une, ou écrivez "typedSignature": true/
    await expect(local).rejects.toThrow(message)
    expect(() =>
      createAwsCore({
        ASSOCIATION_CONFIG: shipAssociationConfig(path),
        DEPLOYMENT_STAGE: 'prod',
        TABLE_NAME: 't',
      }),
    ).toThrow(message)
  })

  it('a signature image, or the typed name said explicitly, is enough', async () => {
    const typed = await configFile(() => {})
    expect(
      createAwsCore({
        ASSOCIATION_CONFIG: shipAssociationConfig(typed),
        DEPLOYMENT_STAGE: 'prod',
        TABLE_NAME: 't',
      }).association.config.association.typedSignature,
    ).toBe(true)
    const withImage = await configFile((raw) => {
      raw.association.typedSignature = undefined
      raw.association.signatureImagePath = 'signature.png'
    })
    await writeFile(join(withImage, '..', 'signature.png'), 'png bytes')
    expect(
      createAwsCore({
        ASSOCIATION_CONFIG: shipAssociationConfig(withImage),
        DEPLOYMENT_STAGE: 'prod',
        TABLE_NAME: 't',
      }).association.signatureImagePng,
    ).toBeDefined()
  })
})

describe('the built-in sender', () => {
  it('recus@example.org is a placeholder: a real stage refuses it, naming mail.from', async () => {
    const path = await configFile((raw) => {
      raw.mail.from = 'Réseau Tiers-Lieux Drôme <recus@example.org>'
    })
    expect(() =>
      createAwsCore({
        ASSOCIATION_CONFIG: shipAssociationConfig(path),
        DEPLOYMENT_STAGE: 'prod',
        TABLE_NAME: 't',
      }),
    ).toThrow(/- mail\.from \(valeur d’exemple\)/)
  })
})
