// A button in MapLibre's own control style that fits the view to the workspace's data.

import type { IControl } from 'maplibre-gl';

export class FitControl implements IControl {
  private box: HTMLDivElement | null = null;
  constructor(private readonly label: () => string, private readonly onFit: () => void) {}
  onAdd(): HTMLElement {
    const box = document.createElement('div');
    box.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'dothi-fit-button';
    b.innerHTML = '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>';
    b.addEventListener('click', () => this.onFit());
    box.append(b);
    this.box = box;
    this.relabel();
    return box;
  }
  relabel(): void {
    const b = this.box?.querySelector('button');
    b?.setAttribute('aria-label', this.label());
    b?.setAttribute('title', this.label());
  }
  onRemove(): void {
    this.box?.remove();
  }
}
