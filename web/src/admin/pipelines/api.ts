import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dealApi, type DealSchemas } from '../../api/client';
import { ApiError, dataOrThrow } from '../../api/problems';
import { ifMatch } from '../../api/etag';
import type { StageValues } from './schemas';

export type Pipeline = DealSchemas['PipelineView'];
export type Stage = DealSchemas['Stage'];

export const allPipelinesKey = ['admin', 'pipelines'] as const;
export const pipelineKey = (id: string) => ['admin', 'pipeline', id] as const;

/** Every pipeline, archived ones too. */
export function useAllPipelines() {
  return useQuery({
    queryKey: allPipelinesKey,
    queryFn: async ({ signal }) =>
      dataOrThrow(await dealApi.GET('/api/v1/pipelines', { params: { query: { includeArchived: true } }, signal }))
        .items ?? [],
  });
}

export function usePipeline(id: string) {
  return useQuery({
    queryKey: pipelineKey(id),
    queryFn: async ({ signal }) =>
      dataOrThrow(await dealApi.GET('/api/v1/pipelines/{id}', { params: { path: { id } }, signal })),
  });
}

/** One change to a pipeline; each is sent with If-Match set to the version it was made against. */
export type PipelineChange =
  | { kind: 'rename'; name: string }
  | { kind: 'archive' }
  | { kind: 'restore' }
  | { kind: 'addStage'; stage: StageValues }
  | { kind: 'updateStage'; stageId: string; stage: StageValues }
  | { kind: 'removeStage'; stageId: string }
  | { kind: 'reorder'; stageIds: string[] };

async function send(pipeline: Pipeline, change: PipelineChange): Promise<Pipeline> {
  const id = pipeline.id!;
  const header = { 'If-Match': ifMatch(pipeline) };
  switch (change.kind) {
    case 'rename':
      return dataOrThrow(
        await dealApi.PATCH('/api/v1/pipelines/{id}', { params: { path: { id }, header }, body: { name: change.name } }),
      );
    case 'archive':
      return dataOrThrow(await dealApi.POST('/api/v1/pipelines/{id}/archive', { params: { path: { id }, header } }));
    case 'restore':
      return dataOrThrow(await dealApi.POST('/api/v1/pipelines/{id}/restore', { params: { path: { id }, header } }));
    case 'addStage':
      return dataOrThrow(
        await dealApi.POST('/api/v1/pipelines/{id}/stages', { params: { path: { id }, header }, body: change.stage }),
      );
    case 'updateStage':
      return dataOrThrow(
        await dealApi.PUT('/api/v1/pipelines/{id}/stages/{stageId}', {
          params: { path: { id, stageId: change.stageId }, header },
          body: change.stage,
        }),
      );
    case 'removeStage':
      return dataOrThrow(
        await dealApi.DELETE('/api/v1/pipelines/{id}/stages/{stageId}', {
          params: { path: { id, stageId: change.stageId }, header },
        }),
      );
    case 'reorder':
      return dataOrThrow(
        await dealApi.PUT('/api/v1/pipelines/{id}/stage-order', {
          params: { path: { id }, header },
          body: { stageIds: change.stageIds },
        }),
      );
  }
}

/** The stages in the order `stageIds` names them. */
export function inOrder(stages: Stage[], stageIds: string[]): Stage[] {
  const byId = new Map(stages.map((s) => [s.id, s]));
  return stageIds.map((id) => byId.get(id)).filter((s): s is Stage => !!s);
}

/**
 * Changes a pipeline. The answer (the pipeline with its new version) replaces the cached one; a new stage order shows
 * at once and goes back if the service refuses it; a 412 (changed by someone else) reloads the pipeline. The deals
 * screens' pipeline list and boards are refreshed after every change.
 */
export function useChangePipeline(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ pipeline, change }: { pipeline: Pipeline; change: PipelineChange }) => send(pipeline, change),
    onMutate: async ({ pipeline, change }) => {
      if (change.kind !== 'reorder') return undefined;
      await queries.cancelQueries({ queryKey: pipelineKey(id) });
      queries.setQueryData<Pipeline>(pipelineKey(id), { ...pipeline, stages: inOrder(pipeline.stages ?? [], change.stageIds) });
      return { before: pipeline };
    },
    onSuccess: (updated) => {
      queries.setQueryData(pipelineKey(id), updated);
    },
    onError: (error, _vars, context) => {
      if (context?.before) queries.setQueryData(pipelineKey(id), context.before);
      if (error instanceof ApiError && error.status === 412) void queries.invalidateQueries({ queryKey: pipelineKey(id) });
    },
    onSettled: () => {
      void queries.invalidateQueries({ queryKey: allPipelinesKey });
      // The deals screens' picker (active pipelines) and boards.
      void queries.invalidateQueries({ queryKey: ['pipelines'] });
      void queries.invalidateQueries({ queryKey: ['board'] });
    },
  });
}
