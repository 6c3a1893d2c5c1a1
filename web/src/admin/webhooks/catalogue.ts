/**
 * The event types a subscription can choose, by record type: Atrium's CloudEvent types as api/asyncapi.json lists
 * them (catalogue.test.ts fails when the two differ), but for the record types webhooks never deliver. The API also
 * takes patterns (`crm.deal.*`, `crm.*`, `*`).
 */
export const CATALOGUE: { group: string; label: string; noun: string; types: string[] }[] = [
  { group: 'crm.activity', label: 'Activities', noun: 'activity', types: ['crm.activity.created.v1', 'crm.activity.deleted.v1', 'crm.activity.updated.v1'] },
  { group: 'crm.company', label: 'Companies', noun: 'company', types: ['crm.company.created.v1', 'crm.company.deleted.v1', 'crm.company.merged.v1', 'crm.company.updated.v1'] },
  { group: 'crm.contact', label: 'Contacts', noun: 'contact', types: ['crm.contact.created.v1', 'crm.contact.deleted.v1', 'crm.contact.erased.v1', 'crm.contact.merged.v1', 'crm.contact.updated.v1'] },
  { group: 'crm.deal', label: 'Deals', noun: 'deal', types: ['crm.deal.created.v1', 'crm.deal.deleted.v1', 'crm.deal.lost.v1', 'crm.deal.reopened.v1', 'crm.deal.stage-changed.v1', 'crm.deal.updated.v1', 'crm.deal.won.v1'] },
  { group: 'crm.pipeline', label: 'Pipelines', noun: 'pipeline', types: ['crm.pipeline.archived.v1', 'crm.pipeline.created.v1', 'crm.pipeline.restored.v1', 'crm.pipeline.updated.v1'] },
  { group: 'crm.task', label: 'Tasks', noun: 'task', types: ['crm.task.completed.v1', 'crm.task.created.v1', 'crm.task.due-changed.v1', 'crm.task.reopened.v1', 'crm.task.updated.v1'] },
  { group: 'crm.ticket', label: 'Tickets', noun: 'ticket', types: ['crm.ticket.assigned.v1', 'crm.ticket.closed.v1', 'crm.ticket.created.v1', 'crm.ticket.replied.v1', 'crm.ticket.resolved.v1', 'crm.ticket.sla-breached.v1', 'crm.ticket.status-changed.v1', 'crm.ticket.updated.v1'] },
];

/**
 * Record types whose events notification-service reads for its directory only and never queues for webhooks (its
 * EventListener fans out crm.contact, company, deal, pipeline, activity, task and ticket), so they are not offered.
 */
export const NOT_DELIVERED = ['crm.team', 'crm.user'];
