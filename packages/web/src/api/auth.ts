// Who is using the app: signed in (and with which roles), this machine in single-user mode, or the public.

import { fetchOk, getJson } from './http.ts';

export interface Me {
  kind: 'local' | 'public' | 'user' | 'token';
  accounts: boolean;
  email: string | null;
  is_admin: boolean;
  roles: Array<{ workspace_id: string; role: string }>;
  csrf_token: string | null;
}

export const fetchMe = (): Promise<Me> => getJson<Me>('/api/auth/me');

export async function signIn(email: string, password: string): Promise<Me> {
  const res = await fetchOk('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ email, password }) });
  return (await res.json()) as Me;
}

export async function signOut(): Promise<void> {
  await fetchOk('/api/auth/logout', { method: 'POST' });
}
