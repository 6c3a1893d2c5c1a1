/**
 * The screens that load on first visit, outside the initial bundle, by the path that opens them. `lazy()` in App and
 * the navigation's preloading share these loaders, so a chunk fetched early (the pointer resting on a link, a link
 * focused, the browser idle after sign-in) is the one the route then renders without waiting.
 */
const loaders = {
  '/deals': () => import('../deals/DealsPage'),
  '/deals/new': () => import('../deals/CreateDealPage'),
  '/deals/:id': () => import('../deals/DealPage'),
  '/dashboards': () => import('../dashboards/DashboardsPage'),
  '/admin': () => import('../admin/AdminPage'),
  '/inbox': () => import('../inbox/InboxPage'),
  '/inbox/open': () => import('../inbox/OpenLinkPage'),
  '/settings/notifications': () => import('../inbox/NotificationSettingsPage'),
  // One screen for every kind of import (the same module under each kind's path).
  '/contacts/import': () => import('../imports/ImportPage'),
  '/companies/import': () => import('../imports/ImportPage'),
  '/deals/import': () => import('../imports/ImportPage'),
  '/activities/import': () => import('../imports/ImportPage'),
  // Duplicates and merge, the same screens for contacts and companies.
  '/contacts/duplicates': () => import('../duplicates/DuplicatesPage'),
  '/companies/duplicates': () => import('../duplicates/DuplicatesPage'),
  '/contacts/merge': () => import('../duplicates/MergePage'),
  '/companies/merge': () => import('../duplicates/MergePage'),
} as const;

export type ChunkPath = keyof typeof loaders;

const started = new Map<ChunkPath, Promise<unknown>>();

/** Loads a screen's chunk once (later calls share the first); a failed load may be tried again. */
export function load<P extends ChunkPath>(path: P): ReturnType<(typeof loaders)[P]> {
  let loading = started.get(path);
  if (!loading) {
    loading = loaders[path]().catch((e: unknown) => {
      started.delete(path);
      throw e;
    });
    started.set(path, loading);
  }
  return loading as ReturnType<(typeof loaders)[P]>;
}

/** Starts loading the chunk a navigation link leads to, if it has one; errors surface when the route renders. */
export function preload(path: string): void {
  if (Object.hasOwn(loaders, path)) load(path as ChunkPath).catch(() => {});
}

/**
 * The screens worth fetching as soon as the browser is idle after the first screen: the board is where sales works
 * all day (its chunk carries drag and drop); the others wait for a pointer or focus on their link.
 */
export const PRELOAD_WHEN_IDLE: readonly ChunkPath[] = ['/deals'];
