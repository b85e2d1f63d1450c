// Schema version 1: workspaces, sector layers with immutable versions and provenance, features,
// administrative units with validity periods and old→new mappings, and jobs. Every key starts
// with workspace_id, the distribution column should a national deployment move to Citus.

export const SCHEMA_V1: readonly string[] = [
  'create extension if not exists postgis',
  `create table workspace (
    workspace_id text primary key check (workspace_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name text not null,
    kind text not null default 'city' check (kind in ('city', 'province', 'park', 'district', 'other')),
    created_at timestamptz not null default now()
  )`,
  `create table layer (
    workspace_id text not null references workspace on delete cascade,
    layer_id text not null check (layer_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    kind text not null,
    title text not null,
    current_version int,
    created_at timestamptz not null default now(),
    primary key (workspace_id, layer_id)
  )`,
  `create table layer_version (
    workspace_id text not null,
    layer_id text not null,
    version int not null check (version > 0),
    source_file text not null,
    source_sha256 text not null check (source_sha256 ~ '^[0-9a-f]{64}$'),
    source_format text not null,
    source_layer text,
    source_crs text not null,
    source_crs_reason text not null,
    licence text,
    importer text not null,
    imported_at timestamptz not null,
    feature_count int not null,
    rejected_count int not null,
    repaired_count int not null,
    on_invalid text not null check (on_invalid in ('reject', 'repair', 'skip')),
    personal_attributes text[] not null default '{}',
    bbox float8[],
    report jsonb not null,
    primary key (workspace_id, layer_id, version),
    foreign key (workspace_id, layer_id) references layer on delete cascade
  )`,
  `create table feature (
    workspace_id text not null,
    layer_id text not null,
    version int not null,
    fid int not null,
    source_id text,
    geom geometry(Geometry, 4326) not null,
    props jsonb not null,
    primary key (workspace_id, layer_id, version, fid),
    foreign key (workspace_id, layer_id, version) references layer_version on delete cascade
  )`,
  'create index feature_geom_idx on feature using gist (geom)',
  // Versions and their features are history: they may be dropped with their workspace, never edited.
  `create function dothi_immutable() returns trigger language plpgsql as $$
   begin
     raise exception 'DOTHI_IMMUTABLE: % rows are immutable; import a new version instead', tg_table_name;
   end $$`,
  'create trigger layer_version_immutable before update on layer_version for each row execute function dothi_immutable()',
  'create trigger feature_immutable before update on feature for each row execute function dothi_immutable()',
  `create table admin_unit (
    workspace_id text not null references workspace on delete cascade,
    code text not null,
    valid_from date not null,
    valid_to date,
    name text not null,
    level text not null check (level in ('country', 'province', 'district', 'commune')),
    unit_type text,
    parent_code text,
    source text not null,
    primary key (workspace_id, code, valid_from),
    check (valid_to is null or valid_to > valid_from)
  )`,
  `create table admin_unit_mapping (
    workspace_id text not null references workspace on delete cascade,
    old_code text not null,
    new_code text not null,
    effective date not null,
    old_name text,
    new_name text,
    source text not null,
    primary key (workspace_id, old_code, new_code, effective)
  )`,
  `create table job (
    workspace_id text not null references workspace on delete cascade,
    job_id text not null,
    kind text not null,
    status text not null check (status in ('running', 'succeeded', 'failed')),
    input jsonb not null,
    result jsonb,
    error jsonb,
    created_at timestamptz not null,
    finished_at timestamptz,
    primary key (workspace_id, job_id)
  )`,
];
