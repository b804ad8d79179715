import { HttpResponse, http } from 'msw'
import type { Order } from '../../shared/helloasso/schemas.js'
import { DEMO_TIERS, demoForms } from './demo-association.js'
import { type DemoSale, demoOrder } from './demo-orders.js'
import type { FakeHelloAsso } from './fake-helloasso.js'

export interface DemoState {
  fake: FakeHelloAsso
  /** POST /webhooks/helloasso/<secret> of the running server. */
  webhookUrl: string
  /** Orders the demo made, by payment id, for a refund. */
  orders: Map<number, Order>
  next: () => number
}

/**
 * What `npm run demo -- paiement | remboursement | nouveau-palier` asks the running demo: each
 * changes HelloAsso (the stand-in) as a real payer or treasurer would, then HelloAsso notifies
 * the server, which decides on the API's answer as in production.
 */
export function demoControls(state: DemoState, origin: string) {
  const notify = async (order: Order) => {
    const response = await fetch(state.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'Order', data: order }),
    })
    return response.status
  }
  const pay = async (sale: DemoSale, cents?: number) => {
    const order = demoOrder(state.next(), sale, new Date(), cents)
    const payment = order.payments[0] as { id: number; amount: number }
    state.fake.putOrder(order)
    state.orders.set(payment.id, order)
    const status = await notify(order)
    return { order, payment, status }
  }
  return [
    http.post(`${origin}/demo/paiement`, async ({ request }) => {
      const asked = (await request.json().catch(() => ({}))) as {
        palier?: string
        montant?: number
      }
      const sale = (['base', 'reduit', 'don'] as const).find((s) => s === asked.palier) ?? 'base'
      const { payment, status } = await pay(sale, asked.montant)
      return HttpResponse.json({
        message: `Paiement ${payment.id} de ${(payment.amount / 100).toFixed(2).replace('.', ',')} € (${sale === 'don' ? 'don' : DEMO_TIERS[sale].label}) payé sur HelloAsso ; notification envoyée au serveur (réponse ${status}). Le reçu arrive dans l’outbox en quelques secondes.`,
        paymentId: payment.id,
      })
    }),
    http.post(`${origin}/demo/remboursement`, async ({ request }) => {
      const asked = (await request.json().catch(() => ({}))) as { paiement?: number }
      const id = asked.paiement ?? [...state.orders.keys()].at(-1)
      const order = id === undefined ? undefined : state.orders.get(id)
      if (id === undefined || !order)
        return HttpResponse.json(
          { message: `Aucun paiement ${id ?? ''} fait par la démo : simulez d’abord un paiement.` },
          { status: 404 },
        )
      state.fake.setPaymentState(id, 'Refunded')
      const status = await notify(order)
      return HttpResponse.json({
        message: `Paiement ${id} remboursé sur HelloAsso ; notification envoyée (réponse ${status}). Son reçu est annulé et le donateur reçoit un avis d’annulation.`,
        paymentId: id,
      })
    }),
    http.post(`${origin}/demo/nouveau-palier`, async () => {
      for (const form of demoForms(true)) state.fake.putForm(form)
      const { payment, status } = await pay('nouveau')
      return HttpResponse.json({
        message: `Palier « ${DEMO_TIERS.nouveau.label} » (id ${DEMO_TIERS.nouveau.id}, 100,00 €) ajouté au formulaire HelloAsso, et payé (paiement ${payment.id}, réponse ${status}). Le fichier ne le connaît pas : le paiement attend en vérification (« Palier inconnu ») sur la page de l’équipe, et check-config le signale.`,
        paymentId: payment.id,
      })
    }),
  ]
}
