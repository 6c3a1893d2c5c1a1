import { useEffect, useRef, useState } from 'react';
import { EventSource } from 'eventsource';
import { accessToken } from '../api/client';

/** Where a live stream stands: connecting (or reconnecting), live, or given up on for now (retrying later). */
export type LiveStatus = 'connecting' | 'live' | 'offline';

export type LiveHandlers = Record<string, (data: unknown) => void>;

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * Subscribes to one of the services' live streams (server-sent events through the gateway) while the component is
 * mounted: `path` like `/api/v1/deals/live?pipelineId=…`, or null for none. Each request carries the current access
 * token (EventSource cannot send headers, so the `eventsource` package does the fetch); the server ends a stream when
 * the token it was opened with expires and the next connection takes the renewed one. Every connection starts with a
 * `ready` event, after which nothing is missed: handle it by loading (again) what the screen shows. A stream that
 * fails for good (the service down, a refusal, 503 while the service's feed starts) is retried with a growing pause.
 * A hidden tab closes its stream and reconnects when shown again.
 */
export function useLiveEvents(path: string | null, handlers: LiveHandlers): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;
  const names = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    if (!path) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let pause = RETRY_MIN_MS;
    let stopped = false;

    const connect = () => {
      setStatus('connecting');
      const es = new EventSource(new URL(path, window.location.origin).toString(), {
        fetch: async (input, init) => {
          const token = await accessToken();
          return fetch(input, {
            ...init,
            headers: { ...init.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          });
        },
      });
      source = es;
      es.addEventListener('ready', (e) => {
        pause = RETRY_MIN_MS;
        setStatus('live');
        latest.current.ready?.(parse(e.data));
      });
      for (const name of names.split(',').filter((n) => n && n !== 'ready')) {
        es.addEventListener(name, (e) => latest.current[name]?.(parse(e.data)));
      }
      es.addEventListener('error', () => {
        if (stopped) return;
        if (es.readyState === EventSource.CLOSED) {
          // Given up (a refusal or the service away): try again later, the pause growing each time.
          setStatus('offline');
          source = null;
          retry = setTimeout(connect, pause);
          pause = Math.min(pause * 2, RETRY_MAX_MS);
        } else {
          setStatus('connecting'); // the stream ended (e.g. its token expired): the source reconnects by itself
        }
      });
    };

    // Only a tab on screen holds its streams: a browser allows 6 connections to a host over HTTP/1.1, and every
    // hidden tab holding two would soon leave none for the API. A tab coming back reconnects and reloads on `ready`.
    const suspend = () => {
      clearTimeout(retry);
      source?.close();
      source = null;
      setStatus('connecting');
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') suspend();
      else if (!source) connect();
    };
    document.addEventListener('visibilitychange', onVisibility);
    if (document.visibilityState !== 'hidden') connect();
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(retry);
      source?.close();
    };
  }, [path, names]);

  return path ? status : 'offline';
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
