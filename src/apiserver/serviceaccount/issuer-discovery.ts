/**
 * ServiceAccountIssuerDiscovery (model: pkg/serviceaccount/openidmetadata.go, v1.32): the OIDC
 * provider configuration at `/.well-known/openid-configuration` and the key set at
 * `/openid/v1/jwks`, so relying parties can verify ServiceAccount tokens. `jwks_uri` points at
 * this server (upstream derives it from the external address when --service-account-jwks-uri is unset).
 */
import type { ServerResponse } from 'node:http';
import type { TokenIssuer } from './token-issuer.js';

export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/openid/v1/jwks';

/** Writes the document for `path` and returns true, or returns false for any other path. */
export function serveIssuerDiscovery(res: ServerResponse, path: string, issuer: TokenIssuer, serverUrl: string): boolean {
  let body: unknown;
  let contentType: string;
  if (path === OPENID_CONFIGURATION_PATH) {
    body = {
      issuer: issuer.issuer,
      jwks_uri: `${serverUrl}${JWKS_PATH}`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
    contentType = 'application/json';
  } else if (path === JWKS_PATH) {
    body = issuer.jwks();
    contentType = 'application/jwk-set+json';
  } else {
    return false;
  }
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'public, max-age=3600', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return true;
}
