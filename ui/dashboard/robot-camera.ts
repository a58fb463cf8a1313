// What a robot's camera sees now, folded away under the robot: fetched when opened and on "Refresh"
// (the brain keeps the last frame a few seconds and shares it between viewers). Says when there is
// no picture and why.
import { fetchCameraFrame } from './api.js';
import { el } from './dom.js';
import { clock, t } from './i18n.js';

export class RobotCamera {
  readonly element: HTMLDetailsElement;
  private readonly summary = el('summary');
  private readonly image = el('img', { class: 'camera-frame', width: '320', height: '240', decoding: 'async' });
  private readonly caption = el('p', { class: 'camera-caption', role: 'status', 'aria-live': 'polite' });
  private readonly refresh = el('button', { type: 'button', class: 'camera-refresh' });
  private state: 'closed' | 'loading' | { url: string; stampMs: number | null; atMs: number } | { failed: string } = 'closed';
  private url: string | null = null;

  constructor(private readonly robot: string) {
    this.image.hidden = true;
    this.element = el('details', { class: 'robot-camera', 'data-camera': robot }, this.summary,
      el('div', { class: 'camera-body' }, this.image, el('div', { class: 'camera-foot' }, this.caption, this.refresh)));
    this.element.addEventListener('toggle', () => {
      if (this.element.open && this.state === 'closed') void this.load();
    });
    this.refresh.addEventListener('click', () => void this.load());
    this.render();
  }

  async load(): Promise<void> {
    if (this.state === 'loading') return;
    this.state = 'loading';
    this.render();
    const frame = await fetchCameraFrame(this.robot);
    if (frame.ok) {
      if (this.url) URL.revokeObjectURL(this.url);
      this.url = frame.url;
      this.image.src = frame.url;
      // The frame's own stamp is the robot's (the simulator's) time, like every other time on the page.
      this.state = { url: frame.url, stampMs: frame.stampMs, atMs: frame.stampMs ?? Date.now() - (frame.ageMs ?? 0) };
    } else {
      this.state = { failed: frame.status === 504 ? t('camera.noFrame', { detail: frame.detail }) : t('camera.failed', { detail: frame.detail }) };
    }
    this.render();
  }

  /** Signed out: the picture goes (it needs a signed-in viewer). */
  reset(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    this.image.removeAttribute('src');
    this.element.open = false;
    this.state = 'closed';
    this.render();
  }

  render(): void {
    this.summary.textContent = t('camera.title');
    this.refresh.textContent = t('camera.refresh');
    this.refresh.setAttribute('aria-label', t('camera.refreshLabel', { robot: this.robot }));
    this.refresh.disabled = this.state === 'loading';
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'loading') {
      this.caption.textContent = t('camera.loading');
      this.caption.className = 'camera-caption muted';
      return;
    }
    if ('failed' in state) {
      this.image.hidden = true;
      this.caption.textContent = state.failed;
      this.caption.className = 'camera-caption error';
      return;
    }
    this.image.hidden = false;
    this.image.alt = t('camera.alt', { robot: this.robot, time: clock(state.atMs) });
    this.caption.className = 'camera-caption muted';
    this.caption.textContent = t('camera.taken', { time: clock(state.atMs) });
  }
}
