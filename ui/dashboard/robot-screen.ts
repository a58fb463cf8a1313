// A robot's patient screen (the tablet on the robot), folded away under the robot: whether a tablet is
// paired, by whom and when; "Pair a tablet" gives the link to open on the tablet, shown this once (the
// brain keeps only a hash of its token), and a tablet paired before stops working; "Unpair" ends it.
// Staff whose role may not pair screens are told so when they open it: the brain decides, not the page.
import { fetchScreenPairing, pairScreen, unpairScreen, type ScreenPairingResult, type ScreenPairingStatus } from './api.js';
import { el } from './dom.js';
import { clock, lang, t } from './i18n.js';

type State = 'closed' | 'loading' | { status: ScreenPairingStatus; link: string | null } | { refused: string };

export class RobotScreen {
  readonly element: HTMLDetailsElement;
  private readonly summary = el('summary');
  private readonly body = el('div', { class: 'screen-body' });
  private readonly message = el('p', { class: 'screen-message', role: 'status', 'aria-live': 'polite' });
  private state: State = 'closed';
  private busy = false;
  private renderedIn = '';

  constructor(private readonly robot: string) {
    this.element = el('details', { class: 'robot-screen', 'data-screen': robot }, this.summary, this.body, this.message);
    this.element.addEventListener('toggle', () => {
      if (this.element.open && this.state === 'closed') void this.run(() => fetchScreenPairing(this.robot));
    });
    this.render();
  }

  private async run(action: () => Promise<ScreenPairingResult>, link: string | null = null): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    if (this.state === 'closed') this.state = 'loading';
    this.render();
    const r = await action();
    this.busy = false;
    if (r.ok) this.state = { status: r.status, link: r.url ? new URL(r.url, location.origin).href : link };
    else this.state = { refused: r.status === 403 ? t('screen.notAllowed') : t('screen.failed', { detail: r.detail }) };
    this.render();
  }

  /** Signed out: nothing of the pairing stays on the page. */
  reset(): void {
    this.element.open = false;
    this.state = 'closed';
    this.render();
  }

  /** The robot reported (several times a second): redraw only for a new language, so focus and the link stay. */
  relabel(): void {
    if (this.renderedIn !== lang()) this.render();
  }

  render(): void {
    this.renderedIn = lang();
    this.summary.textContent = t('screen.title');
    const state = this.state;
    if (state === 'closed') {
      this.body.replaceChildren();
      this.message.textContent = '';
      return;
    }
    if (state === 'loading') {
      this.message.textContent = t('screen.loading');
      this.message.className = 'screen-message muted';
      return;
    }
    if ('refused' in state) {
      this.body.replaceChildren();
      this.message.textContent = state.refused;
      this.message.className = 'screen-message error';
      return;
    }
    const { status, link } = state;
    const pair = el('button', { type: 'button', class: 'screen-pair' }, status.paired ? t('screen.pairAgain') : t('screen.pair'));
    pair.addEventListener('click', () => {
      // Pairing again cuts off the tablet in use: say so before doing it.
      if (status.paired && !window.confirm(t('screen.replaceConfirm', { robot: this.robot }))) return;
      void this.run(() => pairScreen(this.robot));
    });
    const unpair = el('button', { type: 'button', class: 'screen-unpair' }, t('screen.unpair'));
    unpair.hidden = !status.paired;
    unpair.addEventListener('click', () => void this.run(() => unpairScreen(this.robot)));
    pair.disabled = unpair.disabled = this.busy;
    const linkBox = link ? this.linkBox(link) : null;
    this.body.replaceChildren(
      el('p', { class: 'screen-status' }, status.paired
        ? t('screen.paired', { by: status.created_by ?? '?', time: status.created_at_ms !== null ? clock(status.created_at_ms) : '?' })
        : t('screen.unpaired')),
      ...(linkBox ? [linkBox] : []),
      el('div', { class: 'screen-actions' }, pair, unpair));
    this.message.textContent = '';
  }

  private linkBox(link: string): HTMLElement {
    const input = el('input', { class: 'screen-link', type: 'text', readonly: '', value: link, 'aria-label': t('screen.linkLabel', { robot: this.robot }) });
    const copy = el('button', { type: 'button', class: 'screen-copy' }, t('screen.copy'));
    copy.addEventListener('click', () => {
      input.select();
      void navigator.clipboard?.writeText(link).then(() => { copy.textContent = t('screen.copied'); }, () => undefined);
    });
    return el('div', { class: 'screen-link-box' }, el('p', {}, t('screen.openOnTablet')), el('div', { class: 'screen-link-row' }, input, copy));
  }
}
