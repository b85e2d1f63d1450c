// Schema version 2: monitoring. Workspace custom indicators, observed time series with their quality,
// targets, values computed from layers (with the layer versions and calculator version they used), and
// composite index specs and results. Keys start with workspace_id like every table (schema-v1.ts).

export const SCHEMA_V2: readonly string[] = [
  `create table indicator_custom (
    workspace_id text not null references workspace on delete cascade,
    indicator_id text not null check (indicator_id ~ '^custom:[a-z0-9][a-z0-9_-]{0,62}$'),
    definition jsonb not null,
    created_at timestamptz not null default now(),
    primary key (workspace_id, indicator_id)
  )`,
  `create table observation (
    workspace_id text not null references workspace on delete cascade,
    indicator_id text not null,
    unit_code text not null,
    period text not null,
    period_start date not null,
    value float8 not null,
    source text,
    quality text not null default 'measured' check (quality in ('measured', 'estimated', 'modelled', 'proxy')),
    note text,
    import_batch text,
    created_at timestamptz not null default now(),
    primary key (workspace_id, indicator_id, unit_code, period)
  )`,
  'create index observation_unit_idx on observation (workspace_id, unit_code, period_start)',
  `create table target (
    workspace_id text not null references workspace on delete cascade,
    indicator_id text not null,
    unit_code text not null,
    year int not null check (year between 1800 and 2200),
    value float8 not null,
    comparator text not null default 'at_least' check (comparator in ('at_least', 'at_most')),
    source text,
    note text,
    created_at timestamptz not null default now(),
    primary key (workspace_id, indicator_id, unit_code, year)
  )`,
  `create table indicator_result (
    workspace_id text not null references workspace on delete cascade,
    result_id int not null,
    calculator text not null,
    calculator_version text not null,
    measure_unit text not null,
    unit_code text not null,
    value float8,
    note text,
    inputs jsonb not null,
    computed_at timestamptz not null,
    primary key (workspace_id, result_id, unit_code)
  )`,
  'create index indicator_result_calc_idx on indicator_result (workspace_id, calculator, computed_at)',
  `create table index_spec (
    workspace_id text not null references workspace on delete cascade,
    spec_id text not null,
    spec jsonb not null,
    spec_hash text not null check (spec_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz not null default now(),
    primary key (workspace_id, spec_id)
  )`,
  `create table index_result (
    workspace_id text not null references workspace on delete cascade,
    result_id text not null,
    spec_id text,
    spec_hash text not null check (spec_hash ~ '^[0-9a-f]{64}$'),
    result jsonb not null,
    computed_at timestamptz not null,
    primary key (workspace_id, result_id)
  )`,
];
