import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { type BuiltApp, buildApp } from '../../../infra/build-app.js'
import {
  type DeploymentConfig,
  type DeploymentInput,
  parseDeploymentConfig,
} from '../../../infra/deployment-config.js'
import type { ServiceStack } from '../../../infra/service-stack.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const DEPLOYMENTS_DIR = join(ROOT, 'infra', 'deployments')

/** A deployment like infra/deployments/dev.json, with the test's own stage. */
export const TEST_DEPLOYMENT: DeploymentInput = {
  stage: 'test',
  region: 'eu-west-3',
  account: '123456789012',
  associationConfig: 'dev.association.json',
  alarmEmail: 'alertes@example.org',
  senderIdentity: 'example.org',
  helloAsso: { clientId: 'test-client-id', environment: 'production', verifySignature: true },
}

export interface SynthesizedApp extends BuiltApp {
  deployment: DeploymentConfig
  assembly: CloudAssembly
  outdir: string
  dataTemplate: Template
  serviceTemplate: Template
}

/**
 * The app as `npm run synth` builds it (cdk.json's context and feature flags, cdk-nag on), into
 * a temporary cloud assembly. The built-in CloudFormation validation is off: it costs seconds
 * per synth and checks CDK rather than us (`npm run synth` in CI keeps it). Bundling the four
 * functions costs seconds too: only the bundle test asks for it; elsewhere CDK stages the
 * assets without building them (`aws:cdk:bundling-stacks` empty), the templates are the same.
 */
export function synthApp(
  options: {
    bundle?: boolean
    deployment?: Partial<DeploymentInput>
    /** Adds constructs to the service stack before the synth. */
    extend?: (service: ServiceStack) => void
  } = {},
): SynthesizedApp {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>
  }
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-test-'))
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: {
      ...cdkJson.context,
      // With bundling, the template names each function's asset folder (aws:asset:path).
      ...(options.bundle
        ? { 'aws:cdk:enable-asset-metadata': true }
        : { 'aws:cdk:bundling-stacks': [] }),
    },
  })
  const deployment = parseDeploymentConfig(
    { ...TEST_DEPLOYMENT, ...options.deployment },
    DEPLOYMENTS_DIR,
  )
  const built = buildApp(app, deployment)
  options.extend?.(built.service)
  // Throws when cdk-nag (or any validation plugin) reports an unacknowledged finding.
  const assembly = app.synth()
  return {
    ...built,
    deployment,
    assembly,
    outdir,
    dataTemplate: Template.fromStack(built.data),
    serviceTemplate: Template.fromStack(built.service),
  }
}
