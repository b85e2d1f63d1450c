// A MapLibre map as dothi's pages use it: the local base style, north up and flat (no rotation or
// pitch, which planners' maps never need and which confuse scale bars), zoom buttons at the top right.

import { Map as MlMap, NavigationControl } from 'maplibre-gl';
import { BASE_STYLE } from './style.ts';

export function flatMap(container: HTMLElement): MlMap {
  const map = new MlMap({ container, style: BASE_STYLE, center: [106.7, 10.78], zoom: 11, attributionControl: false, maxPitch: 0 });
  map.dragRotate.disable();
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  return map;
}
