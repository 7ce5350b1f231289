import type { TokenIssuer } from '../serviceaccount/token-issuer.js';

/**
 * What some connectors need from the server beyond storage, set from ApiServer options. Optional
 * members are absent when the server was started without them (the connector then answers a
 * clear error rather than a wrong result).
 */
export interface ServerFacilities {
  /** Signs ServiceAccount tokens (serviceaccounts/token); absent without a signing key. */
  tokenIssuer?: TokenIssuer;
}
