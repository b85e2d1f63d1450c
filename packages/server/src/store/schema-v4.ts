// Schema version 4: accounts and access. Users with scrypt password hashes, their roles per
// workspace, web sessions and API tokens (both stored as SHA-256 hashes: a leaked table grants
// nothing), visibility of layers, indicators and index specs, and the append-only audit log.

export const VISIBILITY_CHECK = "check (visibility in ('private', 'workspace', 'published'))";

export const SCHEMA_V4: readonly string[] = [
  `alter table layer add column visibility text not null default 'workspace' ${VISIBILITY_CHECK}`,
  `alter table index_spec add column visibility text not null default 'workspace' ${VISIBILITY_CHECK}`,
  // Catalog indicators belong to no workspace, so a workspace's choice for each lives here; an
  // indicator without a row is 'workspace'.
  `create table indicator_visibility (
    workspace_id text not null references workspace on delete cascade,
    indicator_id text not null,
    visibility text not null ${VISIBILITY_CHECK},
    primary key (workspace_id, indicator_id)
  )`,
  `create table app_user (
    user_id text primary key,
    email text not null unique check (email = lower(email) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    password_hash text not null check (password_hash like 'scrypt$%'),
    is_admin boolean not null default false,
    created_at timestamptz not null
  )`,
  `create table membership (
    workspace_id text not null references workspace on delete cascade,
    user_id text not null references app_user on delete cascade,
    role text not null check (role in ('owner', 'planner', 'analyst', 'stakeholder')),
    created_at timestamptz not null,
    primary key (workspace_id, user_id)
  )`,
  `create table user_session (
    session_hash text primary key check (session_hash ~ '^[0-9a-f]{64}$'),
    user_id text not null references app_user on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`,
  `create table api_token (
    workspace_id text not null references workspace on delete cascade,
    token_id text not null,
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    role text not null check (role in ('owner', 'planner', 'analyst', 'stakeholder')),
    label text,
    created_by text not null,
    created_at timestamptz not null,
    expires_at timestamptz,
    revoked_at timestamptz,
    primary key (workspace_id, token_id)
  )`,
  // No foreign key to workspace: the record of what happened outlives what it happened to.
  `create table audit_log (
    audit_id bigserial primary key,
    workspace_id text,
    at timestamptz not null,
    actor text not null,
    action text not null,
    target text,
    request_id text,
    summary jsonb not null
  )`,
  'create index audit_log_by_workspace on audit_log (workspace_id, audit_id)',
  `create function dothi_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'DOTHI_AUDIT_APPEND_ONLY: % rows are never changed or removed', tg_table_name;
   end $$`,
  'create trigger audit_log_append_only before update or delete on audit_log for each row execute function dothi_append_only()',
  'create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function dothi_append_only()',
];
