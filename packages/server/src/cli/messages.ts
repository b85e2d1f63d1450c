// Every word the CLI prints for people, in English and Vietnamese. Machine output (--json) is not translated.

import type { Lang } from '@dothi/engine';

const M = {
  usage: {
    en: `dothi — planning support for smart and green cities

Usage:
  dothi serve [--port N] [--host H] [--no-demo]
  dothi workspace create SLUG [--name NAME] [--kind city|province|park|district|other]
  dothi workspace list
  dothi import FILE [PART...] --workspace W --kind K [--name NAME] [--crs C] [--on-invalid reject|repair|skip]
               [--licence TEXT] [--encoding CP] [--progress bar|json|none]
  dothi layers --workspace W
  dothi layer show LAYER --workspace W [--version N]
  dothi export --workspace W --layer L [--version N] --format geojson|csv|geopackage|shapefile [--crs C] [--out PATH]
  dothi crs transform --from C --to C X Y      (or CSV "x,y" lines on stdin)
  dothi crs list
  dothi admin import-units FILE --workspace W --valid-from YYYY-MM-DD
  dothi admin import-mapping FILE --workspace W --effective YYYY-MM-DD
  dothi admin units --workspace W [--at YYYY-MM-DD]
  dothi admin trace CODE --workspace W

Every command: --data DIR (or DOTHI_DATA; default ./.dothi), DOTHI_DATABASE_URL for a PostgreSQL server,
--json for machine-readable output, --lang en|vi.`,
    vi: `dothi — hỗ trợ quy hoạch đô thị thông minh và xanh

Cách dùng:
  dothi serve [--port N] [--host H] [--no-demo]
  dothi workspace create MÃ [--name TÊN] [--kind city|province|park|district|other]
  dothi workspace list
  dothi import TỆP [THÀNH_PHẦN...] --workspace W --kind K [--name TÊN] [--crs C] [--on-invalid reject|repair|skip]
               [--licence GIẤY_PHÉP] [--encoding BẢNG_MÃ] [--progress bar|json|none]
  dothi layers --workspace W
  dothi layer show LỚP --workspace W [--version N]
  dothi export --workspace W --layer L [--version N] --format geojson|csv|geopackage|shapefile [--crs C] [--out ĐƯỜNG_DẪN]
  dothi crs transform --from C --to C X Y      (hoặc các dòng CSV "x,y" từ đầu vào chuẩn)
  dothi crs list
  dothi admin import-units TỆP --workspace W --valid-from YYYY-MM-DD
  dothi admin import-mapping TỆP --workspace W --effective YYYY-MM-DD
  dothi admin units --workspace W [--at YYYY-MM-DD]
  dothi admin trace MÃ --workspace W

Mọi lệnh: --data THƯ_MỤC (hoặc DOTHI_DATA; mặc định ./.dothi), DOTHI_DATABASE_URL cho máy chủ PostgreSQL,
--json để xuất dạng máy đọc, --lang en|vi.`,
  },
  error: { en: 'error', vi: 'lỗi' },
  rejected_features: { en: 'Rejected features', vi: 'Đối tượng bị loại' },
  and_more: { en: '…and {n} more', vi: '…và {n} đối tượng khác' },
  workspace_created: { en: 'Workspace {ws} created', vi: 'Đã tạo không gian làm việc {ws}' },
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
  demo_loaded: { en: 'Demo loaded: {layers} layers, {features} features', vi: 'Đã nạp dữ liệu mẫu: {layers} lớp, {features} đối tượng' },
  units_imported: { en: 'Imported {n} administrative units valid from {from}', vi: 'Đã nhập {n} đơn vị hành chính có hiệu lực từ {from}' },
  mapping_imported: {
    en: 'Imported {n} old→new mappings effective {date}: {closed} old units closed, {opened} new units opened',
    vi: 'Đã nhập {n} quan hệ cũ→mới hiệu lực {date}: đóng {closed} đơn vị cũ, mở {opened} đơn vị mới',
  },
  phase_read: { en: 'Reading', vi: 'Đang đọc' },
  phase_check: { en: 'Checking', vi: 'Đang kiểm tra' },
  phase_write: { en: 'Writing', vi: 'Đang ghi' },
  phase_done: { en: 'Done', vi: 'Xong' },
} as const;

export type MessageKey = keyof typeof M;

export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return M[key][lang].replace(/\{(\w+)\}/g, (w, k: string) => (k in vars ? String(vars[k]) : w));
}

export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const v = (flag ?? env.DOTHI_LANG ?? env.LC_ALL ?? env.LANG ?? '').toLowerCase();
  return v.startsWith('vi') ? 'vi' : 'en';
}
