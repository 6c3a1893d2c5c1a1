import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { setAccessTokenSource } from '../api/client';
import { useLiveEvents, type LiveHandlers } from './useLiveEvents';

/** A server-sent-events response the test writes to, chunk by chunk. */
function eventStream() {
  let push!: (text: string) => void;
  let end!: () => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder();
      push = (text) => controller.enqueue(encoder.encode(text));
      end = () => controller.close();
    },
  });
  return { response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }), push, end };
}

function Probe({ path, handlers }: { path: string | null; handlers: LiveHandlers }) {
  const status = useLiveEvents(path, handlers);
  return <p>status: {status}</p>;
}

const requests: Request[] = [];
let streams: ReturnType<typeof eventStream>[] = [];

beforeEach(() => {
  requests.length = 0;
  streams = [];
  setAccessTokenSource(async () => 'token-1');
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const stream = eventStream();
    streams.push(stream);
    return stream.response;
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setAccessTokenSource(null);
});

describe('useLiveEvents', () => {
  it('opens the stream with the access token, reports ready, and hands each named event to its handler', async () => {
    const ready = vi.fn();
    const deal = vi.fn();
    render(<Probe path="/api/v1/deals/live?pipelineId=p1" handlers={{ ready, deal }} />);

    await waitFor(() => expect(streams).toHaveLength(1));
    expect(new URL(requests[0]!.url).pathname + new URL(requests[0]!.url).search).toBe(
      '/api/v1/deals/live?pipelineId=p1',
    );
    expect(requests[0]!.headers.get('Authorization')).toBe('Bearer token-1');
    expect(screen.getByText('status: connecting')).toBeTruthy();

    act(() => streams[0]!.push('event: ready\ndata: {}\n\n'));
    await screen.findByText('status: live');
    expect(ready).toHaveBeenCalledTimes(1);

    act(() => streams[0]!.push(': keep-alive\n\nevent: deal\nid: e1\ndata: {"dealId":"d1","change":"stage-changed"}\n\n'));
    await waitFor(() => expect(deal).toHaveBeenCalledWith({ dealId: 'd1', change: 'stage-changed' }));
    expect(deal).toHaveBeenCalledTimes(1);
  });

  it('reconnects with the renewed token when the server ends the stream', async () => {
    const ready = vi.fn();
    render(<Probe path="/api/v1/notifications/live" handlers={{ ready }} />);
    await waitFor(() => expect(streams).toHaveLength(1));
    act(() => streams[0]!.push('retry: 10\nevent: ready\ndata: {}\n\n'));
    await waitFor(() => expect(ready).toHaveBeenCalledTimes(1));

    setAccessTokenSource(async () => 'token-2');
    act(() => streams[0]!.end());
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(requests[1]!.headers.get('Authorization')).toBe('Bearer token-2');
    act(() => streams[1]!.push('event: ready\ndata: {}\n\n'));
    await waitFor(() => expect(ready).toHaveBeenCalledTimes(2));
  });

  it('tries again, after a pause, when the service refuses the stream (503 while its feed starts)', async () => {
    let refusals = 1;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      if (refusals-- > 0) {
        return new Response('{"status":503}', { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
      }
      const stream = eventStream();
      streams.push(stream);
      return stream.response;
    });
    const ready = vi.fn();
    render(<Probe path="/api/v1/deals/live" handlers={{ ready }} />);
    await screen.findByText('status: offline');
    await waitFor(() => expect(streams).toHaveLength(1), { timeout: 5_000 });
    act(() => streams[0]!.push('event: ready\ndata: {}\n\n'));
    await screen.findByText('status: live');
    expect(requests).toHaveLength(2);
  });

  it('closes the stream while the tab is hidden and reconnects (and reloads) when it is shown', async () => {
    let visibility: DocumentVisibilityState = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    const ready = vi.fn();
    render(<Probe path="/api/v1/deals/live" handlers={{ ready }} />);
    await waitFor(() => expect(streams).toHaveLength(1));
    act(() => streams[0]!.push('event: ready\ndata: {}\n\n'));
    await waitFor(() => expect(ready).toHaveBeenCalledTimes(1));

    visibility = 'hidden';
    act(() => document.dispatchEvent(new Event('visibilitychange')));
    await screen.findByText('status: connecting');
    expect(streams).toHaveLength(1);

    visibility = 'visible';
    act(() => document.dispatchEvent(new Event('visibilitychange')));
    await waitFor(() => expect(streams).toHaveLength(2));
    act(() => streams[1]!.push('event: ready\ndata: {}\n\n'));
    await waitFor(() => expect(ready).toHaveBeenCalledTimes(2));
  });

  it('opens nothing without a path', () => {
    render(<Probe path={null} handlers={{}} />);
    expect(screen.getByText('status: offline')).toBeTruthy();
    expect(requests).toHaveLength(0);
  });
});
