// The one catalog of coded errors (DESIGN.md §5). A code is never reused for another meaning.
// Messages are templates: {name} is replaced from the error's details.

export type Lang = 'en' | 'vi';

interface ErrorDef {
  readonly status: number;
  readonly en: string;
  readonly vi: string;
}

export const ERRORS = {
  DOTHI_USAGE: { status: 400, en: 'Invalid usage: {detail}', vi: 'Cách dùng không hợp lệ: {detail}' },
  DOTHI_STORE_UNAVAILABLE: {
    status: 503,
    en: 'The database could not be opened: {detail}',
    vi: 'Không mở được cơ sở dữ liệu: {detail}',
  },
  DOTHI_STORE_LOCKED: {
    status: 409,
    en: 'The data directory {dir} is in use by process {pid}; the embedded database allows one process at a time',
    vi: 'Thư mục dữ liệu {dir} đang được tiến trình {pid} sử dụng; cơ sở dữ liệu nhúng chỉ cho phép một tiến trình',
  },
  DOTHI_STORE_MIGRATION_FAILED: {
    status: 500,
    en: 'Migration {version} failed: {detail}',
    vi: 'Nâng cấp lược đồ {version} thất bại: {detail}',
  },
  DOTHI_WORKSPACE_NOT_FOUND: {
    status: 404,
    en: 'Workspace "{workspace}" does not exist',
    vi: 'Không gian làm việc "{workspace}" không tồn tại',
  },
  DOTHI_WORKSPACE_EXISTS: {
    status: 409,
    en: 'Workspace "{workspace}" already exists',
    vi: 'Không gian làm việc "{workspace}" đã tồn tại',
  },
  DOTHI_WORKSPACE_SLUG_INVALID: {
    status: 400,
    en: 'Workspace slug "{workspace}" is invalid: use lower-case letters, digits and hyphens (2-63 characters)',
    vi: 'Mã không gian làm việc "{workspace}" không hợp lệ: dùng chữ thường, chữ số và dấu gạch ngang (2-63 ký tự)',
  },
  DOTHI_LAYER_NOT_FOUND: {
    status: 404,
    en: 'Layer "{layer}" does not exist in workspace "{workspace}"',
    vi: 'Lớp "{layer}" không tồn tại trong không gian làm việc "{workspace}"',
  },
  DOTHI_LAYER_VERSION_NOT_FOUND: {
    status: 404,
    en: 'Layer "{layer}" has no version {version}',
    vi: 'Lớp "{layer}" không có phiên bản {version}',
  },
  DOTHI_LAYER_KIND_UNKNOWN: {
    status: 400,
    en: 'Unknown layer kind "{kind}"; known kinds: {known}',
    vi: 'Loại lớp "{kind}" không xác định; các loại đã biết: {known}',
  },
  DOTHI_LAYER_KIND_MISMATCH: {
    status: 409,
    en: 'Layer "{layer}" is of kind {existing}, not {kind}',
    vi: 'Lớp "{layer}" thuộc loại {existing}, không phải {kind}',
  },
  DOTHI_CRS_UNKNOWN: {
    status: 400,
    en: 'Unknown coordinate reference system "{crs}"; use an EPSG code (EPSG:5899) or a name (vn2000:danang)',
    vi: 'Hệ tọa độ "{crs}" không xác định; dùng mã EPSG (EPSG:5899) hoặc tên (vn2000:danang)',
  },
  DOTHI_CRS_INPUT_INVALID: {
    status: 400,
    en: 'Coordinates at {where} are not numbers: {detail}',
    vi: 'Tọa độ tại {where} không phải là số: {detail}',
  },
  DOTHI_OGC_COLLECTION_NOT_FOUND: {
    status: 404,
    en: 'OGC API collection "{collection}" does not exist; the list is at {collections}',
    vi: 'Bộ sưu tập "{collection}" không tồn tại trong OGC API; danh sách tại {collections}',
  },
  DOTHI_OGC_FEATURE_NOT_FOUND: {
    status: 404,
    en: 'Feature {feature} does not exist in collection "{collection}"; feature ids are the integers listed by /items',
    vi: 'Đối tượng {feature} không tồn tại trong bộ sưu tập "{collection}"; mã đối tượng là các số nguyên do /items liệt kê',
  },
  DOTHI_OGC_CRS_UNSUPPORTED: {
    status: 400,
    en: 'The {parameter} "{crs}" is not offered for collection "{collection}"; use one of the URIs in its crs list',
    vi: 'Hệ tọa độ {parameter} "{crs}" không được cung cấp cho bộ sưu tập "{collection}"; hãy dùng một URI trong danh sách crs của nó',
  },
  DOTHI_OGC_PARAMETER_UNKNOWN: {
    status: 400,
    en: 'Unknown query parameter "{parameter}"; this endpoint takes {allowed}',
    vi: 'Tham số truy vấn "{parameter}" không xác định; điểm truy cập này nhận {allowed}',
  },
  DOTHI_OGC_PROPERTY_UNKNOWN: {
    status: 400,
    en: 'Unknown query parameter "{parameter}": neither a parameter of /items ({allowed}) nor a property of collection "{collection}" (they are listed at {queryables})',
    vi: 'Tham số truy vấn "{parameter}" không xác định: không phải tham số của /items ({allowed}) cũng không phải thuộc tính của bộ sưu tập "{collection}" (danh sách tại {queryables})',
  },
  DOTHI_IMPORT_UNREADABLE: {
    status: 422,
    en: 'The file {file} could not be read as {format}: {detail}',
    vi: 'Không đọc được tệp {file} dưới dạng {format}: {detail}',
  },
  DOTHI_IMPORT_FORMAT_UNKNOWN: {
    status: 415,
    en: 'The format of {file} is not recognised; supported: {known}',
    vi: 'Không nhận ra định dạng của {file}; các định dạng hỗ trợ: {known}',
  },
  DOTHI_IMPORT_MISSING_PART: {
    status: 422,
    en: 'The {format} dataset {file} lacks its {part} part',
    vi: 'Bộ dữ liệu {format} {file} thiếu thành phần {part}',
  },
  DOTHI_IMPORT_TOO_LARGE: {
    status: 413,
    en: 'The file {file} is {size} bytes, over the limit of {limit} bytes (set DOTHI_MAX_IMPORT_BYTES to change it)',
    vi: 'Tệp {file} có {size} byte, vượt giới hạn {limit} byte (đặt DOTHI_MAX_IMPORT_BYTES để thay đổi)',
  },
  DOTHI_IMPORT_TOO_MANY_FEATURES: {
    status: 413,
    en: 'The file {file} holds more than {limit} features (set DOTHI_MAX_IMPORT_FEATURES to change it)',
    vi: 'Tệp {file} có hơn {limit} đối tượng (đặt DOTHI_MAX_IMPORT_FEATURES để thay đổi)',
  },
  DOTHI_IMPORT_EMPTY: {
    status: 422,
    en: 'The file {file} holds no features',
    vi: 'Tệp {file} không có đối tượng nào',
  },
  DOTHI_IMPORT_INVALID_FEATURES: {
    status: 422,
    en: '{count} of {total} features in {file} are invalid; nothing was imported (first: feature {first}: {reason}). To import the rest, choose to repair or skip invalid features (CLI: --on-invalid repair|skip)',
    vi: '{count} trên {total} đối tượng trong {file} không hợp lệ; không có gì được nhập (đầu tiên: đối tượng {first}: {reason}). Để nhập phần còn lại, chọn sửa hoặc bỏ qua đối tượng không hợp lệ (CLI: --on-invalid repair|skip)',
  },
  DOTHI_IMPORT_ENCODING: {
    status: 422,
    en: 'Text in {file} is not valid {encoding}: {detail}',
    vi: 'Văn bản trong {file} không đúng mã {encoding}: {detail}',
  },
  DOTHI_IMPORT_CSV_NO_GEOMETRY: {
    status: 422,
    en: 'The CSV file {file} has no geometry columns: expected lon/lat (or longitude/latitude, x/y) or a WKT column, found {columns}',
    vi: 'Tệp CSV {file} không có cột hình học: cần cột lon/lat (hoặc longitude/latitude, x/y) hoặc cột WKT, tìm thấy {columns}',
  },
  DOTHI_IMPORT_ADMIN_MAPPING_INVALID: {
    status: 422,
    en: 'The administrative mapping {file} is invalid at row {row}: {detail}',
    vi: 'Bảng chuyển đổi đơn vị hành chính {file} không hợp lệ tại dòng {row}: {detail}',
  },
  DOTHI_EXPORT_FORMAT_UNKNOWN: {
    status: 400,
    en: 'Unknown export format "{format}"; supported: {known}',
    vi: 'Định dạng xuất "{format}" không xác định; các định dạng hỗ trợ: {known}',
  },
  DOTHI_EXPORT_FAILED: {
    status: 500,
    en: 'Export of layer "{layer}" to {format} failed: {detail}',
    vi: 'Xuất lớp "{layer}" sang {format} thất bại: {detail}',
  },
  DOTHI_JOB_INTERRUPTED: {
    status: 500,
    en: 'Job {job} was interrupted before it finished; nothing it wrote was kept',
    vi: 'Tác vụ {job} bị ngắt trước khi hoàn tất; không dữ liệu nào của nó được giữ lại',
  },
  DOTHI_JOB_NOT_FOUND: { status: 404, en: 'Job {job} does not exist', vi: 'Tác vụ {job} không tồn tại' },
  DOTHI_TILE_OUT_OF_RANGE: {
    status: 400,
    en: 'Tile {z}/{x}/{y} is outside the tile grid: z goes from {minzoom} to {maxzoom}, and x and y from 0 to 2^z - 1',
    vi: 'Ô bản đồ {z}/{x}/{y} nằm ngoài lưới: z từ {minzoom} đến {maxzoom}, x và y từ 0 đến 2^z - 1',
  },
  DOTHI_TILE_LAYER_TOO_LARGE: {
    status: 503,
    en: 'Layer "{layer}" has {count} features, more than the tile cache holds ({limit}); set DOTHI_TILE_CACHE_FEATURES to raise it',
    vi: 'Lớp "{layer}" có {count} đối tượng, vượt sức chứa của bộ đệm ô bản đồ ({limit}); đặt DOTHI_TILE_CACHE_FEATURES để tăng',
  },
  DOTHI_API_NOT_FOUND: {
    status: 404,
    en: 'No API endpoint {method} {path}; the list is at /api/openapi.json',
    vi: 'Không có điểm truy cập API {method} {path}; danh sách tại /api/openapi.json',
  },
  DOTHI_API_PAYLOAD_TOO_LARGE: {
    status: 413,
    en: 'The request is too large: {detail}',
    vi: 'Yêu cầu quá lớn: {detail}',
  },
  DOTHI_API_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    en: 'The request body type "{type}" is not accepted here; send {expected}',
    vi: 'Kiểu nội dung "{type}" của yêu cầu không được chấp nhận ở đây; hãy gửi {expected}',
  },
  DOTHI_INTERNAL: { status: 500, en: 'Internal error: {detail}', vi: 'Lỗi nội bộ: {detail}' },
  DOTHI_ENGINE_GEOMETRY_UNSUPPORTED: {
    status: 422,
    en: 'Feature {index} has a {type} geometry, which this analysis cannot use (points, lines or polygons only)',
    vi: 'Đối tượng {index} có hình học {type}, phép phân tích này không dùng được (chỉ điểm, đường hoặc vùng)',
  },
  DOTHI_ENGINE_GEOMETRY_MIXED: {
    status: 422,
    en: 'Feature {index} is a {found}, but the layer holds {expected} geometries; an analysis layer has one kind of geometry',
    vi: 'Đối tượng {index} là {found}, nhưng lớp chứa hình học loại {expected}; lớp phân tích chỉ có một loại hình học',
  },
  DOTHI_ENGINE_SPATIAL_KIND: {
    status: 422,
    en: 'The {role} layer must hold {expected} geometries, but it holds {actual} geometries',
    vi: 'Lớp {role} phải chứa hình học loại {expected}, nhưng nó chứa hình học loại {actual}',
  },
  DOTHI_ENGINE_RANGE_INVALID: {
    status: 400,
    en: 'The row range {start}..{end} is not within the {length} rows of the layer',
    vi: 'Khoảng hàng {start}..{end} không nằm trong {length} hàng của lớp',
  },
  DOTHI_ENGINE_COLUMN_INVALID: {
    status: 422,
    en: 'Column "{column}" must exist and hold {expected}',
    vi: 'Cột "{column}" phải tồn tại và chứa {expected}',
  },
  DOTHI_ENGINE_POLYGON_INVALID: {
    status: 422,
    en: 'Polygon {row} of the {role} layer is not valid ({reason}); repair it (for example with repairPolygons) before this analysis',
    vi: 'Vùng {row} của lớp {role} không hợp lệ ({reason}); hãy sửa nó (ví dụ bằng repairPolygons) trước khi phân tích',
  },
  DOTHI_ENGINE_MERGE_MISMATCH: {
    status: 400,
    en: 'Partial results cannot be merged: {detail}',
    vi: 'Không thể gộp các kết quả từng phần: {detail}',
  },
  DOTHI_ENGINE_CRS_NOT_GEOGRAPHIC: {
    status: 422,
    en: 'This operation needs longitude/latitude (WGS 84) coordinates, but the data is in {crs}',
    vi: 'Phép tính này cần tọa độ kinh độ/vĩ độ (WGS 84), nhưng dữ liệu đang ở {crs}',
  },
  DOTHI_ENGINE_NETWORK_NOT_LINES: {
    status: 422,
    en: 'A street network is built from a layer of lines, but this layer holds {kind} geometries',
    vi: 'Mạng lưới đường được xây dựng từ một lớp đường, nhưng lớp này chứa hình học loại {kind}',
  },
  DOTHI_ENGINE_NETWORK_BAD_COORDINATE: {
    status: 422,
    en: 'Road {row} has a coordinate that is not a finite number; repair or drop it before building the network',
    vi: 'Đường {row} có tọa độ không phải là số hữu hạn; hãy sửa hoặc bỏ nó trước khi xây dựng mạng lưới',
  },
  DOTHI_ENGINE_NETWORK_NODE_INVALID: {
    status: 400,
    en: 'Node {node} is not a node of the network, which has {count} nodes (ids 0 to {count} - 1)',
    vi: 'Nút {node} không thuộc mạng lưới; mạng lưới có {count} nút (mã từ 0 đến {count} - 1)',
  },
  DOTHI_PERIOD_INVALID: {
    status: 400,
    en: 'Period "{period}" is invalid: use a year (2024), a half (2024-H1), a quarter (2024-Q1) or a month (2024-07)',
    vi: 'Kỳ "{period}" không hợp lệ: dùng năm (2024), nửa năm (2024-H1), quý (2024-Q1) hoặc tháng (2024-07)',
  },
  DOTHI_INDICATOR_UNKNOWN: {
    status: 404,
    en: 'Indicator "{indicator}" is neither in the catalogs, a custom indicator of workspace "{workspace}", nor a calculator',
    vi: 'Chỉ số "{indicator}" không có trong danh mục, không phải chỉ số riêng của không gian làm việc "{workspace}", cũng không phải bộ tính',
  },
  DOTHI_INDICATOR_CUSTOM_EXISTS: {
    status: 409,
    en: 'Custom indicator "{indicator}" already exists in workspace "{workspace}"',
    vi: 'Chỉ số riêng "{indicator}" đã tồn tại trong không gian làm việc "{workspace}"',
  },
  DOTHI_OBSERVATION_IMPORT_INVALID: {
    status: 400,
    en: '{file}: {bad} of {rows} rows are invalid; nothing was imported (first: row {row}: {reason})',
    vi: '{file}: {bad}/{rows} dòng không hợp lệ; không có gì được nhập (đầu tiên: dòng {row}: {reason})',
  },
  DOTHI_OBSERVATION_NOT_FOUND: {
    status: 404,
    en: 'No observation of "{indicator}" for unit "{unit}" in period "{period}"',
    vi: 'Không có quan sát của "{indicator}" cho đơn vị "{unit}" trong kỳ "{period}"',
  },
  DOTHI_TARGET_NOT_FOUND: {
    status: 404,
    en: 'No target of "{indicator}" for unit "{unit}" in {year}',
    vi: 'Không có mục tiêu của "{indicator}" cho đơn vị "{unit}" năm {year}',
  },
  DOTHI_INDICATOR_CALCULATOR_UNKNOWN: {
    status: 404,
    en: 'No indicator calculator "{id}"; the calculators are: {known}',
    vi: 'Không có bộ tính chỉ số "{id}"; các bộ tính hiện có: {known}',
  },
  DOTHI_INDICATOR_LAYER_MISSING: {
    status: 400,
    en: 'Calculator "{calculator}" needs a {role} layer, and none was given',
    vi: 'Bộ tính "{calculator}" cần một lớp {role} nhưng không có lớp nào được cung cấp',
  },
  DOTHI_INDICATOR_CRS_MISMATCH: {
    status: 400,
    en: 'Calculator "{calculator}": the {role} layer is in {crs} but the units are in {units}; give every layer in the units\' metric CRS',
    vi: 'Bộ tính "{calculator}": lớp {role} ở hệ tọa độ {crs} còn các đơn vị ở {units}; mọi lớp phải cùng hệ tọa độ mét của các đơn vị',
  },
  DOTHI_INDICATOR_PARAM_INVALID: {
    status: 400,
    en: 'Calculator "{calculator}": parameter {param} = "{value}" is invalid',
    vi: 'Bộ tính "{calculator}": tham số {param} = "{value}" không hợp lệ',
  },
  DOTHI_INDICATOR_LAYER_AMBIGUOUS: {
    status: 409,
    en: 'Workspace "{workspace}" has several {role} layers ({layers}); say which one to use',
    vi: 'Không gian làm việc "{workspace}" có nhiều lớp {role} ({layers}); hãy chỉ rõ lớp cần dùng',
  },
  DOTHI_INDICATOR_UNIT_ID_MISSING: {
    status: 400,
    en: 'Unit {row} of layer "{layer}" has no value in column "{column}"',
    vi: 'Đơn vị thứ {row} của lớp "{layer}" không có giá trị ở cột "{column}"',
  },
  DOTHI_INDEX_SPEC_INVALID: {
    status: 400,
    en: 'The index spec is invalid at {path}: {detail}',
    vi: 'Đặc tả chỉ số tổng hợp không hợp lệ tại {path}: {detail}',
  },
  DOTHI_INDEX_DATA_INVALID: {
    status: 422,
    en: 'The index data {file} is invalid at row {row}, column "{column}": {detail}',
    vi: 'Dữ liệu chỉ số {file} không hợp lệ tại dòng {row}, cột "{column}": {detail}',
  },
  DOTHI_INDEX_METHOD_INVALID: {
    status: 422,
    en: 'The method "{method}" cannot be applied to these data: {detail}',
    vi: 'Không thể áp dụng phương pháp "{method}" cho dữ liệu này: {detail}',
  },
  DOTHI_INDEX_UNIT_NOT_FOUND: {
    status: 404,
    en: 'Unit "{unit}" is not in the index results (it may have been screened out)',
    vi: 'Đơn vị "{unit}" không có trong kết quả chỉ số (có thể đã bị loại khi sàng lọc)',
  },
  DOTHI_INDICATOR_INVALID: {
    status: 400,
    en: 'The indicator definition is invalid at {path}: {detail}',
    vi: 'Định nghĩa chỉ số không hợp lệ tại {path}: {detail_vi}',
  },
  DOTHI_CATALOG_INVALID: {
    status: 500,
    en: 'The catalog file {file} is invalid at {path}: {detail}',
    vi: 'Tệp danh mục {file} không hợp lệ tại {path}: {detail_vi}',
  },
  DOTHI_STORE_TOO_NEW: {
    status: 409,
    en: 'The store is at schema version {version}, newer than this release knows ({latest}); upgrade dothi before opening it',
    vi: 'Kho dữ liệu ở phiên bản lược đồ {version}, mới hơn phiên bản mà bản phát hành này biết ({latest}); hãy nâng cấp dothi trước khi mở',
  },
  DOTHI_BACKUP_UNREADABLE: {
    status: 400,
    en: 'The backup {file} cannot be read: {detail}',
    vi: 'Không đọc được bản sao lưu {file}: {detail}',
  },
  DOTHI_BACKUP_WRONG_BACKEND: {
    status: 400,
    en: 'The backup {file} was made from the {format} database and cannot be restored into the {backend} one',
    vi: 'Bản sao lưu {file} được tạo từ cơ sở dữ liệu {format}, không khôi phục được vào cơ sở dữ liệu {backend}',
  },
  DOTHI_BACKUP_TOOL_MISSING: {
    status: 500,
    en: 'The PostgreSQL tool {tool} is not installed (Debian: apt-get install postgresql-client)',
    vi: 'Chưa cài công cụ PostgreSQL {tool} (Debian: apt-get install postgresql-client)',
  },
  DOTHI_BACKUP_FAILED: {
    status: 500,
    en: 'The backup failed ({tool}): {detail}',
    vi: 'Sao lưu thất bại ({tool}): {detail}',
  },
  DOTHI_RESTORE_FAILED: {
    status: 500,
    en: 'The restore failed and the store was left as it was ({tool}): {detail}',
    vi: 'Khôi phục thất bại, kho dữ liệu được giữ nguyên ({tool}): {detail}',
  },
  DOTHI_AUTH_REQUIRED: {
    status: 401,
    en: 'Sign in, or send an API token as "Authorization: Bearer TOKEN", to {action}',
    vi: 'Hãy đăng nhập, hoặc gửi mã truy cập API dạng "Authorization: Bearer TOKEN", để {action}',
  },
  DOTHI_AUTH_FORBIDDEN: {
    status: 403,
    en: 'The role "{role}" in workspace "{workspace}" may not {action}',
    vi: 'Vai trò "{role}" trong không gian làm việc "{workspace}" không được phép {action}',
  },
  DOTHI_AUTH_PERSONAL_RECORDS: {
    status: 403,
    en: 'Each record of layer "{layer}" describes a household or a person; the role "{role}" reads it only as a published summary ({summary})',
    vi: 'Mỗi bản ghi của lớp "{layer}" mô tả một hộ gia đình hay một người; vai trò "{role}" chỉ được đọc lớp này dưới dạng bảng tổng hợp công bố ({summary})',
  },
  DOTHI_AUTH_LOGIN_FAILED: {
    status: 401,
    en: 'Wrong email or password',
    vi: 'Sai email hoặc mật khẩu',
  },
  DOTHI_AUTH_TOKEN_INVALID: {
    status: 401,
    en: 'The API token is unknown, expired or revoked',
    vi: 'Mã truy cập API không tồn tại, đã hết hạn hoặc đã bị thu hồi',
  },
  DOTHI_AUTH_CSRF: {
    status: 403,
    en: 'A signed-in change needs the session\'s CSRF token in the x-csrf-token header',
    vi: 'Thay đổi khi đã đăng nhập cần mã CSRF của phiên trong tiêu đề x-csrf-token',
  },
  DOTHI_AUTH_ACCOUNTS_REQUIRED: {
    status: 400,
    en: 'dothi will not listen on {host} without accounts; create an administrator first: dothi admin create --email E --password-stdin',
    vi: 'dothi không mở cổng trên {host} khi chưa có tài khoản; hãy tạo quản trị viên trước: dothi admin create --email E --password-stdin',
  },
  DOTHI_AUTH_USER_EXISTS: {
    status: 409,
    en: 'A user with the email {email} already exists',
    vi: 'Đã có người dùng với email {email}',
  },
  DOTHI_AUTH_USER_NOT_FOUND: {
    status: 404,
    en: 'No user {email} (in this workspace)',
    vi: 'Không có người dùng {email} (trong không gian làm việc này)',
  },
  DOTHI_AUTH_TOKEN_NOT_FOUND: {
    status: 404,
    en: 'No API token {token} in workspace {workspace}',
    vi: 'Không có mã truy cập API {token} trong không gian làm việc {workspace}',
  },
  DOTHI_AUTH_WEAK_PASSWORD: {
    status: 400,
    en: 'A password needs at least {min} characters',
    vi: 'Mật khẩu cần ít nhất {min} ký tự',
  },
  DOTHI_AUTH_PERSONAL_ATTRIBUTE: {
    status: 403,
    en: 'The attribute "{attribute}" of layer "{layer}" is personal data: only planners and owners may read, filter or sort on it',
    vi: 'Thuộc tính "{attribute}" của lớp "{layer}" là dữ liệu cá nhân: chỉ người lập quy hoạch và chủ sở hữu được đọc, lọc hoặc sắp xếp theo nó',
  },
  DOTHI_AUTH_UNDECLARED: {
    status: 500,
    en: 'The route {route} declares no permission, so nobody may call it',
    vi: 'Tuyến {route} không khai báo quyền, nên không ai được gọi',
  },
  DOTHI_API_RATE_LIMITED: {
    status: 429,
    en: 'Too many requests: this client may make {limit} a minute; try again in {seconds} s',
    vi: 'Quá nhiều yêu cầu: mỗi máy khách được gửi {limit} yêu cầu mỗi phút; hãy thử lại sau {seconds} giây',
  },
  DOTHI_INDEX_DATASET_NOT_FOUND: {
    status: 404,
    en: 'Workspace {workspace} has no index dataset "{dataset}"',
    vi: 'Không gian làm việc {workspace} không có bộ dữ liệu chỉ số "{dataset}"',
  },
  DOTHI_INDEX_DATASET_EXISTS: {
    status: 409,
    en: 'Workspace {workspace} already has an index dataset "{dataset}"; choose another id',
    vi: 'Không gian làm việc {workspace} đã có bộ dữ liệu chỉ số "{dataset}"; hãy chọn mã khác',
  },
  DOTHI_INDEX_SPEC_NOT_FOUND: {
    status: 404,
    en: 'Workspace {workspace} has no index spec "{spec}"',
    vi: 'Không gian làm việc {workspace} không có đặc tả chỉ số "{spec}"',
  },
  DOTHI_INDEX_SPEC_EXISTS: {
    status: 409,
    en: 'Workspace {workspace} already has an index spec "{spec}"; replace it with PUT',
    vi: 'Không gian làm việc {workspace} đã có đặc tả chỉ số "{spec}"; dùng PUT để thay thế',
  },
  DOTHI_INDEX_RESULT_NOT_FOUND: {
    status: 404,
    en: 'Workspace {workspace} has no index result "{result}"',
    vi: 'Không gian làm việc {workspace} không có kết quả chỉ số "{result}"',
  },
  DOTHI_COMMENT_NOT_FOUND: {
    status: 404,
    en: 'Workspace {workspace} has no comment "{comment}"',
    vi: 'Không gian làm việc {workspace} không có góp ý "{comment}"',
  },
  DOTHI_COMMENT_FEATURE_UNKNOWN: {
    status: 404,
    en: 'The current version of layer "{layer}" has no feature "{feature}" to comment on',
    vi: 'Phiên bản hiện tại của lớp "{layer}" không có đối tượng "{feature}" để góp ý',
  },
  DOTHI_REMOTE_UNREACHABLE: {
    status: 502,
    en: 'The dothi server at {server} cannot be reached: {detail}',
    vi: 'Không kết nối được máy chủ dothi tại {server}: {detail}',
  },
  DOTHI_REMOTE_FAILED: {
    status: 502,
    en: 'The dothi server at {server} answered {status}: {detail}',
    vi: 'Máy chủ dothi tại {server} trả lời {status}: {detail}',
  },
  DOTHI_REMOTE_UNSUPPORTED: {
    status: 400,
    en: '"dothi {command}" works on the store directly, not through a server; run it without --server (or DOTHI_SERVER) where the store is',
    vi: '"dothi {command}" làm việc trực tiếp trên kho dữ liệu, không qua máy chủ; hãy chạy không có --server (hay DOTHI_SERVER) tại nơi đặt kho',
  },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);
}
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null | undefined>>;

export function formatMessage(code: ErrorCode, details: ErrorDetails, lang: Lang = 'en'): string {
  return ERRORS[code][lang].replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = details[key];
    return v === undefined || v === null ? whole : String(v);
  });
}

/** An error a user can act on: a stable code, the details that say what and where, and both languages. */
export class DothiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  readonly status: number;
  /** Extra structured payload (for example a validation report) that callers may show. */
  readonly data: unknown;

  constructor(code: ErrorCode, details: ErrorDetails = {}, data?: unknown) {
    super(formatMessage(code, details, 'en'));
    this.name = 'DothiError';
    this.code = code;
    this.details = details;
    this.status = ERRORS[code].status;
    this.data = data;
  }

  message_vi(): string {
    return formatMessage(this.code, this.details, 'vi');
  }

  toJSON(): { code: ErrorCode; message: string; message_vi: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, message_vi: this.message_vi(), details: this.details };
  }
}
