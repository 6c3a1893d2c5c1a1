import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type ListConfig, type ListState, paramsFromState, stateFromParams } from './listState';

/** The list's state, kept in the URL (replacing the entry, so typing does not fill the history). */
export function useListState(config: ListConfig) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => stateFromParams(params, config), [params, config]);
  const setState = useCallback(
    (next: ListState) => setParams(paramsFromState(next, config), { replace: true }),
    [setParams, config],
  );
  const update = useCallback((patch: Partial<ListState>) => setState({ ...state, ...patch }), [state, setState]);
  return { state, setState, update };
}
