// The class lists the calculators use, stated once so a planner can read them. Values are OpenStreetMap
// tag values, as the OSM importer writes them into the sector layers (land_use.class = landuse=*,
// green_spaces.type = leisure/landuse/natural value, amenities.amenity = amenity=* or healthcare=* mapped).

/**
 * Built-up land-use classes: land given to buildings and the uses around them (OSM landuse=*).
 * Left out on purpose: open land (grass, meadow, forest, farmland...), construction and brownfield
 * (not yet or no longer built), cemetery, military (mostly open ground), quarry, reservoir/basin (water).
 */
export const BUILT_UP_CLASSES: readonly string[] = [
  'residential', 'commercial', 'retail', 'industrial', 'institutional', 'education', 'religious',
  'railway', 'garages', 'port', 'depot',
];

/**
 * Land-use mix groups (k = 5, the residential / commercial / industrial / institutional / recreational
 * split of the usual entropy index, e.g. Cervero & Kockelman 1997). OSM classes outside these groups
 * (farmland, construction, brownfield, military, cemetery, water...) do not enter the mix.
 */
export const LAND_USE_MIX_GROUPS: Readonly<Record<string, readonly string[]>> = {
  residential: ['residential'],
  commercial: ['commercial', 'retail'],
  industrial: ['industrial', 'port', 'depot', 'garages', 'railway'],
  institutional: ['institutional', 'education', 'religious'],
  recreational: ['recreation_ground', 'village_green', 'grass', 'park', 'allotments', 'forest', 'meadow'],
};

/** Green space types of the green_spaces layer counted as public open space (parks, gardens, greens, playgrounds). */
export const PUBLIC_OPEN_SPACE_TYPES: readonly string[] = ['park', 'garden', 'playground', 'recreation_ground', 'village_green'];

/** OSM access values that close a space to the public; a missing access tag means open. */
export const NON_PUBLIC_ACCESS: readonly string[] = ['private', 'no', 'customers', 'permit', 'military', 'delivery'];

/** Green space types that are parks for the 10-minute walk (public access required as above). */
export const PARK_TYPES: readonly string[] = ['park', 'recreation_ground', 'village_green'];

/**
 * amenity values standing for a primary school. OSM's amenity=school covers primary and secondary
 * schools alike (the level is in isced:level, which the importer does not keep), so every school counts.
 */
export const PRIMARY_SCHOOL_AMENITIES: readonly string[] = ['school'];

/** amenity values of health facilities where a doctor sees patients (pharmacies and dentists left out). */
export const HEALTH_FACILITY_AMENITIES: readonly string[] = ['hospital', 'clinic', 'doctors'];

/** Innovation actor types that are knowledge anchors (universities and R&D centres). */
export const KNOWLEDGE_ANCHOR_TYPES: readonly string[] = ['university', 'research_centre'];

/**
 * Building `use` values (OSM building=*) whose floor area houses residents, for the documented
 * population rule of the tests and demos; building=yes (use missing) is the usual tag of a home.
 */
export const RESIDENTIAL_BUILDING_USES: readonly string[] = [
  'residential', 'house', 'apartments', 'detached', 'semidetached_house', 'terrace', 'dormitory', 'bungalow', 'farm',
];
