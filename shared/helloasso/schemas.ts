import * as z from 'zod/mini'

/**
 * HelloAsso API v5 shapes (field names from HelloAsso's OpenAPI file). Parsing is lenient:
 * unknown fields pass through, optional fields may be absent, because HelloAsso adds fields
 * without notice. Amounts are integer cents. zod/mini: these schemas are read by the process
 * Lambda at every cold start, and the functional API lets esbuild keep only what they use.
 */
const cents = z.int().check(z.nonnegative())
const id = z.int().check(z.positive())
const looseText = z.nullish(z.string())
const optionalInt = z.nullish(z.int())
const optionalCents = z.nullish(cents)

export const PayerSchema = z.looseObject({
  email: looseText,
  address: looseText,
  city: looseText,
  zipCode: looseText,
  country: looseText,
  company: looseText,
  dateOfBirth: looseText,
  firstName: looseText,
  lastName: looseText,
})
export type Payer = z.infer<typeof PayerSchema>

export const CustomFieldSchema = z.looseObject({
  id: optionalInt,
  name: looseText,
  type: looseText,
  answer: z.nullish(z.union([z.string(), z.number(), z.boolean()])),
})
export type CustomField = z.infer<typeof CustomFieldSchema>

export const ItemOptionSchema = z.looseObject({
  optionId: optionalInt,
  name: looseText,
  amount: optionalCents,
})

export const OrderItemSchema = z.looseObject({
  id,
  type: z.string(),
  name: looseText,
  tierId: optionalInt,
  amount: cents,
  initialAmount: optionalCents,
  priceCategory: looseText,
  discount: z.nullish(z.looseObject({ code: looseText, amount: optionalCents })),
  state: looseText,
  user: z.nullish(z.looseObject({ firstName: looseText, lastName: looseText })),
  customFields: z.nullish(z.array(CustomFieldSchema)),
  options: z.nullish(z.array(ItemOptionSchema)),
  payments: z.nullish(z.array(z.looseObject({ id, shareAmount: optionalCents }))),
})
export type OrderItem = z.infer<typeof OrderItemSchema>

export const RefundOperationSchema = z.looseObject({
  id: optionalInt,
  amount: optionalCents,
  amountTip: optionalCents,
  status: looseText,
})

export const PaymentShareSchema = z.looseObject({
  id,
  shareAmount: optionalCents,
  shareItemAmount: optionalCents,
  shareOptionsAmount: optionalCents,
})

const paymentFields = {
  id,
  amount: cents,
  amountTip: optionalCents,
  date: z.string(),
  paymentMeans: looseText,
  installmentNumber: optionalInt,
  state: z.string(),
  type: looseText,
  cashOutState: looseText,
  paymentReceiptUrl: looseText,
  fiscalReceiptUrl: looseText,
  refundOperations: z.nullish(z.array(RefundOperationSchema)),
}

export const OrderPaymentSchema = z.looseObject({
  ...paymentFields,
  items: z.nullish(z.array(PaymentShareSchema)),
})
export type OrderPayment = z.infer<typeof OrderPaymentSchema>

const orderLightFields = {
  id,
  date: looseText,
  formSlug: looseText,
  formType: looseText,
  organizationSlug: looseText,
  organizationName: looseText,
}

export const OrderSchema = z.looseObject({
  ...orderLightFields,
  payer: z.nullish(PayerSchema),
  items: z._default(z.array(OrderItemSchema), []),
  payments: z._default(z.array(OrderPaymentSchema), []),
  amount: z.nullish(z.looseObject({ total: cents, vat: optionalCents, discount: optionalCents })),
})
export type Order = z.infer<typeof OrderSchema>

export const PaymentItemSchema = z.looseObject({
  id,
  amount: optionalCents,
  type: looseText,
  state: looseText,
  name: looseText,
  shareAmount: optionalCents,
  shareItemAmount: optionalCents,
  shareOptionsAmount: optionalCents,
})

export const PaymentSchema = z.looseObject({
  ...paymentFields,
  order: z.looseObject(orderLightFields),
  payer: z.nullish(PayerSchema),
  items: z.nullish(z.array(PaymentItemSchema)),
})
export type Payment = z.infer<typeof PaymentSchema>

/** The notification envelope. `data` is checked per event type by the ingest step. */
export const NotificationEnvelopeSchema = z.looseObject({
  eventType: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
  metadata: z.optional(z.unknown()),
})
export type NotificationEnvelope = z.infer<typeof NotificationEnvelopeSchema>

export const OrganizationEventDataSchema = z.looseObject({
  old_slug_organization: z.string().check(z.minLength(1)),
  new_slug_organization: z.string().check(z.minLength(1)),
})

/** GET /organizations/{slug} (OrganizationPublicModel), the fields we compare. */
export const OrganizationSchema = z.looseObject({
  organizationSlug: z.nullish(z.string()),
  /** The RNA number: a stable identifier, unlike the slug. */
  rnaNumber: z.nullish(z.string()),
  name: z.nullish(z.string()),
  /** Street address, postcode and town (setup proposes them for the Cerfa). */
  address: z.nullish(z.string()),
  zipCode: z.nullish(z.string()),
  city: z.nullish(z.string()),
  /** « can issue fiscal receipts » (since February 2026). */
  fiscalReceiptEligibility: z.nullish(z.boolean()),
  /** « eligible, has set up his options, and is authenticated »: HelloAsso issues receipts too. */
  fiscalReceiptIssuanceEnabled: z.nullish(z.boolean()),
})
export type Organization = z.infer<typeof OrganizationSchema>

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.optional(z.string()),
  expires_in: z.number().check(z.positive()),
  refresh_token: z.optional(z.string()),
})
