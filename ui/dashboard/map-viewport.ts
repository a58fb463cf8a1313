import type { Bounds } from './api-types.js';

const MIN_METRES_PER_PX = 0.004;
const MAX_METRES_PER_PX = 1;

/**
 * Where the top-down view looks and how far it is zoomed, and the conversions between screen pixels
 * (y down) and map metres (y up).
 */
export class MapViewport {
  centerX = 0;
  centerY = 0;
  metresPerPx = 0.05;
  widthPx = 1;
  heightPx = 1;

  resize(widthPx: number, heightPx: number): void {
    this.widthPx = Math.max(1, widthPx);
    this.heightPx = Math.max(1, heightPx);
  }

  screenToWorld(px: number, py: number): { x: number; y: number } {
    return {
      x: this.centerX + (px - this.widthPx / 2) * this.metresPerPx,
      y: this.centerY - (py - this.heightPx / 2) * this.metresPerPx,
    };
  }

  worldToScreen(x: number, y: number): { px: number; py: number } {
    return {
      px: (x - this.centerX) / this.metresPerPx + this.widthPx / 2,
      py: (this.centerY - y) / this.metresPerPx + this.heightPx / 2,
    };
  }

  /** Half extents of the view in metres, as the orthographic camera wants them. */
  halfExtent(): { halfWidth: number; halfHeight: number } {
    return { halfWidth: (this.widthPx * this.metresPerPx) / 2, halfHeight: (this.heightPx * this.metresPerPx) / 2 };
  }

  panByPixels(dxPx: number, dyPx: number): void {
    this.centerX -= dxPx * this.metresPerPx;
    this.centerY += dyPx * this.metresPerPx;
  }

  /** Zooms by `factor` (> 1 zooms in) keeping the map point under the screen point in place. */
  zoomAt(factor: number, px: number, py: number): void {
    const before = this.screenToWorld(px, py);
    this.metresPerPx = Math.min(MAX_METRES_PER_PX, Math.max(MIN_METRES_PER_PX, this.metresPerPx / factor));
    const after = this.screenToWorld(px, py);
    this.centerX += before.x - after.x;
    this.centerY += before.y - after.y;
  }

  fit(bounds: Bounds, marginPx: number): void {
    const width = Math.max(bounds.max_x - bounds.min_x, 1);
    const height = Math.max(bounds.max_y - bounds.min_y, 1);
    const usableW = Math.max(this.widthPx - 2 * marginPx, 1);
    const usableH = Math.max(this.heightPx - 2 * marginPx, 1);
    this.metresPerPx = Math.min(MAX_METRES_PER_PX, Math.max(MIN_METRES_PER_PX, Math.max(width / usableW, height / usableH)));
    this.centerX = (bounds.min_x + bounds.max_x) / 2;
    this.centerY = (bounds.min_y + bounds.max_y) / 2;
  }
}
