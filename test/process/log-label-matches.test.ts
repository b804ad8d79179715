import { describe, expect, it } from 'vitest'
import { loadAssociationConfig } from '../../shared/config/load-association-config.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { createJsonLogger } from '../../shared/log.js'
import { analyseOrder } from '../../shared/process/analyse-order.js'
import { logLabelMatches } from '../../shared/process/log-label-matches.js'
import { NO_TIER_MAPPINGS } from '../../shared/process/match-tier.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'

describe('a tier matched by label only', () => {
  it('logs once which tier id to add, with no personal data', () => {
    const labo = loadAssociationConfig(undefined).config
    const order = orderFromNotification(
      loadFixture('01_order_membership_individual_50eur_with_tip'),
    )
    const relabelled: Order = {
      ...order,
      items: order.items.map((i) => ({ ...i, name: 'Adhésion individuelle', tierId: 91000001 })),
    }
    const lines: string[] = []
    const log = createJsonLogger((line) => lines.push(line))
    logLabelMatches(log, analyseOrder(labo, relabelled, NO_TIER_MAPPINGS))
    logLabelMatches(log, analyseOrder(labo, relabelled, NO_TIER_MAPPINGS))
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'warn',
      event: 'tier.matched-by-label',
      tierKey: 'base',
      helloAssoTierId: 91000001,
      hint: 'add 91000001 to tiers[key=base].match.tierIds in the configuration file',
    })
    const payer = order.payer ?? {}
    for (const personal of [payer.email, payer.lastName, payer.address])
      expect(lines[0]).not.toContain(String(personal))
  })
})
