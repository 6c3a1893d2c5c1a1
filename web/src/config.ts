/** What the gateway tells the app about its deployment (GET /config.json), so images need no rebuild per site. */
export interface AppConfig {
  /** The OpenID Connect provider's issuer URL. */
  issuer: string;
  /** This app's public client id at the provider (authorization code + PKCE, no secret). */
  clientId: string;
  /** OAuth scopes to ask for. */
  scope: string;
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchImpl('/config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`/config.json answered ${response.status}`);
  }
  const body = (await response.json()) as Partial<AppConfig>;
  if (!body.issuer || !body.clientId) {
    throw new Error('/config.json lacks issuer or clientId');
  }
  return { issuer: body.issuer, clientId: body.clientId, scope: body.scope ?? 'openid profile' };
}
