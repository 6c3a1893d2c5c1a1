import { describe, expect, it } from 'vitest';
import { rolesOf } from './AuthContext';

const jwt = (claims: object) =>
  ['e30', btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'sig'].join('.');

describe('rolesOf', () => {
  it('reads the roles claim of the access token', () => {
    expect(rolesOf(jwt({ sub: 'admin', roles: ['admin', 'sales'] }))).toEqual(['admin', 'sales']);
  });

  it('gives no roles for a token without the claim or one that is not a JWT', () => {
    expect(rolesOf(jwt({ sub: 'x' }))).toEqual([]);
    expect(rolesOf('opaque-token')).toEqual([]);
    expect(rolesOf(jwt({ roles: 'admin' }))).toEqual([]);
  });
});
