// Sector layer kinds of the multi-sector urban spatial database, each with its attribute schema:
// what is required, types and units, and which attributes are personal data (Decree 13/2023/NĐ-CP
// on personal data protection): later capabilities redact those for roles that may not see them.

export type AttrType = 'string' | 'number' | 'integer' | 'boolean' | 'date';
export type GeomFamily = 'point' | 'line' | 'polygon';

export interface AttrDef {
  readonly name: string;
  readonly type: AttrType;
  readonly required?: boolean;
  readonly unit?: string;
  readonly personal?: boolean;
  readonly en: string;
  readonly vi: string;
  /** Allowed values, when the attribute is a closed list. */
  readonly values?: readonly string[];
}

export interface LayerKind {
  readonly id: string;
  readonly en: string;
  readonly vi: string;
  readonly sector: string;
  /** Geometry families allowed; empty allows every family. */
  readonly geometry: readonly GeomFamily[];
  readonly attributes: readonly AttrDef[];
  /**
   * Each record describes a person or a household (not a building or an organisation that merely
   * names one): when a layer carries its personal attributes, even the records without them (a
   * household's location and size) are personal, so roles that may not see personal data read the
   * layer only as published summaries.
   */
  readonly personalRecords?: boolean;
}

const a = (name: string, type: AttrType, en: string, vi: string, extra: Partial<AttrDef> = {}): AttrDef => ({
  name, type, en, vi, ...extra,
});
const name = a('name', 'string', 'Name', 'Tên');

export const LAYER_KINDS: readonly LayerKind[] = [
  {
    id: 'admin_units', en: 'Administrative units', vi: 'Đơn vị hành chính', sector: 'governance', geometry: ['polygon'],
    attributes: [
      a('code', 'string', 'Unit code', 'Mã đơn vị', { required: true }),
      a('name', 'string', 'Name', 'Tên', { required: true }),
      a('level', 'string', 'Level', 'Cấp', { values: ['country', 'province', 'district', 'commune'] }),
      a('parent_code', 'string', 'Parent unit code', 'Mã đơn vị cấp trên'),
      a('valid_from', 'date', 'Valid from', 'Hiệu lực từ'),
      a('valid_to', 'date', 'Valid to', 'Hiệu lực đến'),
    ],
  },
  {
    id: 'land_use', en: 'Land use', vi: 'Sử dụng đất', sector: 'land', geometry: ['polygon'],
    attributes: [
      a('class', 'string', 'Land-use class', 'Loại đất', { required: true }),
      name,
      a('area_m2', 'number', 'Area', 'Diện tích', { unit: 'm²' }),
    ],
  },
  {
    id: 'plan_zones', en: 'Plan zones', vi: 'Phân khu quy hoạch', sector: 'planning', geometry: ['polygon'],
    attributes: [
      a('zone_code', 'string', 'Zone code', 'Mã ô phố', { required: true }),
      a('land_use_class', 'string', 'Planned land use', 'Chức năng sử dụng đất', { required: true }),
      name,
      a('far', 'number', 'Floor area ratio', 'Hệ số sử dụng đất', { unit: 'ratio' }),
      a('coverage', 'number', 'Building coverage', 'Mật độ xây dựng', { unit: '%' }),
      a('max_height_m', 'number', 'Maximum height', 'Chiều cao tối đa', { unit: 'm' }),
      a('max_floors', 'integer', 'Maximum floors', 'Số tầng tối đa', { unit: 'floors' }),
      a('plan_name', 'string', 'Plan', 'Đồ án quy hoạch'),
      a('approved_on', 'date', 'Approved on', 'Ngày phê duyệt'),
    ],
  },
  {
    id: 'buildings', en: 'Buildings', vi: 'Công trình', sector: 'built environment', geometry: ['polygon'],
    attributes: [
      a('use', 'string', 'Use', 'Công năng'),
      a('levels', 'integer', 'Floors above ground', 'Số tầng nổi', { unit: 'floors' }),
      a('height_m', 'number', 'Height', 'Chiều cao', { unit: 'm' }),
      a('floor_area_m2', 'number', 'Floor area', 'Diện tích sàn', { unit: 'm²' }),
      a('year_built', 'integer', 'Year built', 'Năm xây dựng'),
      name,
      a('owner_name', 'string', 'Owner', 'Chủ sở hữu', { personal: true }),
      a('address', 'string', 'Address', 'Địa chỉ', { personal: true }),
    ],
  },
  {
    id: 'roads', en: 'Roads', vi: 'Đường giao thông', sector: 'transport', geometry: ['line'],
    attributes: [
      a('highway', 'string', 'Road class', 'Cấp đường', { required: true }),
      name,
      a('oneway', 'boolean', 'One-way', 'Một chiều'),
      a('lanes', 'integer', 'Lanes', 'Số làn'),
      a('maxspeed_kmh', 'number', 'Speed limit', 'Tốc độ tối đa', { unit: 'km/h' }),
      a('surface', 'string', 'Surface', 'Mặt đường'),
      a('width_m', 'number', 'Width', 'Bề rộng', { unit: 'm' }),
    ],
  },
  {
    id: 'transit_stops', en: 'Transit stops', vi: 'Điểm dừng giao thông công cộng', sector: 'transport', geometry: ['point'],
    attributes: [
      name,
      a('mode', 'string', 'Mode', 'Phương thức', { values: ['bus', 'tram', 'rail', 'metro', 'ferry', 'brt'] }),
      a('routes', 'string', 'Routes', 'Tuyến'),
      a('shelter', 'boolean', 'Shelter', 'Có mái che'),
    ],
  },
  {
    id: 'amenities', en: 'Amenities and services', vi: 'Tiện ích và dịch vụ', sector: 'social', geometry: ['point', 'polygon'],
    attributes: [
      a('amenity', 'string', 'Category', 'Loại', { required: true }),
      name,
      a('capacity', 'integer', 'Capacity', 'Công suất'),
      a('operator', 'string', 'Operator', 'Đơn vị quản lý'),
    ],
  },
  {
    id: 'green_spaces', en: 'Green spaces', vi: 'Không gian xanh', sector: 'environment', geometry: ['polygon'],
    attributes: [
      a('type', 'string', 'Type', 'Loại', { required: true }),
      name,
      a('access', 'string', 'Public access', 'Tiếp cận công cộng'),
    ],
  },
  {
    id: 'water_bodies', en: 'Water bodies', vi: 'Mặt nước', sector: 'environment', geometry: ['polygon', 'line'],
    attributes: [a('type', 'string', 'Type', 'Loại', { required: true }), name],
  },
  {
    id: 'population', en: 'Population', vi: 'Dân số', sector: 'social', geometry: ['polygon', 'point'], personalRecords: true,
    attributes: [
      a('population', 'integer', 'Population', 'Dân số', { required: true, unit: 'persons' }),
      a('households', 'integer', 'Households', 'Số hộ', { unit: 'households' }),
      a('year', 'integer', 'Year', 'Năm'),
      a('unit_code', 'string', 'Administrative unit code', 'Mã đơn vị hành chính'),
      a('head_of_household', 'string', 'Head of household', 'Chủ hộ', { personal: true }),
      a('phone', 'string', 'Phone', 'Điện thoại', { personal: true }),
      a('national_id', 'string', 'National ID number', 'Số định danh cá nhân', { personal: true }),
    ],
  },
  {
    id: 'innovation_actors', en: 'Innovation actors', vi: 'Chủ thể đổi mới sáng tạo', sector: 'economy', geometry: ['point', 'polygon'],
    attributes: [
      a('name', 'string', 'Name', 'Tên', { required: true }),
      a('actor_type', 'string', 'Actor type', 'Loại chủ thể', {
        required: true,
        values: ['university', 'research_centre', 'incubator', 'accelerator', 'firm', 'startup', 'government', 'investor', 'other'],
      }),
      a('helix', 'string', 'Triple-helix sphere', 'Nhóm trong mô hình ba nhà', { values: ['government', 'industry', 'academia', 'civil_society'] }),
      a('sector', 'string', 'Economic sector', 'Ngành'),
      a('employees', 'integer', 'Employees', 'Số lao động', { unit: 'persons' }),
      a('contact_person', 'string', 'Contact person', 'Người liên hệ', { personal: true }),
      a('contact_email', 'string', 'Contact e-mail', 'Thư điện tử liên hệ', { personal: true }),
    ],
  },
  { id: 'generic', en: 'Other data', vi: 'Dữ liệu khác', sector: 'other', geometry: [], attributes: [] },
];

const byId = new Map(LAYER_KINDS.map((k) => [k.id, k]));

export function findLayerKind(id: string): LayerKind | undefined {
  return byId.get(id);
}

/** Whether a layer version's records are personal: its kind says so and it carries personal attributes. */
export function recordsArePersonal(kindId: string, personalAttributesOfVersion: readonly string[]): boolean {
  return personalAttributesOfVersion.length > 0 && findLayerKind(kindId)?.personalRecords === true;
}

export function personalAttributes(kind: LayerKind): string[] {
  return kind.attributes.filter((x) => x.personal).map((x) => x.name);
}
