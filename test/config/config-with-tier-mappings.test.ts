import { describe, expect, it } from 'vitest'
import { configWithTierMappings } from '../../shared/config/config-with-tier-mappings.js'
import type { TierMapping } from '../../shared/store/tier-mapping-store.js'
import { testAssociationConfig } from '../support/test-association-config.js'

function mapping(helloAssoTierId: number, tierKey: string): TierMapping {
  return {
    helloAssoTierId,
    tierKey,
    helloAssoLabel: 'Adhésion',
    amountCents: 5000,
    mappedAt: '2026-03-02T10:00:00.000Z',
    mappedBy: 'Camille Exemple',
    reviewId: `payment-${helloAssoTierId}`,
  }
}

describe('configWithTierMappings', () => {
  it('adds each id to its tier once; the file wins over a mapping it contradicts', () => {
    const raw = testAssociationConfig()
    const result = configWithTierMappings(
      raw,
      [
        mapping(91000001, 'reduite'),
        mapping(16402811, 'individuelle'),
        mapping(16402812, 'individuelle'),
        mapping(91000002, 'supprime'),
      ],
      'test',
    )
    expect(result.added.map((m) => m.helloAssoTierId)).toEqual([91000001])
    expect(result.skipped.map(({ mapping, why }) => [mapping.helloAssoTierId, why])).toEqual([
      [16402811, 'déjà dans le fichier'],
      [16402812, 'le fichier le donne déjà au palier « reduite », qui l’emporte'],
      [91000002, 'le palier « supprime » n’est plus dans le fichier'],
    ])
    const tiers = result.config.tiers as { key: string; match: { tierIds: number[] } }[]
    expect(tiers.find((t) => t.key === 'reduite')?.match.tierIds).toEqual([16402812, 91000001])
    // The file as given is left alone.
    expect(raw.tiers.find((t) => t.key === 'reduite')?.match?.tierIds).toEqual([16402812])
  })

  it('creates match.tierIds on a tier matched by label only', () => {
    const raw = testAssociationConfig()
    const bare = {
      ...raw,
      tiers: raw.tiers.map((t) =>
        t.key === 'reduite' ? { ...t, match: { labels: ['Adhésion tarif réduit'] } } : t,
      ),
    }
    const result = configWithTierMappings(bare, [mapping(91000001, 'reduite')], 'test')
    const tiers = result.config.tiers as { key: string; match: unknown }[]
    expect(tiers.find((t) => t.key === 'reduite')?.match).toEqual({
      labels: ['Adhésion tarif réduit'],
      tierIds: [91000001],
    })
  })
})
