/**
 * Signs ServiceAccount tokens (model: pkg/serviceaccount/jwt.go, v1.32): compact JWS, RS256 over
 * the server's RSA key, header `kid` = base64url(sha256(DER SubjectPublicKeyInfo)) as upstream
 * derives it, so a verifier can pick the key from the JWKS document.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { exportJWK, SignJWT, type JWK } from 'jose';
import type { ServiceAccountClaims } from './claims.js';

/** upstream's default --service-account-issuer in kubeadm, kind and k3s clusters. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export class TokenIssuer {
  private constructor(
    readonly issuer: string,
    /** The audiences a TokenRequest without any gets (upstream --api-audiences; default: the issuer). */
    readonly apiAudiences: readonly string[],
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    readonly keyId: string,
    private readonly jwk: JWK,
  ) {}

  /** From an RSA private key in PEM (PKCS#1 or PKCS#8). Throws a clear error for other keys. */
  static async fromPem(privateKeyPem: string, options: { issuer?: string; apiAudiences?: readonly string[] } = {}): Promise<TokenIssuer> {
    const privateKey = createPrivateKey(privateKeyPem);
    if (privateKey.asymmetricKeyType !== 'rsa') throw new Error(`the service account signing key must be an RSA key, not ${privateKey.asymmetricKeyType ?? 'unknown'}`);
    const publicKey = createPublicKey(privateKey);
    const keyId = keyIdOf(publicKey);
    const jwk = { ...(await exportJWK(publicKey)), use: 'sig', kid: keyId, alg: 'RS256' };
    const issuer = options.issuer ?? DEFAULT_ISSUER;
    const audiences = options.apiAudiences && options.apiAudiences.length > 0 ? options.apiAudiences : [issuer];
    return new TokenIssuer(issuer, audiences, privateKey, publicKey, keyId, jwk);
  }

  /** The signed token for `claims`, with `iss` set to this issuer. */
  async sign(claims: ServiceAccountClaims): Promise<string> {
    return new SignJWT({ ...claims, iss: this.issuer } as unknown as Record<string, unknown>).setProtectedHeader({ alg: 'RS256', kid: this.keyId }).sign(this.privateKey);
  }

  /** The JSON Web Key Set verifiers fetch from `/openid/v1/jwks`. */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.jwk }] };
  }
}

/** upstream keyIDFromPublicKey: base64url (no padding) of the SHA-256 of the DER public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}
