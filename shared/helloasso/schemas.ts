import * as z from 'zod'

/**
 * HelloAsso API v5 shapes (field names from HelloAsso's OpenAPI file). Parsing is lenient:
 * unknown fields pass through, optional fields may be absent, because HelloAsso adds fields
 * without notice. Amounts are integer cents.
 */
const cents = z.number().int().nonnegative()
const id = z.number().int().positive()
const looseText = z.string().nullish()

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
  id: z.number().int().nullish(),
  name: looseText,
  type: looseText,
  answer: z.union([z.string(), z.number(), z.boolean()]).nullish(),
})
export type CustomField = z.infer<typeof CustomFieldSchema>

export const ItemOptionSchema = z.looseObject({
  optionId: z.number().int().nullish(),
  name: looseText,
  amount: cents.nullish(),
})

export const OrderItemSchema = z.looseObject({
  id,
  type: z.string(),
  name: looseText,
  tierId: z.number().int().nullish(),
  amount: cents,
  initialAmount: cents.nullish(),
  priceCategory: looseText,
  discount: z.looseObject({ code: looseText, amount: cents.nullish() }).nullish(),
  state: looseText,
  user: z.looseObject({ firstName: looseText, lastName: looseText }).nullish(),
  customFields: z.array(CustomFieldSchema).nullish(),
  options: z.array(ItemOptionSchema).nullish(),
  payments: z.array(z.looseObject({ id, shareAmount: cents.nullish() })).nullish(),
})
export type OrderItem = z.infer<typeof OrderItemSchema>

export const RefundOperationSchema = z.looseObject({
  id: z.number().int().nullish(),
  amount: cents.nullish(),
  amountTip: cents.nullish(),
  status: looseText,
})

export const PaymentShareSchema = z.looseObject({
  id,
  shareAmount: cents.nullish(),
  shareItemAmount: cents.nullish(),
  shareOptionsAmount: cents.nullish(),
})

const paymentFields = {
  id,
  amount: cents,
  amountTip: cents.nullish(),
  date: z.string(),
  paymentMeans: looseText,
  installmentNumber: z.number().int().nullish(),
  state: z.string(),
  type: looseText,
  cashOutState: looseText,
  paymentReceiptUrl: looseText,
  fiscalReceiptUrl: looseText,
  refundOperations: z.array(RefundOperationSchema).nullish(),
}

export const OrderPaymentSchema = z.looseObject({
  ...paymentFields,
  items: z.array(PaymentShareSchema).nullish(),
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
  payer: PayerSchema.nullish(),
  items: z.array(OrderItemSchema).default([]),
  payments: z.array(OrderPaymentSchema).default([]),
  amount: z
    .looseObject({ total: cents, vat: cents.nullish(), discount: cents.nullish() })
    .nullish(),
})
export type Order = z.infer<typeof OrderSchema>

export const PaymentItemSchema = z.looseObject({
  id,
  amount: cents.nullish(),
  type: looseText,
  state: looseText,
  name: looseText,
  shareAmount: cents.nullish(),
  shareItemAmount: cents.nullish(),
  shareOptionsAmount: cents.nullish(),
})

export const PaymentSchema = z.looseObject({
  ...paymentFields,
  order: z.looseObject(orderLightFields),
  payer: PayerSchema.nullish(),
  items: z.array(PaymentItemSchema).nullish(),
})
export type Payment = z.infer<typeof PaymentSchema>

/** The notification envelope. `data` is checked per event type by the ingest step. */
export const NotificationEnvelopeSchema = z.looseObject({
  eventType: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: z.unknown().optional(),
})
export type NotificationEnvelope = z.infer<typeof NotificationEnvelopeSchema>

export const OrganizationEventDataSchema = z.looseObject({
  old_slug_organization: z.string().min(1),
  new_slug_organization: z.string().min(1),
})

/** GET /organizations/{slug} (OrganizationPublicModel), the fields we compare. */
export const OrganizationSchema = z.looseObject({
  organizationSlug: z.string().nullish(),
  /** The RNA number: a stable identifier, unlike the slug. */
  rnaNumber: z.string().nullish(),
  name: z.string().nullish(),
})
export type Organization = z.infer<typeof OrganizationSchema>

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  refresh_token: z.string().optional(),
})
