import type { Team, User } from './users/directory';
import type { Pipeline, Stage } from './pipelines/api';

export const PIPE = '60000000-0000-0000-0000-000000000001';

export function stageOf(i: number, extra: Partial<Stage> = {}): Stage {
  return {
    id: `70000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    name: ['Lead', 'Qualified', 'Proposal', 'Negotiation'][i] ?? `Stage ${i}`,
    probability: [10, 30, 60, 80][i] ?? 50,
    rottingDays: i === 0 ? undefined : 14,
    ...extra,
  };
}

export function pipelineOf(stages: Stage[], extra: Partial<Pipeline> = {}): Pipeline {
  return {
    id: PIPE,
    name: 'Renewals',
    version: 3,
    stages,
    createdBy: 'admin',
    createdAt: '2026-01-01T10:00:00Z',
    updatedBy: 'admin',
    updatedAt: '2026-01-02T10:00:00Z',
    ...extra,
  };
}

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
