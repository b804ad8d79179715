import { describe, expect, it } from 'vitest'
import { useFlowHarness } from '../../support/flow-harness.js'
import { receiptFromFixture } from '../../support/staff-receipts.js'
import { signInStaff } from '../../support/staff-session.js'

// No HelloAsso credentials: the whole instance is unverified and every receipt a SPECIMEN.
const { fake, t } = useFlowHarness({ verified: false })

describe('an unverified (SPECIMEN) instance', () => {
  it('says so on every staff page, above the content', async () => {
    await receiptFromFixture(fake, t, '01_order_membership_individual_50eur_with_tip')
    const staff = await signInStaff(t.runtime.app)
    for (const path of ['/staff', '/staff/recus', '/staff/recus/2025-00001', '/staff/a-verifier']) {
      const html = await (await staff.get(path)).text()
      const banner = html.indexOf('<div class="specimen-banner" role="note">')
      expect(banner, path).toBeGreaterThan(html.indexOf('</header>'))
      expect(banner, path).toBeLessThan(html.indexOf('<main'))
      expect(html, path).toContain('chaque reçu est un SPECIMEN, sans valeur')
    }
  })
})
