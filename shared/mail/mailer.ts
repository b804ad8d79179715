/** An email ready to go: the complete RFC 5322 message and its envelope. */
export interface OutgoingEmail {
  from: string
  to: string[]
  /** RFC 5322 bytes (MIME), built by the compose-* functions. */
  raw: Uint8Array
  /** Our reference for file names and logs, e.g. "2026-00042-receipt" (no personal data). */
  reference: string
}

/**
 * Port to the mail service (SES on AWS, $DATA_DIR/outbox locally).
 * Errors: AppError 'mail.unavailable' (transient: throttling, 5xx, network) or
 * 'mail.rejected' (permanent: address or message refused).
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>
}
