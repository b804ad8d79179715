import { Validations } from 'aws-cdk-lib'
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'

/** Why none of them rotates automatically (cdk-nag SMG4): each change is made on two sides. */
const HELLOASSO_ROTATION =
  'Issued by HelloAsso (client secret, signing key) or pasted into HelloAsso (webhook URL): rotation is a manual two-sided change.'
const SIGNING_KEY_ROTATION =
  'Seeds the receipt signing key: a new value starts a new key, old public keys stay published; rotated by hand (docs/donor-side.md).'
const SESSION_KEY_ROTATION =
  'HMAC key of staff session cookies: a new value only signs staff out; rotated by hand (docs/deploying.md).'

/**
 * The secrets, in Secrets Manager, read by the functions at cold start (shared/aws/load-secrets.ts).
 * Their logical ids are pinned: a replaced secret would lose the value an operator put in it.
 * Values: the webhook secret and the staff session key are generated here (48 letters and
 * digits, URL-safe); the HelloAsso client secret and the signing key are HelloAsso's and must
 * be set by hand after the first deployment (docs/deploying.md); until then they hold
 * a random placeholder.
 */
export class AppSecrets extends Construct {
  readonly helloAssoClientSecret: Secret
  readonly webhookSecret: Secret
  readonly signatureKey?: Secret
  readonly staffSessionKey: Secret
  /** Its SHA-256 is the Ed25519 seed of the receipt signing key (shared/verification). */
  readonly receiptSigningKey: Secret

  constructor(scope: Construct, id: string, props: { stage: string; signatureKey: boolean }) {
    super(scope, id)
    this.helloAssoClientSecret = this.secret(
      'HelloAssoClientSecret',
      `HelloAsso API client secret (${props.stage}): set it by hand`,
      HELLOASSO_ROTATION,
    )
    this.webhookSecret = this.secret(
      'WebhookSecret',
      `Secret segment of the HelloAsso notification URL (${props.stage})`,
      HELLOASSO_ROTATION,
    )
    if (props.signatureKey) {
      this.signatureKey = this.secret(
        'HelloAssoSignatureKey',
        `HelloAsso notification signing key (${props.stage}): set it by hand`,
        HELLOASSO_ROTATION,
      )
    }
    this.staffSessionKey = this.secret(
      'StaffSessionKey',
      `HMAC key of the staff app's session cookies and CSRF tokens (${props.stage})`,
      SESSION_KEY_ROTATION,
    )
    this.receiptSigningKey = this.secret(
      'ReceiptSigningKey',
      `Seed of the key that signs receipt verification links (${props.stage}); never printed`,
      SIGNING_KEY_ROTATION,
    )
  }

  private secret(id: string, description: string, rotationReason: string): Secret {
    const secret = new Secret(this, id, {
      description,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    })
    ;(secret.node.defaultChild as CfnSecret).overrideLogicalId(id)
    Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: rotationReason })
    return secret
  }
}
