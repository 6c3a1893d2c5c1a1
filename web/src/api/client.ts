import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as ActivityPaths } from './generated/activity-service';
import type { paths as ContactPaths } from './generated/contact-service';
import type { paths as DealPaths } from './generated/deal-service';
import type { paths as DirectoryPaths } from './generated/directory-service';
import type { paths as NotificationPaths } from './generated/notification-service';
import type { paths as ReportingPaths } from './generated/reporting-service';

type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource | null = null;

/** The signed-in session supplies the current access token (kept in memory by the auth layer). */
export function setAccessTokenSource(source: TokenSource | null) {
  tokenSource = source;
}

/** The current access token (renewed silently by the auth layer), for requests made outside the typed clients. */
export async function accessToken(): Promise<string | null> {
  return tokenSource ? tokenSource() : null;
}

const bearer: Middleware = {
  async onRequest({ request }) {
    const token = tokenSource ? await tokenSource() : null;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

/** A client for one service's API, typed from its OpenAPI document, on the app's own origin (the gateway). */
function serviceClient<Paths extends {}>() {
  const client = createClient<Paths>({
    // Same origin as the app (the gateway); the global fetch is looked up per call so tests can replace it.
    baseUrl: globalThis.location?.origin ?? '',
    fetch: (request) => globalThis.fetch(request),
  });
  client.use(bearer);
  return client;
}

/** Contacts and companies (src/api/openapi/contact-service.json). */
export const contactApi = serviceClient<ContactPaths>();
/** Deals and pipelines (src/api/openapi/deal-service.json). */
export const dealApi = serviceClient<DealPaths>();
/** Activities, tasks, tickets and the timeline (src/api/openapi/activity-service.json). */
export const activityApi = serviceClient<ActivityPaths>();
/** Notifications, preferences and webhooks (src/api/openapi/notification-service.json). */
export const notificationApi = serviceClient<NotificationPaths>();
/** Reports, the customer 360 and the audit log (src/api/openapi/reporting-service.json). */
export const reportingApi = serviceClient<ReportingPaths>();
/** Users and teams (src/api/openapi/directory-service.json). */
export const directoryApi = serviceClient<DirectoryPaths>();

export type ContactSchemas = import('./generated/contact-service').components['schemas'];
export type DealSchemas = import('./generated/deal-service').components['schemas'];
export type ActivitySchemas = import('./generated/activity-service').components['schemas'];
export type NotificationSchemas = import('./generated/notification-service').components['schemas'];
export type ReportingSchemas = import('./generated/reporting-service').components['schemas'];
export type DirectorySchemas = import('./generated/directory-service').components['schemas'];
