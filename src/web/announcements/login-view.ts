import { ApiError, type Api } from './api.js';
import { h } from './dom.js';
import type { Strings } from './strings.js';
import type { Me } from './types.js';

/** Sign-in with the staff account (the same session as the inbox and the editor pages). The password field is cleared whatever the answer. */
export function loginView(s: Strings, api: Api, notice: string, done: (me: Me) => void): HTMLElement {
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert', text: notice });
  const email = h('input', { id: 'login-email', type: 'email', autocomplete: 'username', required: true, maxlength: '320', 'aria-describedby': 'login-error' });
  const password = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password', required: true, maxlength: '512', 'aria-describedby': 'login-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary', text: s.signIn });
  const form = h('form', { class: 'login-form', novalidate: true }, [
    h('h2', { id: 'login-heading', text: s.loginHeading }),
    h('label', { for: 'login-email', text: s.email }),
    email,
    h('label', { for: 'login-password', text: s.password }),
    password,
    error,
    submit,
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!email.value.trim() || !password.value) {
      error.textContent = s.loginFailed;
      return;
    }
    submit.disabled = true;
    api
      .login(email.value.trim(), password.value)
      .then(done, (err: unknown) => {
        error.textContent = err instanceof ApiError && err.status === 429 ? s.locked : err instanceof ApiError && err.status !== 0 ? s.loginFailed : s.networkError;
      })
      .finally(() => {
        password.value = '';
        submit.disabled = false;
      });
  });
  queueMicrotask(() => email.focus());
  return h('main', { id: 'main', class: 'login', 'aria-labelledby': 'login-heading' }, [form]);
}
