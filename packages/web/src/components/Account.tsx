// Signing in and out, beside the language switch on every page. Nothing shows in single-user mode
// (this machine before the first account exists); otherwise the signed-in email and a sign-out button, or a
// sign-in button that opens a dialog. After either, the page reloads so every view reads the data
// the new caller may see.

import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { fetchMe, signIn, signOut } from '../api/auth.ts';
import type { Me } from '../api/auth.ts';
import { useI18n } from '../i18n.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';

function SignInDialog({ onClose }: { onClose(): void }): ReactNode {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      window.location.reload();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('auth.title')} subtitle={t('auth.subtitle')} onClose={onClose}
      footer={<button type="submit" form="sign-in" className="button primary" disabled={busy}>{t('auth.sign_in')}</button>}>
      <form id="sign-in" className="custom-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('auth.email')}</span>
          <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error !== null && <ErrorNote error={error} />}
      </form>
    </Dialog>
  );
}

const ROLE_KEYS: readonly string[] = ['owner', 'planner', 'analyst', 'stakeholder'];
type Role = 'owner' | 'planner' | 'analyst' | 'stakeholder';

export function Account(): ReactNode {
  const { t } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    fetchMe().then(setMe, () => setMe(null));
  }, []);
  if (!me || me.kind === 'local' || me.kind === 'token') return null;
  if (me.kind === 'user') {
    return (
      <div className="account">
        <span className="account-email" title={me.roles.map((r) => `${r.workspace_id}: ${ROLE_KEYS.includes(r.role) ? t(`role.${r.role as Role}`) : r.role}`).join('\n')}>{me.email}</span>
        <button type="button" className="tool-button" onClick={() => void signOut().then(() => window.location.reload())}>{t('auth.sign_out')}</button>
      </div>
    );
  }
  return (
    <>
      <button type="button" className="tool-button" onClick={() => setOpen(true)}>{t('auth.sign_in')}</button>
      {open && <SignInDialog onClose={() => setOpen(false)} />}
    </>
  );
}
