import { forwardRef, type SelectHTMLAttributes } from 'react';
import { useAllUsers } from '../users/directory';
import { UserOptions } from '../users/UserOptions';

interface Props extends SelectHTMLAttributes<HTMLSelectElement> {
  /** Shown as the empty choice. */
  emptyLabel: string;
  /** Ids left out of the list (e.g. the current members when adding one). */
  exclude?: readonly string[];
  /** An id to keep choosable even if it is not an active user (the current manager). */
  keep?: string | null;
}

/** A select of the directory's active users, for react-hook-form's register(). */
export const UserSelect = forwardRef<HTMLSelectElement, Props>(function UserSelect(
  { emptyLabel, exclude = [], keep, ...select },
  ref,
) {
  const users = useAllUsers(true);
  const options = (users.data ?? []).filter((u) => u.id && !exclude.includes(u.id));
  return (
    <select ref={ref} {...select}>
      <option value="">{users.isPending ? 'Loading people…' : emptyLabel}</option>
      {keep && !options.some((u) => u.id === keep) && <option value={keep}>(current, inactive)</option>}
      <UserOptions users={options} />
    </select>
  );
});
