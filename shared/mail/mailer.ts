/** An email ready to go: the complete RFC 5322 message and its envelope. */
export interface OutgoingEmail {
  from: string
  to: string[]
  /** RFC 5322 bytes (MIME), built by the compose-* functions. */
  raw: Uint8Array
  /** Our reference for file names and logs, e.g. "2026-00042-receipt" (no personal data). */
  reference: string
  /** The sending it belongs to (DeliveryState.sendId), when a delivery sends it. */
  sendId?: string
}

/** One sending of one of our emails, as a mailer can look it up. */
export interface Sending {
  reference: string
  sendId: string
}

export interface SentMail {
  messageId: string
  /** The mailer found this sending's message already gone and sent nothing (outbox). */
  alreadySent?: boolean
}

/**
 * Port to the mail service (SES on AWS, $DATA_DIR/outbox locally).
 * Errors: AppError 'mail.unavailable' (transient: throttling, 5xx, network) or
 * 'mail.rejected' (permanent: address or message refused).
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<SentMail>
  /**
   * Whether a sending's message already left: asked before a sending cut short (a worker killed
   * between the mail service taking the message and the record) is tried again, so the retry
   * records it instead of sending a second copy. `interrupted`: the earlier try's outcome is
   * unknown (its worker died), so a mailer that learns of its sends late (SES events) waits a
   * little for the news. Absent: the mailer cannot tell, and a retry sends again.
   */
  findSent?(sending: Sending, options: { interrupted: boolean }): Promise<SentMail | undefined>
}
