import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as ContactPaths } from './generated/contact-service';

type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource | null = null;

/** The signed-in session supplies the current access token (kept in memory by the auth layer). */
export function setAccessTokenSource(source: TokenSource | null) {
  tokenSource = source;
}

const bearer: Middleware = {
  async onRequest({ request }) {
    const token = tokenSource ? await tokenSource() : null;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

/** The contact service's API, typed from its OpenAPI document (src/api/openapi/contact-service.json). */
export const contactApi = createClient<ContactPaths>({
  // Same origin as the app (the gateway); the global fetch is looked up per call so tests can replace it.
  baseUrl: globalThis.location?.origin ?? '',
  fetch: (request) => globalThis.fetch(request),
});
contactApi.use(bearer);

export type ContactSchemas = import('./generated/contact-service').components['schemas'];
