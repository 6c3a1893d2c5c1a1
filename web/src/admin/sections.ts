import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** One admin section: its path under /admin, its label in the sub-navigation, its screen (lazy), what it is for. */
export interface AdminSection {
  path: string;
  label: string;
  component: LazyExoticComponent<ComponentType>;
  description: string;
}

/** The admin sections, in the order the sub-navigation shows them. Each loads on first visit. */
export const sections: AdminSection[] = [
  {
    path: 'users',
    label: 'Users',
    component: lazy(() => import('./users/UsersSection')),
    description: 'People in the directory: manager, time zone, deactivate with their records moved to a colleague.',
  },
  {
    path: 'teams',
    label: 'Teams',
    component: lazy(() => import('./teams/TeamsSection')),
    description: 'Teams, their managers and members.',
  },
  {
    path: 'webhooks',
    label: 'Webhooks',
    component: lazy(() => import('./webhooks/WebhooksSection')),
    description: 'Subscriptions that send Atrium’s events to other systems, their delivery log and redelivery.',
  },
];
