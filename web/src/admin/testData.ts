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
