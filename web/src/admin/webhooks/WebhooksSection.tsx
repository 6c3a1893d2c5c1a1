import { Route, Routes } from 'react-router';
import { WebhooksPage } from './WebhooksPage';
import { CreateWebhookPage } from './CreateWebhookPage';
import { WebhookPage } from './WebhookPage';
import { DeliveryPage } from './DeliveryPage';

/** /admin/webhooks: subscriptions, a new one, one with its delivery log, one delivery with its attempts. */
export default function WebhooksSection() {
  return (
    <Routes>
      <Route index element={<WebhooksPage />} />
      <Route path="new" element={<CreateWebhookPage />} />
      <Route path=":id" element={<WebhookPage />} />
      <Route path=":id/deliveries/:deliveryId" element={<DeliveryPage />} />
    </Routes>
  );
}
