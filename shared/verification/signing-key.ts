import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto'

/** The association's Ed25519 key that signs receipt verification tokens. */
export interface SigningKey {
  /** 8 hex characters: the start of the SHA-256 of the raw public key, printed in tokens. */
  keyId: string
  privateKey: KeyObject
  publicKey: KeyObject
}

/** What anyone may know of a key: published on /verifier and stored in the table. */
export interface PublicKeyInfo {
  keyId: string
  /** SubjectPublicKeyInfo, PEM. */
  pem: string
}

// An Ed25519 PKCS#8 DER is this fixed prefix followed by the 32-byte seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * The key from its stored form: a PKCS#8 PEM (the local key file, or a key an operator imports),
 * or any other secret string (the one Secrets Manager generates on AWS), whose SHA-256 is then
 * the Ed25519 seed. Either way the private key exists only in this process's memory.
 */
export function signingKeyFromSecret(secret: string): SigningKey {
  const privateKey = secret.trimStart().startsWith('-----BEGIN')
    ? createPrivateKey(secret)
    : createPrivateKey({
        key: Buffer.concat([
          PKCS8_ED25519_PREFIX,
          createHash('sha256').update(secret, 'utf8').digest(),
        ]),
        format: 'der',
        type: 'pkcs8',
      })
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new RangeError('the receipt signing key must be an Ed25519 key')
  const publicKey = createPublicKey(privateKey)
  return { keyId: keyIdOf(publicKey), privateKey, publicKey }
}

/** A new private key, as the PKCS#8 PEM the local key file holds. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519')
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
}

export function publicKeyInfo(key: Pick<SigningKey, 'publicKey'>): PublicKeyInfo {
  return {
    keyId: keyIdOf(key.publicKey),
    pem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  }
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem)
}

export function keyIdOf(publicKey: KeyObject): string {
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url')
  return createHash('sha256').update(raw).digest('hex').slice(0, 8)
}
