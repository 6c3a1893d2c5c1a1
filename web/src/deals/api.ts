import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { dealApi } from '../api/client';
import { ApiError, dataOrThrow } from '../api/problems';
import { ifMatch } from '../api/etag';
import { type Board, type Deal } from './model';

/** Deals per stage the board asks for; a column with more offers "Show more" (the column's cursor). */
export const BOARD_LIMIT = 50;

export const boardKey = (pipelineId: string, ownerId: string | null) => ['board', pipelineId, ownerId ?? '*'] as const;
export const dealKey = (id: string) => ['deal', id] as const;

export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: async ({ signal }) => dataOrThrow(await dealApi.GET('/api/v1/pipelines', { signal })).items ?? [],
    staleTime: 5 * 60_000,
  });
}

/** The most deals one request may ask for (the services' `limit` is 1–200). */
const MAX_LIMIT = 200;

/**
 * The board of a pipeline. A reload (a live event, a settled move) keeps what the person has opened: a column that
 * shows more than its first page ("Show more") is read on to as many deals as it shows now, inside the same fetch,
 * so the board changes once, with the fresh data, and the extra cards never disappear in between.
 */
export function useBoard(pipelineId: string | undefined, ownerId: string | null) {
  return useQuery({
    queryKey: boardKey(pipelineId ?? '', ownerId),
    enabled: !!pipelineId,
    queryFn: async ({ client, queryKey, signal }) => {
      const shown = new Map(
        (client.getQueryData<Board>(queryKey)?.stages ?? []).map((c) => [c.stage?.id, c.deals?.length ?? 0]),
      );
      const board = dataOrThrow(
        await dealApi.GET('/api/v1/pipelines/{id}/board', {
          params: { path: { id: pipelineId! }, query: { ownerId: ownerId ?? undefined, limit: BOARD_LIMIT } },
          signal,
        }),
      );
      if (![...shown.values()].some((n) => n > BOARD_LIMIT)) return board;
      const stages = await Promise.all(
        (board.stages ?? []).map(async (column) => {
          const wanted = shown.get(column.stage?.id) ?? 0;
          let deals = column.deals ?? [];
          let next = column.next;
          while (next && deals.length < wanted) {
            const page = await columnPage(
              pipelineId!,
              ownerId,
              column.stage!.id!,
              next,
              Math.min(MAX_LIMIT, wanted - deals.length),
              signal,
            );
            deals = appendNew(deals, page.items ?? []);
            next = page.next ?? undefined;
          }
          return deals === column.deals ? column : { ...column, deals, next };
        }),
      );
      return { ...board, stages };
    },
  });
}

/** One page of a column's deals after `after` (the deal list sorted by stageEntered, which the board's cursor continues). */
async function columnPage(
  pipelineId: string,
  ownerId: string | null,
  stageId: string,
  after: string,
  limit: number,
  signal?: AbortSignal,
) {
  return dataOrThrow(
    await dealApi.GET('/api/v1/deals', {
      params: {
        query: { pipelineId, stageId, ownerId: ownerId ?? undefined, status: 'open', sort: 'stageEntered', limit, after },
      },
      signal,
    }),
  );
}

/** `more` after `deals`, leaving out any deal already there (a deal that moved between two reads). */
function appendNew(deals: Deal[], more: Deal[]): Deal[] {
  const have = new Set(deals.map((d) => d.id));
  return [...deals, ...more.filter((d) => !have.has(d.id))];
}

/** The next deals of one column (the board's `next` cursor continues the deal list sorted by stageEntered). */
export async function fetchMoreOfColumn(
  queries: QueryClient,
  pipelineId: string,
  ownerId: string | null,
  stageId: string,
  after: string,
) {
  const key = boardKey(pipelineId, ownerId);
  const page = await columnPage(pipelineId, ownerId, stageId, after, BOARD_LIMIT);
  queries.setQueryData<Board>(key, (board) =>
    board
      ? {
          ...board,
          stages: board.stages?.map((c) =>
            c.stage?.id === stageId
              ? { ...c, deals: appendNew(c.deals ?? [], page.items ?? []), next: page.next ?? undefined }
              : c,
          ),
        }
      : board,
  );
  // A reload that started before these cards arrived would answer without them: start it again, so it reads on to
  // what the column shows now.
  if (queries.isFetching({ queryKey: key }) > 0) void queries.invalidateQueries({ queryKey: key });
}

/** The board with one deal taken out of its column and put at the end of another (counts follow; totals refetch). */
export function withDealMoved(board: Board, dealId: string, toStageId: string): Board {
  let moved: Deal | undefined;
  const stages = board.stages?.map((c) => {
    const found = c.deals?.find((d) => d.id === dealId);
    if (!found) return c;
    moved = found;
    return { ...c, count: Math.max(0, (c.count ?? 1) - 1), deals: c.deals?.filter((d) => d.id !== dealId) };
  });
  if (!moved) return board;
  const target = board.stages?.find((c) => c.stage?.id === toStageId)?.stage;
  const entered: Deal = {
    ...moved,
    stageId: toStageId,
    stageEnteredAt: new Date().toISOString(),
    rotting: false,
    names: { ...moved.names, ...(target?.id && target.name ? { [target.id]: target.name } : {}) },
  };
  return {
    ...board,
    stages: stages?.map((c) =>
      c.stage?.id === toStageId ? { ...c, count: (c.count ?? 0) + 1, deals: [...(c.deals ?? []), entered] } : c,
    ),
  };
}

export interface MoveVariables {
  deal: Deal;
  toStageId: string;
  toStageName: string;
}

/**
 * Moves a deal to another stage: the board shows it there at once; if the service refuses (409, 412, 422, …) the
 * board goes back to what it was and `onRefused` says why.
 */
export function useMoveDeal(
  pipelineId: string,
  ownerId: string | null,
  onRefused: (v: MoveVariables, error: Error) => void,
) {
  const queries = useQueryClient();
  const key = boardKey(pipelineId, ownerId);
  return useMutation({
    mutationFn: async ({ deal, toStageId }: MoveVariables) =>
      dataOrThrow(
        await dealApi.POST('/api/v1/deals/{id}/move', {
          params: { path: { id: deal.id! }, header: { 'If-Match': ifMatch(deal) } },
          body: { stageId: toStageId },
        }),
      ),
    onMutate: async ({ deal, toStageId }) => {
      await queries.cancelQueries({ queryKey: key });
      queries.setQueryData<Board>(key, (b) => (b ? withDealMoved(b, deal.id!, toStageId) : b));
    },
    onError: (error, variables) => {
      // Only this deal goes back to its stage: another move still in flight keeps its place.
      const { deal } = variables;
      queries.setQueryData<Board>(key, (b) => (b && deal.stageId ? withDealMoved(b, deal.id!, deal.stageId) : b));
      onRefused(variables, error);
    },
    onSuccess: (deal) => {
      queries.setQueryData(dealKey(deal.id!), deal);
      // The card takes the moved deal's new version at once, so a win or a second move right after (before the
      // board's refetch) sends the current ETag.
      queries.setQueryData<Board>(key, (b) =>
        b
          ? {
              ...b,
              stages: b.stages?.map((c) => ({ ...c, deals: c.deals?.map((d) => (d.id === deal.id ? deal : d)) })),
            }
          : b,
      );
    },
    onSettled: () => queries.invalidateQueries({ queryKey: ['board', pipelineId] }),
  });
}

export type Outcome = 'win' | 'lose';

export interface CloseVariables {
  deal: Deal;
  outcome: Outcome;
  note?: string;
  reason?: string;
}

/** Wins (optional note) or loses (a reason) a deal; refreshes the board and the record. */
export function useCloseDeal() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async ({ deal, outcome, note, reason }: CloseVariables) => {
      const options = { params: { path: { id: deal.id! }, header: { 'If-Match': ifMatch(deal) } } };
      return outcome === 'win'
        ? dataOrThrow(await dealApi.POST('/api/v1/deals/{id}/win', { ...options, body: { note: note || undefined } }))
        : dataOrThrow(
            await dealApi.POST('/api/v1/deals/{id}/lose', {
              ...options,
              body: { reason: reason ?? '', note: note || undefined },
            }),
          );
    },
    onSuccess: (deal) => {
      queries.setQueryData(dealKey(deal.id!), deal);
      void queries.invalidateQueries({ queryKey: ['board'] });
      void queries.invalidateQueries({ queryKey: ['stage-history', deal.id] });
    },
    onError: (_error, { deal }) => {
      // A refusal (412 above all) means the deal we hold is not the server's: fetch it again, so trying once more
      // sends the current version.
      void queries.invalidateQueries({ queryKey: ['board'] });
      void queries.invalidateQueries({ queryKey: dealKey(deal.id!) });
    },
  });
}

/** What a refused call says to a person: the problem's detail or title, with the status for the unexpected. */
export function describeRefusal(error: Error): string {
  if (error instanceof ApiError) {
    const p = error.problem;
    if (error.status === 412) return 'Someone changed this deal meanwhile; the board now shows its current state.';
    return p.detail ?? p.title ?? `HTTP ${error.status}`;
  }
  return error.message;
}
