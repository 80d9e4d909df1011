import { getIdpJson, idpUnavailable, isJsonObject } from './idp-http.js';

/** The parts of an OpenID discovery document the verifiers use. */
export interface OpenIdDiscovery {
  /** Every token's `iss` must equal it exactly (DESIGN §7; MinIO does not check). */
  issuer: string;
  jwksUri: string;
  userinfoEndpoint?: string;
}

const HTTP_URL = /^https?:\/\/\S+$/;

/** Fetches and checks the discovery document; MinIO requires `jwks_uri` (§3.1), we also `issuer`. */
export async function fetchDiscovery(configUrl: string, timeoutMs: number): Promise<OpenIdDiscovery> {
  const { status, json } = await getIdpJson(configUrl, { timeoutMs });
  if (status !== 200 || !isJsonObject(json)) throw idpUnavailable(new Error(`discovery answered HTTP ${status}`));
  const { issuer, jwks_uri: jwksUri, userinfo_endpoint: userinfo } = json;
  if (typeof issuer !== 'string' || issuer === '') throw idpUnavailable(new Error('discovery document has no issuer'));
  if (typeof jwksUri !== 'string' || !HTTP_URL.test(jwksUri)) throw idpUnavailable(new Error('discovery document has no usable jwks_uri'));
  const userinfoEndpoint = typeof userinfo === 'string' && HTTP_URL.test(userinfo) ? userinfo : undefined;
  return { issuer, jwksUri, userinfoEndpoint };
}
