// The workspaces the server holds, the one chosen, and its layers by sector.

import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchLayers, fetchWorkspaces } from '../api/layers.ts';
import type { LayerList, Workspace } from '../api/layers.ts';

export interface WorkspaceState {
  workspaces: Workspace[] | null;
  ws: string | null;
  setWs(ws: string): void;
  /** The chosen workspace's layers; null while they load. */
  list: LayerList | null;
  /** Reads the layers again (after an import); resolves with the new list. */
  reload(): Promise<LayerList | null>;
  error: unknown;
}

export function useWorkspace(wanted: string | null): WorkspaceState {
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [ws, setWs] = useState<string | null>(null);
  const [list, setList] = useState<LayerList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const wanted$ = useRef(wanted);

  useEffect(() => {
    fetchWorkspaces().then((all) => {
      setWorkspaces(all);
      setWs(all.find((w) => w.workspace_id === wanted$.current)?.workspace_id ?? all[0]?.workspace_id ?? null);
    }, setError);
  }, []);

  useEffect(() => {
    setList(null);
    if (!ws) return;
    const ctl = new AbortController();
    fetchLayers(ws, ctl.signal).then(setList, (e: unknown) => {
      if (!ctl.signal.aborted) setError(e);
    });
    return () => ctl.abort();
  }, [ws]);

  const reload = useCallback(async (): Promise<LayerList | null> => {
    if (!ws) return null;
    try {
      const l = await fetchLayers(ws);
      setList(l);
      return l;
    } catch (e) {
      setError(e);
      return null;
    }
  }, [ws]);

  const choose = useCallback((next: string) => setWs(next), []);
  return { workspaces, ws, setWs: choose, list, reload, error };
}
