// Schema version 3: composite index datasets. A workspace keeps the two tables an index is built
// from (COINr's iData and iMeta, as uploaded, with their source), and each stored index result
// records which dataset it was built from beside the spec's hash.

export const SCHEMA_V3: readonly string[] = [
  `create table index_dataset (
    workspace_id text not null references workspace on delete cascade,
    dataset_id text not null check (dataset_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name text not null,
    idata text not null,
    imeta text not null,
    data_hash text not null check (data_hash ~ '^[0-9a-f]{64}$'),
    source jsonb not null,
    created_at timestamptz not null,
    primary key (workspace_id, dataset_id)
  )`,
  'alter table index_result add column dataset_id text',
  'create index index_result_by_spec on index_result (workspace_id, spec_id, computed_at desc)',
];
