import { describe, expect, it } from 'vitest'
import { getReceipt } from '../../../shared/store/receipt-store.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { receiptFromFixture } from '../../support/staff-receipts.js'
import {
  STAFF_MANAGER_TOKEN,
  STAFF_VIEWER_TOKEN,
  signInStaff,
} from '../../support/staff-session.js'

const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'
const { fake, t } = useFlowHarness({ env: { STAFF_VIEWER_TOKEN } })

describe('who may see and do what on the staff pages', () => {
  it('sends a visitor without a session to the sign-in page, keeping where they were going', async () => {
    for (const [path, to] of [
      ['/staff', '/staff/connexion'],
      ['/staff/recus?q=arnaud', '/staff/connexion?retour=%2Fstaff%2Frecus%3Fq%3Darnaud'],
      ['/staff/a-verifier', '/staff/connexion?retour=%2Fstaff%2Fa-verifier'],
      ['/staff/membres', '/staff/connexion?retour=%2Fstaff%2Fmembres'],
      ['/staff/recus/2025-00001', '/staff/connexion?retour=%2Fstaff%2Frecus%2F2025-00001'],
    ]) {
      const response = await t.runtime.app.request(path as string)
      expect(response.status, path).toBe(303)
      expect(response.headers.get('location'), path).toBe(to)
    }
    const post = await t.runtime.app.request('/staff/recus/2025-00001/annuler', { method: 'POST' })
    expect(post.status).toBe(303)
    expect(post.headers.get('location')).toBe('/staff/connexion')
  })

  it('lets a script read the pages with the bearer token', async () => {
    const response = await t.runtime.app.request('/staff/recus', {
      headers: { authorization: `Bearer ${STAFF_MANAGER_TOKEN}` },
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<h1>Reçus</h1>')
  })

  it('shows a viewer no action form, and refuses a viewer’s POST with 403', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const viewer = await signInStaff(t.runtime.app, STAFF_VIEWER_TOKEN)
    const html = await (await viewer.get('/staff/recus/2025-00001')).text()
    // The role once, beside the name: not « Accès par code (consultation) · Consultation ».
    expect(html).toContain('Accès par code <span class="role">· Consultation</span>')
    expect(html.match(/<span class="role">/g)).toHaveLength(1)
    expect(html).not.toContain('(consultation)')
    expect(html).toContain('réservé aux gestionnaires')
    expect(html).not.toContain('action="/staff/recus/2025-00001/')
    expect(html).not.toContain('<dialog')
    for (const action of ['renvoyer', 'annuler', 'corriger']) {
      const response = await viewer.post(`/staff/recus/2025-00001/${action}`, {
        motif: 'Essai',
        confirme: 'oui',
      })
      expect(response.status, action).toBe(403)
      expect(await response.text()).toContain('Action réservée aux gestionnaires')
    }
    expect((await getReceipt(t.runtime.table, '2025-00001'))?.status).toBe('issued')
    const review = await viewer.post('/staff/a-verifier/x/classer', { motif: 'Essai' })
    expect(review.status).toBe(403)
  })

  it('refuses a form posted with the session cookie but without the CSRF token', async () => {
    await receiptFromFixture(fake, t, FIXTURE_01)
    const manager = await signInStaff(t.runtime.app)
    const forged = await manager.post(
      '/staff/recus/2025-00001/annuler',
      { motif: 'Attaque', confirme: 'oui' },
      { csrf: false },
    )
    expect(forged.status).toBe(403)
    const wrong = await manager.post(
      '/staff/recus/2025-00001/annuler',
      { motif: 'Attaque', confirme: 'oui', csrf: 'pas-le-bon-jeton' },
      { csrf: false },
    )
    expect(wrong.status).toBe(403)
    expect((await getReceipt(t.runtime.table, '2025-00001'))?.status).toBe('issued')
  })

  it('carries the layout on every page: French, landmarks, navigation, sign-out form with CSRF', async () => {
    const manager = await signInStaff(t.runtime.app)
    const csrf = await manager.csrf()
    for (const [path, current] of [
      ['/staff', 'Accueil'],
      ['/staff/recus', 'Reçus'],
      ['/staff/a-verifier', 'À vérifier'],
      ['/staff/membres', 'Membres'],
    ]) {
      const response = await manager.get(path as string)
      expect(response.status, path).toBe(200)
      const html = await response.text()
      expect(html).toMatch(/^<!doctype html><html lang="fr">/)
      expect(html).toContain('<a class="skip" href="#contenu">Aller au contenu</a>')
      expect(html).toContain('<header class="site-header">')
      expect(html).toContain('<nav class="site-nav" aria-label="Navigation principale">')
      expect(html).toContain('<main id="contenu" tabindex="-1">')
      expect(html).toContain('Réseau Tiers-Lieux Drôme')
      expect(html).toContain('Accès par code <span class="role">· Gestionnaire</span>')
      // A verified instance: no SPECIMEN banner (specimen-banner.test.ts has the other case).
      expect(html).not.toContain('class="specimen-banner"')
      expect(html).toMatch(new RegExp(`<a href="[^"]+" aria-current="page">${current}`))
      expect(html).toContain(
        `<form method="post" action="/staff/deconnexion"><input type="hidden" name="csrf" value="${csrf}"/>`,
      )
    }
    const signOut = await manager.post('/staff/deconnexion', {})
    expect(signOut.status).toBe(303)
    expect(signOut.headers.get('location')).toBe('/staff/connexion')
  })

  it('serves the stylesheet and the script from versioned, cacheable routes without a session', async () => {
    const manager = await signInStaff(t.runtime.app)
    const html = await (await manager.get('/staff')).text()
    const css = /<link rel="stylesheet" href="(\/staff\/assets\/staff-[0-9a-f]{12}\.css)"/.exec(
      html,
    )?.[1]
    const js = /<script src="(\/staff\/assets\/staff-[0-9a-f]{12}\.js)">/.exec(html)?.[1]
    for (const [path, type] of [
      [css, 'text/css; charset=utf-8'],
      [js, 'text/javascript; charset=utf-8'],
    ]) {
      const response = await t.runtime.app.request(path ?? '')
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type')).toBe(type)
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    }
  })
})
