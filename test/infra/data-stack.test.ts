import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { DataStack, TABLE_LOGICAL_ID } from '../../infra/data-stack.js'
import { createTableInput } from '../../shared/store/table-definition.js'

let template: Template

beforeAll(() => {
  // The built-in CloudFormation validation costs 3–4 s per synth and checks CDK, not us.
  const app = new App({ builtinCloudFormationValidation: false })
  template = Template.fromStack(new DataStack(app, 'Data', { env: { region: 'eu-west-3' } }))
})

function tableResource(): { Properties: Record<string, unknown>; [key: string]: unknown } {
  const tables = template.findResources('AWS::DynamoDB::GlobalTable')
  const table = tables[TABLE_LOGICAL_ID]
  if (!table) throw new Error(`no table ${TABLE_LOGICAL_ID} in ${Object.keys(tables).join(', ')}`)
  return table as { Properties: Record<string, unknown> }
}

describe('DataStack', () => {
  it('holds exactly one table, under its pinned logical id', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1)
    // Changing this id makes CloudFormation create a new, empty table: never do it lightly.
    expect(Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))).toEqual(['Table'])
  })

  it('keeps the table when the stack or the resource goes', () => {
    expect(tableResource()).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    })
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    })
  })

  it('is on demand, with TTL on the ttl attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    })
  })

  it('has the same keys and GSIs as the table DynamoDB Local and the tests use', () => {
    const local = createTableInput('any')
    const deployed = tableResource().Properties
    const byName = <T extends { AttributeName?: string | undefined }>(items: T[] | undefined) =>
      [...(items ?? [])].sort((a, b) =>
        String(a.AttributeName).localeCompare(String(b.AttributeName)),
      )

    expect(deployed.KeySchema).toEqual(local.KeySchema)
    expect(byName(deployed.AttributeDefinitions as typeof local.AttributeDefinitions)).toEqual(
      byName(local.AttributeDefinitions),
    )
    expect(deployed.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes)
    expect(local.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['gsi1', 'gsi2'])
  })
})
