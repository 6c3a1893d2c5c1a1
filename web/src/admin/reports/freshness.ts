import type { ReportingSchemas } from '../../api/client';

export type TopicFreshness = ReportingSchemas['TopicFreshness'];
export type Generation = ReportingSchemas['Generation'];

export interface ReadModelFreshness {
  id: string;
  title: string;
  topics: string[];
  /** The oldest of the newest events applied from its topics: the view is complete up to then. Null: none yet. */
  lastEvent: Date | null;
  /** Events on its topics not applied yet (summed); null when the service could not tell. */
  lag: number | null;
}

/** Each report view's freshness from the per-topic freshness it is built from. */
export function readModelFreshness(
  views: { id: string; title: string; topics: string[] }[],
  topics: TopicFreshness[],
): ReadModelFreshness[] {
  const byTopic = new Map(topics.map((t) => [t.topic, t]));
  return views.map((view) => {
    const mine = view.topics.map((t) => byTopic.get(t));
    const times = mine.map((t) => (t?.newestEventTime ? new Date(t.newestEventTime).getTime() : null));
    const lags = mine.map((t) => (typeof t?.lag === 'number' ? t.lag : null));
    return {
      id: view.id,
      title: view.title,
      topics: view.topics,
      // Complete only up to its least recent topic; a topic with no event yet leaves the view with none.
      lastEvent: times.length && times.every((t) => t !== null) ? new Date(Math.min(...(times as number[]))) : null,
      lag: lags.every((l) => l !== null) ? (lags as number[]).reduce((a, b) => a + b, 0) : null,
    };
  });
}

/** How far behind, in words: "Up to date", "3 events behind", or "Unknown". */
export function describeLag(lag: number | null | undefined): string {
  if (lag === null || lag === undefined) return 'Unknown';
  if (lag === 0) return 'Up to date';
  return `${lag.toLocaleString('en')} ${lag === 1 ? 'event' : 'events'} behind`;
}

export type RebuildState =
  | { kind: 'idle' }
  | { kind: 'running'; id: number }
  | { kind: 'done'; id: number }
  | { kind: 'failed'; id: number };

/**
 * Where the rebuild into generation `tracked` stands, from the live and building generations the service lists:
 * building while it is listed as building, done once it is the live one, failed when it is no longer listed (the
 * service retires a failed build and the old generation keeps serving). `seenSinceStart`: the list was read after
 * the rebuild started (an older list does not list it yet, which says nothing).
 */
export function rebuildState(items: Generation[] | undefined, tracked: number | null, seenSinceStart: boolean): RebuildState {
  if (tracked === null) return { kind: 'idle' };
  const generation = items?.find((g) => g.id === tracked);
  if (generation?.status === 'live') return { kind: 'done', id: tracked };
  if (generation?.status === 'building' || !seenSinceStart || !items) return { kind: 'running', id: tracked };
  return { kind: 'failed', id: tracked };
}
