import { ApiError, type AdminApi } from './api.js';
import { h } from './dom.js';
import type { Strings } from './strings.js';
import type { Me } from './types.js';

function loginError(s: Strings, e: unknown): string {
  if (!(e instanceof ApiError) || e.status === 0) return s.networkError;
  if (e.status === 429) return s.locked;
  return s.loginFailed;
}

/** The sign-in form (the same accounts and session as the staff inbox). The password field is cleared whatever the answer. */
export function loginView(s: Strings, api: AdminApi, notice: string, done: (me: Me) => void): HTMLElement {
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert', text: notice });
  const email = h('input', { id: 'login-email', type: 'email', autocomplete: 'username', required: true, maxlength: 320, 'aria-describedby': 'login-error' });
  const password = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 512, 'aria-describedby': 'login-error' });
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
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    api
      .login(email.value.trim(), password.value)
      .then(done, (err: unknown) => {
        error.textContent = loginError(s, err);
        password.focus();
      })
      .finally(() => {
        password.value = '';
        submit.disabled = false;
      });
  });
  queueMicrotask(() => email.focus());
  return h('main', { id: 'main', class: 'login', 'aria-labelledby': 'login-heading' }, [form]);
}
