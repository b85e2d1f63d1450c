// Schema version 6: comments of stakeholders on layers (and on one feature or one place of a layer),
// moderated by planners before other members read them.

export const SCHEMA_V6: readonly string[] = [
  `create table comment (
    workspace_id text not null references workspace (workspace_id) on delete cascade,
    comment_id text not null,
    -- The order comments came in, when several share a timestamp.
    seq bigint generated always as identity,
    layer_id text not null,
    feature_id text,
    location geometry(Point, 4326),
    -- Who wrote it (user:EMAIL, token:ID, local): personal data, shown to planners and owners only.
    author text not null,
    body text not null check (char_length(body) between 1 and 4000),
    status text not null default 'pending' check (status in ('pending', 'published', 'hidden')),
    created_at timestamptz not null,
    moderated_by text,
    moderated_at timestamptz,
    primary key (workspace_id, comment_id),
    foreign key (workspace_id, layer_id) references layer (workspace_id, layer_id) on delete cascade
  )`,
  'create index comment_by_layer on comment (workspace_id, layer_id, created_at, seq)',
];
