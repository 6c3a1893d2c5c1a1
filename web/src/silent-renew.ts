// The page the provider redirects the hidden renewal iframe to: hands the answer to the app in the parent window.
import { UserManager } from 'oidc-client-ts';

void new UserManager({ authority: location.origin, client_id: 'atrium-web', redirect_uri: location.href }).signinSilentCallback();
