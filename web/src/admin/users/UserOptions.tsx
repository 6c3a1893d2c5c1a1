import { userLabel, type User } from './directory';

/** People as a select's options: "Nancy Davolio (ndavolio)", their id the value. */
export function UserOptions({ users }: { users: readonly User[] }) {
  return users.map((u) => (
    <option key={u.id} value={u.id}>
      {userLabel(u)} ({u.userName})
    </option>
  ));
}
