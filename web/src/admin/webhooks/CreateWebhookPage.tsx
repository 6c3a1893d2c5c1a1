import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { notificationApi } from '../../api/client';
import { dataOrThrow } from '../../api/problems';
import { applyProblem } from '../kit/formProblem';
import styles from '../kit/admin.module.css';
import { SecretPanel } from './SecretPanel';
import { SubscriptionFields } from './SubscriptionFields';
import {
  eventTypesOf,
  keys,
  subscriptionFieldOf,
  subscriptionName,
  subscriptionSchema,
  type Subscription,
  type SubscriptionForm,
} from './webhooks';

/** A new subscription; its signing secret is shown once, here, before going on to the subscription. */
export function CreateWebhookPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [general, setGeneral] = useState<string | null>(null);
  const [created, setCreated] = useState<{ subscription: Subscription; secret: string } | null>(null);
  const form = useForm<SubscriptionForm>({
    resolver: zodResolver(subscriptionSchema),
    defaultValues: { url: '', description: '', eventTypes: [], patterns: '' },
  });
  const create = useMutation({
    mutationFn: async (v: SubscriptionForm) =>
      dataOrThrow(
        await notificationApi.POST('/api/v1/webhooks/subscriptions', {
          body: { url: v.url.trim(), description: v.description.trim() || undefined, eventTypes: eventTypesOf(v) },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (answer) => {
      void queries.invalidateQueries({ queryKey: keys.list });
      if (answer.subscription?.id) queries.setQueryData(keys.one(answer.subscription.id), answer.subscription);
      setCreated({ subscription: answer.subscription!, secret: answer.secret ?? '' });
    },
    onError: (e) => setGeneral(applyProblem(e, form.setError, subscriptionFieldOf)),
  });

  if (created) {
    const open = () => void navigate(`/admin/webhooks/${created.subscription.id}`);
    return (
      <section>
        <Link to="/admin/webhooks" className={styles.back}>
          ← Webhooks
        </Link>
        <h1>Subscription created</h1>
        <p>
          “{subscriptionName(created.subscription)}” now receives {created.subscription.eventTypes?.join(', ')}.
        </p>
        <SecretPanel secret={created.secret} onDismiss={open} />
        <Link to={`/admin/webhooks/${created.subscription.id}`}>Open the subscription and its delivery log</Link>
      </section>
    );
  }

  return (
    <section>
      <Link to="/admin/webhooks" className={styles.back}>
        ← Webhooks
      </Link>
      <h1>New webhook subscription</h1>
      <form
        className={`${styles.form} ${styles.wide}`}
        noValidate
        onSubmit={form.handleSubmit((v) => {
          setGeneral(null);
          create.mutate(v);
        })}
      >
        {general && (
          <p className="alert" role="alert">
            {general}
          </p>
        )}
        <SubscriptionFields form={form} idPrefix="new-webhook" />
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create subscription'}
          </button>
          <Link to="/admin/webhooks" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
