-- The delivery log is pruned by age (atrium.webhooks.retention): succeeded and failed deliveries by when they
-- finished. Pending ones are never pruned, so they are left out of the index.
create index webhook_delivery_finished on webhook_delivery (status, completed_at) where status <> 'pending';
