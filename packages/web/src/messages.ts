// Every string the web shows, in English and Vietnamese. Layer-kind and attribute labels are not
// here: they come from the engine's kind catalog, the one source both the API and the web read.
// {name} placeholders are filled by t().

export type Lang = 'en' | 'vi';

const en = {
  'app.tagline': 'Planning support for smart and green cities',
  'workspace.label': 'Workspace',
  'workspace.none': 'No workspaces yet',
  'workspace.create_hint': 'Create one with: dothi workspace create SLUG',
  'lang.label': 'Language',
  'layers.title': 'Layers',
  'layers.count': '{n} layers',
  'layers.empty': 'No layers in this workspace yet. Import data with: dothi import FILE --workspace {ws} --kind KIND',
  'layers.show_all': 'Show all',
  'layers.hide_all': 'Hide all',
  'layer.toggle': 'Show {title} on the map',
  'layer.features': '{n} features',
  'layer.version': 'v{v}',
  'layer.loading': 'Loading…',
  'layer.partial': 'Showing the first {shown} of {total}',
  'layer.error': 'Could not load: {msg}',
  'prov.toggle': 'Provenance of {title}',
  'prov.more': 'Provenance',
  'prov.source': 'Source file',
  'prov.licence': 'Licence',
  'prov.no_licence': 'not stated',
  'prov.imported': 'Imported',
  'prov.features': 'Features',
  'prov.version': 'Version',
  'prov.version_of': '{v} of {n}',
  'prov.crs': 'Source CRS',
  'prov.kind': 'Kind',
  'inspect.title': 'Feature',
  'inspect.close': 'Close',
  'inspect.id': 'ID',
  'inspect.other': 'Other attributes',
  'inspect.personal': 'personal data',
  'inspect.none': 'No attributes',
  'inspect.yes': 'yes',
  'inspect.no': 'no',
  'map.hint': 'Click a feature to see its attributes',
  'map.fit': 'Zoom to the data',
  'map.label': 'Map',
  'map.attribution_data': 'Data',
  'error.network': 'The server did not answer ({detail})',
  'error.title': 'Something went wrong',
  'loading': 'Loading…',
  'sector.governance': 'Governance',
  'sector.land': 'Land',
  'sector.planning': 'Planning',
  'sector.built environment': 'Built environment',
  'sector.transport': 'Transport',
  'sector.social': 'Social',
  'sector.environment': 'Environment',
  'sector.economy': 'Economy',
  'sector.other': 'Other',
  'unit.floors': 'floors',
  'unit.persons': 'persons',
  'unit.households': 'households',
} as const;

export type MessageKey = keyof typeof en;

const vi: Record<MessageKey, string> = {
  'app.tagline': 'Hỗ trợ quy hoạch đô thị thông minh và xanh',
  'workspace.label': 'Không gian làm việc',
  'workspace.none': 'Chưa có không gian làm việc',
  'workspace.create_hint': 'Tạo bằng lệnh: dothi workspace create MÃ',
  'lang.label': 'Ngôn ngữ',
  'layers.title': 'Lớp dữ liệu',
  'layers.count': '{n} lớp',
  'layers.empty': 'Không gian làm việc này chưa có lớp nào. Nhập dữ liệu bằng lệnh: dothi import TỆP --workspace {ws} --kind LOẠI',
  'layers.show_all': 'Hiện tất cả',
  'layers.hide_all': 'Ẩn tất cả',
  'layer.toggle': 'Hiện {title} trên bản đồ',
  'layer.features': '{n} đối tượng',
  'layer.version': 'phiên bản {v}',
  'layer.loading': 'Đang tải…',
  'layer.partial': 'Đang hiển thị {shown} đầu tiên trong {total}',
  'layer.error': 'Không tải được: {msg}',
  'prov.toggle': 'Nguồn gốc của {title}',
  'prov.more': 'Nguồn gốc',
  'prov.source': 'Tệp nguồn',
  'prov.licence': 'Giấy phép',
  'prov.no_licence': 'chưa ghi',
  'prov.imported': 'Ngày nhập',
  'prov.features': 'Số đối tượng',
  'prov.version': 'Phiên bản',
  'prov.version_of': '{v} / {n}',
  'prov.crs': 'Hệ tọa độ nguồn',
  'prov.kind': 'Loại lớp',
  'inspect.title': 'Đối tượng',
  'inspect.close': 'Đóng',
  'inspect.id': 'Mã',
  'inspect.other': 'Thuộc tính khác',
  'inspect.personal': 'dữ liệu cá nhân',
  'inspect.none': 'Không có thuộc tính',
  'inspect.yes': 'có',
  'inspect.no': 'không',
  'map.hint': 'Nhấp vào một đối tượng để xem thuộc tính',
  'map.fit': 'Thu phóng tới dữ liệu',
  'map.label': 'Bản đồ',
  'map.attribution_data': 'Dữ liệu',
  'error.network': 'Máy chủ không phản hồi ({detail})',
  'error.title': 'Đã xảy ra lỗi',
  'loading': 'Đang tải…',
  'sector.governance': 'Quản lý hành chính',
  'sector.land': 'Đất đai',
  'sector.planning': 'Quy hoạch',
  'sector.built environment': 'Môi trường xây dựng',
  'sector.transport': 'Giao thông',
  'sector.social': 'Xã hội',
  'sector.environment': 'Môi trường',
  'sector.economy': 'Kinh tế',
  'sector.other': 'Khác',
  'unit.floors': 'tầng',
  'unit.persons': 'người',
  'unit.households': 'hộ',
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, vi };

export type Vars = Readonly<Record<string, string | number>>;

export function translate(lang: Lang, key: MessageKey, vars: Vars = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** A sector's label; a sector the messages do not know yet shows as its id. */
export function sectorLabel(lang: Lang, sector: string): string {
  const key = `sector.${sector}`;
  return key in en ? MESSAGES[lang][key as MessageKey] : sector;
}

/** A unit as words in the current language; symbols (m², %, km/h) read the same in both; a ratio has none. */
export function unitLabel(lang: Lang, unit: string | undefined): string {
  if (!unit || unit === 'ratio') return '';
  const key = `unit.${unit}`;
  return key in en ? MESSAGES[lang][key as MessageKey] : unit;
}

/** Vietnamese when the browser's language is Vietnamese, else English; a choice once made is kept. */
export function initialLang(stored: string | null, browserLang: string | undefined): Lang {
  if (stored === 'vi' || stored === 'en') return stored;
  return (browserLang ?? '').toLowerCase().startsWith('vi') ? 'vi' : 'en';
}
