// Every word the CLI prints for people, in English and Vietnamese. Machine output (--json) is not translated.

import type { Lang } from '@dothi/engine';

const M = {
  usage: {
    en: `dothi — planning support for smart and green cities

Usage:
  dothi serve [--port N] [--host H] [--no-demo]
  dothi workspace create SLUG [--name NAME] [--kind city|province|park|district|other]
  dothi workspace list
  dothi workspace set SLUG [--name NAME] [--min-group-size N]
  dothi import FILE [PART...] --workspace W --kind K [--name NAME] [--crs C] [--on-invalid reject|repair|skip]
               [--licence TEXT] [--encoding CP] [--visibility private|workspace|published] [--progress bar|json|none]
  dothi layers --workspace W
  dothi layer show LAYER --workspace W [--version N]
  dothi export --workspace W --layer L [--version N] --format geojson|csv|geopackage|shapefile [--crs C] [--out PATH]
  dothi crs transform --from C --to C X Y      (or CSV "x,y" lines on stdin)
  dothi crs list
  dothi admin import-units FILE --workspace W --valid-from YYYY-MM-DD
  dothi admin import-mapping FILE --workspace W --effective YYYY-MM-DD
  dothi admin units --workspace W [--at YYYY-MM-DD]
  dothi admin trace CODE --workspace W
  dothi index build --data iData.csv --meta iMeta.csv --spec SPEC.json [--uncertainty N --seed S]
  dothi index explain --data iData.csv --meta iMeta.csv --spec SPEC.json --unit CODE
  dothi indicators list [--framework F] [--workspace W]
  dothi indicators import FILE.csv --workspace W        (columns indicator_id,unit_code,period,value,source,quality,note)
  dothi indicators export --workspace W [--indicator I] [--unit U] [--out FILE]
  dothi indicators compute --workspace W --units LAYER [--calculators a,b] [--unit-id COLUMN] [--progress bar|json|none]
  dothi targets set INDICATOR UNIT YEAR VALUE --workspace W [--comparator at_least|at_most] [--source TEXT] [--note TEXT]
  dothi targets list --workspace W [--indicator I] [--unit U]
  dothi progress --workspace W [--indicator I] [--unit U] [--baseline YEAR]
  dothi backup --out FILE         (the whole store; stop the server first on the embedded database)
  dothi restore FILE              (replaces the whole store, all or nothing)
  dothi admin create --email E --password-stdin      (a site administrator; the password is read from stdin)
  dothi user create --email E --password-stdin
  dothi member set --workspace W --email E --role owner|planner|analyst|stakeholder
  dothi member remove --workspace W --email E
  dothi members --workspace W
  dothi token create --workspace W --role R [--expires DAYS] [--label TEXT]   (send as Authorization: Bearer TOKEN)
  dothi token revoke TOKEN_OR_ID --workspace W
  dothi token list --workspace W
  dothi visibility set private|workspace|published --workspace W (--layer L | --indicator I | --spec S)
  dothi audit --workspace W [--format json|csv] [--out FILE]       (without --workspace: the site-wide log)

Every command: --data DIR (or DOTHI_DATA; default ./.dothi), DOTHI_DATABASE_URL for a PostgreSQL server,
--json for machine-readable output, --lang en|vi.
Through a running dothi server instead of the store: --server URL (or DOTHI_SERVER) with the API token in
DOTHI_TOKEN, for import, layers, layer show, export, workspace list and indicators compute.`,
    vi: `dothi — hỗ trợ quy hoạch đô thị thông minh và xanh

Cách dùng:
  dothi serve [--port N] [--host H] [--no-demo]
  dothi workspace create MÃ [--name TÊN] [--kind city|province|park|district|other]
  dothi workspace list
  dothi workspace set MÃ [--name TÊN] [--min-group-size N]
  dothi import TỆP [THÀNH_PHẦN...] --workspace W --kind K [--name TÊN] [--crs C] [--on-invalid reject|repair|skip]
               [--licence GIẤY_PHÉP] [--encoding BẢNG_MÃ] [--visibility private|workspace|published] [--progress bar|json|none]
  dothi layers --workspace W
  dothi layer show LỚP --workspace W [--version N]
  dothi export --workspace W --layer L [--version N] --format geojson|csv|geopackage|shapefile [--crs C] [--out ĐƯỜNG_DẪN]
  dothi crs transform --from C --to C X Y      (hoặc các dòng CSV "x,y" từ đầu vào chuẩn)
  dothi crs list
  dothi admin import-units TỆP --workspace W --valid-from YYYY-MM-DD
  dothi admin import-mapping TỆP --workspace W --effective YYYY-MM-DD
  dothi admin units --workspace W [--at YYYY-MM-DD]
  dothi admin trace MÃ --workspace W
  dothi index build --data iData.csv --meta iMeta.csv --spec ĐẶC_TẢ.json [--uncertainty N --seed S]
  dothi index explain --data iData.csv --meta iMeta.csv --spec ĐẶC_TẢ.json --unit MÃ
  dothi indicators list [--framework F] [--workspace W]
  dothi indicators import TỆP.csv --workspace W        (các cột indicator_id,unit_code,period,value,source,quality,note)
  dothi indicators export --workspace W [--indicator I] [--unit U] [--out TỆP]
  dothi indicators compute --workspace W --units LỚP [--calculators a,b] [--unit-id CỘT] [--progress bar|json|none]
  dothi targets set CHỈ_SỐ ĐƠN_VỊ NĂM GIÁ_TRỊ --workspace W [--comparator at_least|at_most] [--source NGUỒN] [--note GHI_CHÚ]
  dothi targets list --workspace W [--indicator I] [--unit U]
  dothi progress --workspace W [--indicator I] [--unit U] [--baseline NĂM]
  dothi backup --out TỆP          (toàn bộ kho dữ liệu; với cơ sở dữ liệu nhúng hãy dừng máy chủ trước)
  dothi restore TỆP               (thay toàn bộ kho dữ liệu, hoặc tất cả hoặc không gì cả)
  dothi admin create --email E --password-stdin      (quản trị viên hệ thống; mật khẩu đọc từ đầu vào chuẩn)
  dothi user create --email E --password-stdin
  dothi member set --workspace W --email E --role owner|planner|analyst|stakeholder
  dothi member remove --workspace W --email E
  dothi members --workspace W
  dothi token create --workspace W --role R [--expires SỐ_NGÀY] [--label NHÃN]   (gửi dạng Authorization: Bearer TOKEN)
  dothi token revoke TOKEN_HOẶC_MÃ --workspace W
  dothi token list --workspace W
  dothi visibility set private|workspace|published --workspace W (--layer L | --indicator I | --spec S)
  dothi audit --workspace W [--format json|csv] [--out TỆP]       (không có --workspace: nhật ký toàn hệ thống)

Mọi lệnh: --data THƯ_MỤC (hoặc DOTHI_DATA; mặc định ./.dothi), DOTHI_DATABASE_URL cho máy chủ PostgreSQL,
--json để xuất dạng máy đọc, --lang en|vi.
Qua một máy chủ dothi đang chạy thay vì trực tiếp trên kho: --server URL (hoặc DOTHI_SERVER) với mã truy cập API
trong DOTHI_TOKEN, cho import, layers, layer show, export, workspace list và indicators compute.`,
  },
  error: { en: 'error', vi: 'lỗi' },
  rejected_features: { en: 'Rejected features', vi: 'Đối tượng bị loại' },
  and_more: { en: '…and {n} more', vi: '…và {n} đối tượng khác' },
  workspace_created: { en: 'Workspace {ws} created', vi: 'Đã tạo không gian làm việc {ws}' },
  workspace_updated: {
    en: 'Workspace {ws} updated; published summaries of personal data withhold groups of fewer than {size} records',
    vi: 'Đã cập nhật không gian làm việc {ws}; bảng tổng hợp công bố từ dữ liệu cá nhân ẩn các nhóm ít hơn {size} bản ghi',
  },
  user_created: { en: 'User {email} created{admin}', vi: 'Đã tạo người dùng {email}{admin}' },
  as_admin: { en: ' (site administrator)', vi: ' (quản trị viên hệ thống)' },
  member_set: { en: '{email} is {role} in {ws}', vi: '{email} có vai trò {role} trong {ws}' },
  member_removed: { en: '{email} removed from {ws}', vi: 'Đã xoá {email} khỏi {ws}' },
  no_members: { en: 'No members yet: dothi member set --workspace W --email E --role R', vi: 'Chưa có thành viên: dothi member set --workspace W --email E --role R' },
  token_created: {
    en: 'API token {id} ({role} in {ws}{expires}). It is shown this once; send it as "Authorization: Bearer TOKEN":\n{token}',
    vi: 'Mã truy cập API {id} ({role} trong {ws}{expires}). Mã chỉ hiện một lần này; gửi dạng "Authorization: Bearer TOKEN":\n{token}',
  },
  token_expires: { en: ', expires {at}', vi: ', hết hạn {at}' },
  token_revoked: { en: 'API token {id} revoked', vi: 'Đã thu hồi mã truy cập API {id}' },
  no_tokens: { en: 'No API tokens in this workspace', vi: 'Không gian làm việc này chưa có mã truy cập API' },
  visibility_set: { en: '{what} is now {visibility} (was {before})', vi: '{what} nay là {visibility} (trước đó: {before})' },
  audit_written: { en: '{n} audit entries written to {file}', vi: 'Đã ghi {n} mục nhật ký kiểm toán vào {file}' },
  no_audit: { en: 'The audit log has no entries here yet', vi: 'Nhật ký kiểm toán chưa có mục nào ở đây' },
  no_workspaces: { en: 'No workspaces yet: dothi workspace create SLUG', vi: 'Chưa có không gian làm việc: dothi workspace create MÃ' },
  no_layers: { en: 'No layers in {ws} yet: dothi import FILE --workspace {ws} --kind K', vi: 'Chưa có lớp nào trong {ws}: dothi import TỆP --workspace {ws} --kind K' },
  imported: {
    en: 'Imported {file} ({format}) into {ws}: {imported} features, {rejected} rejected',
    vi: 'Đã nhập {file} ({format}) vào {ws}: {imported} đối tượng, {rejected} bị loại',
  },
  layer_line: {
    en: '  {layer} v{version} ({kind}): {imported} of {total} features, {repaired} repaired, {rejected} rejected; CRS {crs}: {why}',
    vi: '  {layer} v{version} ({kind}): {imported}/{total} đối tượng, {repaired} đã sửa, {rejected} bị loại; hệ tọa độ {crs}: {why}',
  },
  exported: { en: 'Exported {layer} v{version} to {files}', vi: 'Đã xuất {layer} phiên bản {version} ra {files}' },
  serving: { en: 'dothi is running at {url}  (Ctrl+C to stop)', vi: 'dothi đang chạy tại {url}  (Ctrl+C để dừng)' },
  demo_loading: { en: 'Loading the demo data (first start)…', vi: 'Đang nạp dữ liệu mẫu (lần chạy đầu)…' },
  demo_loaded: {
    en: 'Demo loaded: {layers} layers, {features} features, {indicators} indicators computed, {indices} composite index built',
    vi: 'Đã nạp dữ liệu mẫu: {layers} lớp, {features} đối tượng, đã tính {indicators} chỉ số, đã xây dựng {indices} chỉ số tổng hợp',
  },
  units_imported: { en: 'Imported {n} administrative units valid from {from}', vi: 'Đã nhập {n} đơn vị hành chính có hiệu lực từ {from}' },
  mapping_imported: {
    en: 'Imported {n} old→new mappings effective {date}: {closed} old units closed, {opened} new units opened',
    vi: 'Đã nhập {n} quan hệ cũ→mới hiệu lực {date}: đóng {closed} đơn vị cũ, mở {opened} đơn vị mới',
  },
  phase_read: { en: 'Reading', vi: 'Đang đọc' },
  phase_check: { en: 'Checking', vi: 'Đang kiểm tra' },
  phase_write: { en: 'Writing', vi: 'Đang ghi' },
  phase_done: { en: 'Done', vi: 'Xong' },
  phase_upload: { en: 'Uploading', vi: 'Đang tải lên' },
  phase_compute: { en: 'Computing', vi: 'Đang tính' },
  computed: {
    en: 'Computed {n} indicators for {units} units of {layer} in {ws}',
    vi: 'Đã tính {n} chỉ số cho {units} đơn vị của lớp {layer} trong {ws}',
  },
  compute_skipped: { en: 'Skipped {calculator}: {why}', vi: 'Bỏ qua {calculator}: {why}' },
  bad_rows: { en: 'Bad rows (nothing was imported)', vi: 'Các dòng lỗi (không có gì được nhập)' },
  row: { en: 'row', vi: 'dòng' },
  observations_imported: {
    en: 'Imported {rows} observations from {file} into {ws}: {inserted} new, {updated} replaced',
    vi: 'Đã nhập {rows} quan sát từ {file} vào {ws}: {inserted} mới, {updated} thay thế',
  },
  observations_exported: { en: 'Exported {rows} observations to {file}', vi: 'Đã xuất {rows} quan sát ra {file}' },
  target_set: {
    en: 'Target set: {indicator} in {unit} by {year}, {comparator} {value}',
    vi: 'Đã đặt mục tiêu: {indicator} tại {unit} đến năm {year}, {comparator} {value}',
  },
  status_achieved: { en: 'achieved', vi: 'đã đạt' },
  status_on_track: { en: 'on track', vi: 'đúng hướng' },
  status_needs_acceleration: { en: 'needs acceleration', vi: 'cần tăng tốc' },
  status_off_track: { en: 'off track', vi: 'chệch hướng' },
  status_regressing: { en: 'regressing', vi: 'đi lùi' },
  status_insufficient_data: { en: 'insufficient data', vi: 'không đủ dữ liệu' },
  index_col_rank: { en: 'Rank', vi: 'Hạng' },
  index_col_code: { en: 'Code', vi: 'Mã' },
  index_col_name: { en: 'Name', vi: 'Tên' },
  index_col_median: { en: 'Median rank', vi: 'Hạng trung vị' },
  index_col_interval: { en: '5–95 % ranks', vi: 'Hạng 5–95 %' },
  index_built: { en: 'Composite index "{index}": {units} units; spec SHA-256 {hash}', vi: 'Chỉ số tổng hợp "{index}": {units} đơn vị; SHA-256 của đặc tả {hash}' },
  index_sensitivity: {
    en: 'Sensitivity of ranks to {factor}: first-order {first}, total {total}',
    vi: 'Độ nhạy của thứ hạng theo {factor}: bậc một {first}, toàn phần {total}',
  },
  index_factor_weights: { en: 'weights', vi: 'trọng số' },
  index_factor_normalisation: { en: 'normalisation', vi: 'chuẩn hóa' },
  index_factor_aggregation: { en: 'aggregation', vi: 'tổng hợp' },
  index_explain_header: { en: 'What each step did for {unit} ({name})', vi: 'Từng bước đã làm gì với {unit} ({name})' },
  index_step_denominate: { en: 'Denominate', vi: 'Chia theo mẫu số' },
  index_step_impute: { en: 'Impute', vi: 'Điền giá trị thiếu' },
  index_step_screen: { en: 'Screen', vi: 'Sàng lọc' },
  index_step_treat: { en: 'Treat outliers', vi: 'Xử lý giá trị ngoại lai' },
  index_step_normalise: { en: 'Normalise', vi: 'Chuẩn hóa' },
  index_step_weight: { en: 'Weight', vi: 'Trọng số' },
  index_step_aggregate: { en: 'Aggregate', vi: 'Tổng hợp' },
  index_nothing: { en: '  nothing changed for this unit', vi: '  không có thay đổi nào với đơn vị này' },
  index_did_denominated: { en: '  {indicator}: divided by {detail}', vi: '  {indicator}: chia cho {detail}' },
  index_did_imputed: { en: '  {indicator}: missing, filled with {to}', vi: '  {indicator}: thiếu, đã điền {to}' },
  index_did_screened_out: { en: '  screened out: {detail}', vi: '  bị loại khi sàng lọc: {detail}' },
  index_did_winsorised: { en: '  {indicator}: {from} capped to {to} (winsorised)', vi: '  {indicator}: {from} bị chặn về {to} (winsor hóa)' },
  index_did_log_transformed: { en: '  {indicator}: log-transformed for every unit', vi: '  {indicator}: biến đổi logarit cho mọi đơn vị' },
  index_did_treatment_failed: { en: '  {indicator}: still skewed after treatment', vi: '  {indicator}: vẫn lệch sau khi xử lý' },
  index_did_weights: { en: '  {indicator}: weight {to} ({detail})', vi: '  {indicator}: trọng số {to} ({detail})' },
  backup_written: {
    en: 'Backup written to {file} ({mb} MB): schema v{version}, {tables} tables, {rows} rows',
    vi: 'Đã ghi bản sao lưu vào {file} ({mb} MB): lược đồ v{version}, {tables} bảng, {rows} dòng',
  },
  backup_restored: {
    en: 'Store restored from {file}: schema v{version}, {tables} tables, {rows} rows',
    vi: 'Đã khôi phục kho dữ liệu từ {file}: lược đồ v{version}, {tables} bảng, {rows} dòng',
  },
  index_did_score: { en: '  {code}: score {score}, rank {rank}', vi: '  {code}: điểm {score}, hạng {rank}' },
} as const;

export type MessageKey = keyof typeof M;

export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return M[key][lang].replace(/\{(\w+)\}/g, (w, k: string) => (k in vars ? String(vars[k]) : w));
}

export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const v = (flag ?? env.DOTHI_LANG ?? env.LC_ALL ?? env.LANG ?? '').toLowerCase();
  return v.startsWith('vi') ? 'vi' : 'en';
}
