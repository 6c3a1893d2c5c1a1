import type { Team, User } from './users/directory';

export const sam: User = {
  id: '10000000-0000-0000-0000-000000000001',
  userName: 'sales',
  displayName: 'Sam Seller',
  email: 'sales@atrium.example',
  managerId: '10000000-0000-0000-0000-000000000002',
  timeZone: 'America/New_York',
  active: true,
  version: 3,
};
export const mel: User = {
  id: '10000000-0000-0000-0000-000000000002',
  userName: 'manager',
  displayName: 'Mel Manager',
  email: 'manager@atrium.example',
  timeZone: 'Europe/London',
  active: true,
  version: 1,
};
export const riley: User = {
  id: '10000000-0000-0000-0000-000000000003',
  userName: 'sales2',
  displayName: 'Riley Rep',
  email: 'sales2@atrium.example',
  active: true,
  version: 1,
};
export const east: Team = {
  id: '20000000-0000-0000-0000-000000000001',
  name: 'Sales East',
  managerId: mel.id,
  memberIds: [sam.id!, mel.id!],
  version: 5,
};
export const everyone = [sam, mel, riley];

/** Matches a request by method and path (exact). */
export const is = (method: string, path: string) => (url: URL, r: Request) => r.method === method && url.pathname === path;
