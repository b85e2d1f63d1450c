// What each step did, entry by entry, so a user can see why a unit's score is what it is.

export interface LogEntry {
  step: 'denominate' | 'impute' | 'screen' | 'treat' | 'normalise' | 'weight' | 'aggregate';
  /** imputed | screened_out | winsorised | log_transformed | treatment_failed | denominated | weights */
  action: string;
  unit?: string;
  indicator?: string;
  from?: number | null;
  to?: number | null;
  detail?: string;
}

export const jsonNumber = (v: number): number | null => (Number.isFinite(v) ? v : null);
