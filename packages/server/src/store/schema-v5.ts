// Schema version 5: which process runs a job, so a job whose process died (kill -9, power loss) is
// recognised as interrupted on the server backend too, where several processes share one database;
// and each workspace's smallest group that aggregates of personal data may show.

export const SCHEMA_V5: readonly string[] = [
  // The runner's key: the process holds a session advisory lock on it for its whole life
  // (jobs/runner.ts), which PostgreSQL releases the moment that process's connection drops.
  `alter table job add column runner integer`,
  // Statistical offices publish no cell below 3 to 10 respondents; 5 is the common default.
  `alter table workspace add column min_group_size integer not null default 5 check (min_group_size between 1 and 1000)`,
];
