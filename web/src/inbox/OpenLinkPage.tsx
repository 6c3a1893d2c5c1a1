import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useParams } from 'react-router';
import { activityApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { recordPathOf } from './notifications';

/**
 * A notification about a task or a note (a mention) has no page of its own in the app: this looks the task or the
 * activity up and goes on, replacing itself in the history, to the record it is on (contact, else company, else deal).
 */
export function OpenLinkPage() {
  const { type = '', id = '' } = useParams();
  const what = type === 'task' ? 'task' : type === 'activity' ? 'note' : null;
  const target = useQuery({
    queryKey: ['notification-link', type, id],
    enabled: what !== null && id !== '',
    queryFn: async ({ signal }) => {
      const item =
        type === 'task'
          ? dataOrThrow(await activityApi.GET('/api/v1/tasks/{id}', { params: { path: { id } }, signal }))
          : dataOrThrow(await activityApi.GET('/api/v1/activities/{id}', { params: { path: { id } }, signal }));
      return recordPathOf(item) ?? (type === 'task' ? '/my-day' : null);
    },
  });

  if (what && target.data) return <Navigate to={target.data} replace />;
  return (
    <section>
      <h1>{target.isError || what === null || target.isSuccess ? 'This notification’s record' : `Opening the ${what}…`}</h1>
      {what === null && <p className="alert">The app has no page for this kind of notification.</p>}
      {target.isPending && what && <p role="status">Looking up the {what}…</p>}
      {target.isError && (
        <p className="alert" role="alert">
          Could not open the {what}: {target.error.message}
        </p>
      )}
      {target.isSuccess && !target.data && <p className="alert">This {what} is not on a contact, company or deal.</p>}
      <p>
        <Link to="/inbox">Back to the inbox</Link>
      </p>
    </section>
  );
}

export default OpenLinkPage;
