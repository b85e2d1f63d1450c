// Who may do what (pure: no I/O). A principal has a role per workspace; a route declares the
// permission it needs; an object's visibility says which roles may see it at all.

export const ROLES = ['owner', 'planner', 'analyst', 'stakeholder'] as const;
export type Role = (typeof ROLES)[number];
/** A role in one workspace, or 'public' for someone with none there (anonymous or a member elsewhere). */
export type WorkspaceRole = Role | 'public';

export const VISIBILITIES = ['private', 'workspace', 'published'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

const RANK: Record<WorkspaceRole, number> = { public: 0, stakeholder: 1, analyst: 2, planner: 3, owner: 4 };

/**
 * What a route needs:
 * - `public`: anyone, signed in or not (health, sign-in, the global catalogs, the web app);
 * - `read`: anyone too, but what the route returns is filtered by visibility (published only for the public);
 * - `comment`: workspace members from stakeholder up (comments on the layers they see);
 * - `view`: workspace members who see internal data (analyst and up): datasets, jobs, audit-free internals;
 * - `compute`: analyst and up (indicator runs, index builds and previews);
 * - `edit`: planner and up (imports, observations, targets, specs, visibility);
 * - `manage`: the workspace's owner (members, tokens, the audit log);
 * - `admin`: a site administrator (new workspaces, the site-wide audit log).
 */
export const PERMISSIONS = ['public', 'read', 'comment', 'view', 'compute', 'edit', 'manage', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const PERMISSION_RANK: Record<Exclude<Permission, 'public' | 'admin'>, number> = { read: 0, comment: 1, view: 2, compute: 2, edit: 3, manage: 4 };

/** The smallest role that sees an object of this visibility. Stakeholders read published data only. */
const VISIBILITY_RANK: Record<Visibility, number> = { published: 0, workspace: 2, private: 3 };

export type Principal =
  /** Loopback, single-user embedded mode while no account exists: the machine's own user. */
  | { kind: 'local' }
  | { kind: 'public' }
  | { kind: 'user'; userId: string; email: string; isAdmin: boolean; roles: ReadonlyMap<string, Role>; csrf: string }
  | { kind: 'token'; tokenId: string; workspace: string; role: Role };

export function isAdmin(p: Principal): boolean {
  return p.kind === 'local' || (p.kind === 'user' && p.isAdmin);
}

export function roleIn(p: Principal, workspace: string): WorkspaceRole {
  if (isAdmin(p)) return 'owner';
  if (p.kind === 'user') return p.roles.get(workspace) ?? 'public';
  if (p.kind === 'token') return p.workspace === workspace ? p.role : 'public';
  return 'public';
}

/** Whether the principal holds `permission` in `workspace` (undefined for routes outside every workspace). */
export function allows(p: Principal, permission: Permission, workspace: string | undefined): boolean {
  if (permission === 'public') return true;
  if (permission === 'admin') return isAdmin(p);
  if (workspace === undefined) return permission === 'read' || isAdmin(p);
  return RANK[roleIn(p, workspace)] >= PERMISSION_RANK[permission];
}

export function canSee(role: WorkspaceRole, visibility: Visibility): boolean {
  return RANK[role] >= VISIBILITY_RANK[visibility];
}

/** Attributes a layer schema marks personal are seen by those who edit the data, nobody else. */
export function seesPersonal(role: WorkspaceRole): boolean {
  return RANK[role] >= RANK.planner;
}

/** Whether a role may make an object this visible: publishing is for planners and owners. */
export function canSetVisibility(role: WorkspaceRole): boolean {
  return RANK[role] >= RANK.planner;
}

/** How the audit log names who acted. */
export function actorName(p: Principal): string {
  switch (p.kind) {
    case 'local':
      return 'local';
    case 'public':
      return 'public';
    case 'user':
      return `user:${p.email}`;
    case 'token':
      return `token:${p.tokenId}`;
  }
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function isVisibility(s: string): s is Visibility {
  return (VISIBILITIES as readonly string[]).includes(s);
}
