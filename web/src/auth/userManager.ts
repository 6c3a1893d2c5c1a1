import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AppConfig } from '../config';

export const CALLBACK_PATH = '/auth/callback';
export const SILENT_PATH = '/auth/silent-renew.html';
export const SIGNED_OUT_PATH = '/signed-out';

/**
 * Authorization code + PKCE against the configured provider. Tokens live in memory only (never in web storage);
 * the short-lived sign-in state (PKCE verifier, return path) uses sessionStorage so it survives the redirect.
 * Renewal is silent, in a hidden iframe with prompt=none, while the provider's session lasts (Spring Authorization
 * Server gives a public client no refresh token).
 */
export function createUserManager(config: AppConfig, origin = window.location.origin): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    scope: config.scope,
    response_type: 'code',
    redirect_uri: origin + CALLBACK_PATH,
    silent_redirect_uri: origin + SILENT_PATH,
    post_logout_redirect_uri: origin + SIGNED_OUT_PATH,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
    // A renewal whose provider session ended loads the (unframeable) sign-in page and never answers: give up soon.
    silentRequestTimeoutInSeconds: 5,
    loadUserInfo: false,
    monitorSession: false,
  });
}
