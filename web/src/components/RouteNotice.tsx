import { useLocation, useNavigate } from 'react-router';
import styles from './RouteNotice.module.css';

/** What a screen hands the next one to say once (“Merged … into …”): `navigate(path, { state: noticeState(…) })`. */
export interface NoticeState {
  notice: string;
}

export function noticeState(notice: string): NoticeState {
  return { notice };
}

function noticeOf(state: unknown): string | null {
  const notice = (state as Partial<NoticeState> | null)?.notice;
  return typeof notice === 'string' && notice ? notice : null;
}

/**
 * The toast: a notice the previous screen passed in the navigation's state, shown over the page until dismissed (or
 * the next navigation). The live region is always there (in the shell), so screen readers announce what appears in
 * it; the notice stays until dismissed rather than timing out under someone still reading it.
 */
export function RouteNotice() {
  const location = useLocation();
  const navigate = useNavigate();
  const notice = noticeOf(location.state);
  const dismiss = () =>
    void navigate({ pathname: location.pathname, search: location.search, hash: location.hash }, { replace: true, state: null });
  return (
    <div role="status" className={styles.region}>
      {notice && (
        <div className={styles.toast}>
          <span>{notice}</span>
          <button type="button" className={styles.dismiss} onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
