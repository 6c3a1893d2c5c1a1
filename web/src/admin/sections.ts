import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * One section of the admin area: a sub-navigation entry and the screen at `/admin/<path>` (its own nested routes
 * under `/admin/<path>/*`). Each screen is lazy: it loads when first opened, outside the initial bundle.
 */
export interface AdminSection {
  /** The URL segment under /admin (no slashes), e.g. `pipelines`. */
  path: string;
  /** The sub-navigation entry and the section's name on the overview. */
  label: string;
  /** One sentence on the overview: what an admin does there. */
  description: string;
  /** The section's screen; it renders its own h1 and may route further below /admin/<path>/. */
  component: LazyExoticComponent<ComponentType>;
}

/** The admin area's sections, in sub-navigation order. Add a section by appending an entry. */
export const ADMIN_SECTIONS: AdminSection[] = [
  {
    path: 'pipelines',
    label: 'Pipelines',
    description: 'Sales pipelines and their stages: names, probabilities, rotting days and order; archive and restore.',
    component: lazy(() => import('./pipelines/PipelinesSection')),
  },
  {
    path: 'reports',
    label: 'Reports',
    description: 'How fresh the report views are, and rebuilding them from the event stream.',
    component: lazy(() => import('./reports/ReportsSection')),
  },
  {
    path: 'users',
    label: 'Users',
    description: 'People in the directory: manager, time zone, deactivate with their records moved to a colleague.',
    component: lazy(() => import('./users/UsersSection')),
  },
  {
    path: 'teams',
    label: 'Teams',
    description: 'Teams, their managers and members.',
    component: lazy(() => import('./teams/TeamsSection')),
  },
  {
    path: 'webhooks',
    label: 'Webhooks',
    description: 'Subscriptions that send Atrium’s events to other systems, their delivery log and redelivery.',
    component: lazy(() => import('./webhooks/WebhooksSection')),
  },
];
