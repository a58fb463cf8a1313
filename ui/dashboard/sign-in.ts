// The sign-in panel (shown while nobody is signed in) and the header's "who is signed in" bar.
import { login, logout } from './api.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { endSession, session, sessionEndReason, startSession } from './session.js';
import { roleText } from './task-text.js';

export class SignInPanel {
  private readonly username = el('input', { id: 'sign-in-username', name: 'username', autocomplete: 'username', required: '' });
  private readonly password = el('input', { id: 'sign-in-password', name: 'password', type: 'password', autocomplete: 'current-password', required: '' });
  private readonly submit = el('button', { type: 'submit' });
  private readonly message = el('p', { class: 'form-message', role: 'alert', 'aria-live': 'assertive' });
  private refusal: string | null = null;

  constructor(private readonly root: HTMLElement) {
    const form = el('form', { class: 'sign-in-form', novalidate: '' },
      el('label', { for: 'sign-in-username', 'data-i18n': 'signIn.username' }), this.username,
      el('label', { for: 'sign-in-password', 'data-i18n': 'signIn.password' }), this.password,
      this.submit, this.message);
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.send(); });
    root.append(form);
    this.render();
  }

  render(): void {
    this.submit.textContent = t('signIn.submit');
    const ended = sessionEndReason();
    const text = this.refusal ?? (ended ? t('signIn.ended', { detail: ended }) : '');
    this.message.textContent = text;
    this.message.classList.toggle('error', text !== '');
  }

  focus(): void { this.username.focus(); }

  private async send(): Promise<void> {
    const username = this.username.value.trim();
    const password = this.password.value;
    if (!username || !password) {
      this.refusal = t('signIn.missing');
      this.render();
      (username ? this.password : this.username).focus();
      return;
    }
    this.submit.disabled = true;
    this.refusal = null;
    this.message.textContent = t('signIn.sending');
    const outcome = await login(username, password);
    this.submit.disabled = false;
    if (outcome.ok) {
      this.password.value = '';
      startSession({ token: outcome.answer.token, user: outcome.answer.user, expiresAtMs: outcome.answer.expires_at_ms });
    } else {
      this.refusal = t('signIn.refused', { detail: outcome.detail });
      this.password.select();
    }
    this.render();
  }
}

/** Name and roles of whoever is signed in, with the sign-out button; empty when nobody is. */
export function renderUserBar(root: HTMLElement): void {
  const current = session();
  if (!current) {
    root.replaceChildren();
    return;
  }
  const signOut = el('button', { type: 'button', class: 'sign-out' }, t('signIn.signOut'));
  signOut.addEventListener('click', () => {
    signOut.disabled = true;
    void logout().finally(() => endSession(null));
  });
  root.replaceChildren(
    el('span', { class: 'user-name' }, current.user.name),
    el('span', { class: 'user-roles' }, current.user.roles.map(roleText).join(', ')),
    signOut);
}
