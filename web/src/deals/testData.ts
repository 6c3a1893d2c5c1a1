import type { Board, Deal, Pipeline, Stage } from './model';

export const PIPELINE_ID = '10000000-0000-0000-0000-000000000001';

export function stage(i: number, extra: Partial<Stage> = {}): Stage {
  return {
    id: `20000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    name: ['Qualified', 'Demo', 'Proposal', 'Negotiation', 'Contract'][i] ?? `Stage ${i}`,
    probability: [10, 30, 60, 80, 90][i] ?? 50,
    rottingDays: 14,
    ...extra,
  };
}

export function deal(i: number, st: Stage, extra: Partial<Deal> = {}): Deal {
  return {
    id: `30000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    version: 1,
    title: `Deal ${i}`,
    pipelineId: PIPELINE_ID,
    stageId: st.id,
    status: 'open',
    amount: { value: '1000.00', currency: 'EUR' } as unknown as Deal['amount'],
    ownerId: 'sales',
    companyId: '40000000-0000-0000-0000-000000000001',
    primaryContactId: '50000000-0000-0000-0000-000000000001',
    contactIds: ['50000000-0000-0000-0000-000000000001'],
    stageEnteredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    rotting: false,
    names: {
      [PIPELINE_ID]: 'New business',
      [st.id!]: st.name!,
      '40000000-0000-0000-0000-000000000001': 'Northwind Traders',
      '50000000-0000-0000-0000-000000000001': 'Nancy Davolio',
    },
    ...extra,
  };
}

export function pipeline(stages: Stage[]): Pipeline {
  return { id: PIPELINE_ID, name: 'New business', version: 1, stages };
}

/** A board whose columns hold `perStage[i]` deals each (ids numbered across the board). */
export function board(stages: Stage[], perStage: number[]): Board {
  let n = 0;
  return {
    pipeline: pipeline(stages),
    stages: stages.map((s, i) => {
      const deals = Array.from({ length: perStage[i] ?? 0 }, () => deal(n++, s));
      return {
        stage: s,
        count: deals.length,
        rottingCount: 0,
        totals: deals.length
          ? [{ currency: 'EUR', amount: `${deals.length * 1000}.00`, weighted: `${(deals.length * 1000 * (s.probability ?? 0)) / 100}.00` }]
          : [],
        deals,
      };
    }),
  };
}
