// Form auto-capture (SPEC §7). The submit listener only reads the form and records events; it
// never calls preventDefault or waits, so the site's own submit is never blocked or delayed.

// Field names never captured: secrets, tokens, payment and national identifiers.
const SENSITIVE_NAME =
  /pass|pwd|secret|token|csrf|xsrf|nonce|auth|otp|captcha|card|cc.?(num|number|exp)|ccnum|cvv|cvc|csc|cid\b|iban|bic|swift|account.?(no|num)|routing|sort.?code|ssn|social.?sec|tax.?id|national.?id|passport|pin\b/i;
const SKIPPED_TYPES = new Set(['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image']);
const EMAIL_NAME = /(^|[^a-z])e.?mail([^a-z]|$)/i;
const MAX_VALUE_LENGTH = 500;

const attr = (el, name) => (typeof el?.getAttribute === 'function' ? el.getAttribute(name) : null);
const typeOf = (el) => String(el.type || attr(el, 'type') || '').toLowerCase();
const fieldName = (el) => el.name || attr(el, 'name') || '';

// A digit run that passes the Luhn check: a card number whatever its field is called.
function looksLikeCardNumber(value) {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// An IBAN (country, check digits, then a BBAN passing the ISO 13616 mod-97 check) or a US SSN
// written as 3-2-4 digits: never a trait, whatever the field is called (e.g. "bank_account").
function looksLikeIban(value) {
  const text = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  const digits = (text.slice(4) + text.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}
const looksLikeSsn = (value) => /^\d{3}[- ]\d{2}[- ]\d{4}$/.test(value);

export function isEmailField(el) {
  return typeOf(el) === 'email' || EMAIL_NAME.test(fieldName(el)) || EMAIL_NAME.test(el.id || '');
}

// Whether a field may ever become a trait (independently of data-mqlite-fields).
export function isCapturable(el) {
  const name = fieldName(el);
  if (!name || el.disabled) return false;
  if (SKIPPED_TYPES.has(typeOf(el))) return false;
  if (SENSITIVE_NAME.test(name) || SENSITIVE_NAME.test(el.id || '')) return false;
  const autocomplete = String(attr(el, 'autocomplete') || '').toLowerCase();
  if (/cc-|password|one-time-code/.test(autocomplete)) return false;
  return true;
}

function fieldValue(el) {
  const type = typeOf(el);
  if ((type === 'checkbox' || type === 'radio') && !el.checked) return null;
  if (el.multiple && el.options) {
    return [...el.options].filter((o) => o.selected).map((o) => o.value).join(', ');
  }
  return typeof el.value === 'string' ? el.value : null;
}

function allowedNames(form) {
  const list = attr(form, 'data-mqlite-fields');
  if (list == null) return null;
  return new Set(list.split(',').map((s) => s.trim()).filter(Boolean));
}

/** Traits of a form: its named, capturable fields; the e-mail field becomes `email`. */
export function extractTraits(form) {
  const allowed = allowedNames(form);
  const traits = {};
  for (const el of [...(form.elements ?? [])]) {
    if (!isCapturable(el)) continue;
    const email = isEmailField(el);
    const key = email ? 'email' : fieldName(el);
    if (allowed && !allowed.has(fieldName(el)) && !allowed.has(key)) continue;
    let value = fieldValue(el);
    if (value == null) continue;
    value = value.trim().slice(0, MAX_VALUE_LENGTH);
    if (value === '' || looksLikeCardNumber(value) || looksLikeIban(value) || looksLikeSsn(value)) continue;
    traits[key] = key in traits && !email ? `${traits[key]}, ${value}` : value;
  }
  return traits;
}

export function formIdentifies(form) {
  if (form.hasAttribute?.('data-mqlite-identify')) return true;
  return [...(form.elements ?? [])].some((el) => isEmailField(el) && isCapturable(el));
}

export function formId(form) {
  // Attributes, not properties: an input named "id" would shadow form.id.
  return attr(form, 'id') || attr(form, 'name') || '';
}

// What a submit of `form` records: [form_submit] or [form_submit, identify]; nothing when ignored.
export function eventsForSubmit(form) {
  if (!form || form.hasAttribute?.('data-mqlite-ignore')) return [];
  const events = [{ type: 'form_submit', props: { formId: formId(form) } }];
  if (formIdentifies(form)) {
    const traits = extractTraits(form);
    if (Object.keys(traits).length > 0) events.push({ type: 'identify', traits });
  }
  return events;
}
