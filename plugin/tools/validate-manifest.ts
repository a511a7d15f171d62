/**
 * The manifest rules Zendesk's server applies on upload (zendesk_apps_support: validations/manifest.rb,
 * manifest/parameter.rb, location.rb, secure_settings.rb), mirrored so a broken package fails here,
 * offline, with the same wording, instead of at `zcli apps:validate`. One deliberate extra: a secure
 * parameter without `scopes` is an error, not a warning, because it lets the proxy put the secret
 * anywhere in a request.
 */
export interface Findings {
  errors: string[];
  warnings: string[];
}

const SUPPORT_LOCATIONS = new Set([
  'ticket_sidebar',
  'new_ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'top_bar',
  'nav_bar',
  'background',
  'modal',
  'ticket_editor',
  'system_top_bar',
]);
const PRODUCTS = new Set(['support', 'chat', 'sell']);
const PARAMETER_TYPES = new Set([
  'text',
  'checkbox',
  'url',
  'number',
  'multiline',
  'hidden',
  'oauth',
]);
const SECURE_SCOPES = new Set([
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'jwt_claim',
  'basic_auth_username',
  'basic_auth_password',
]);
const SECRET_LIKE_NAME = /token|key|pwd|password|secret/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed manifest; `hasAsset(path)` answers whether a file exists in the package. */
export function validateManifest(manifest: unknown, hasAsset: (path: string) => boolean): Findings {
  const f: Findings = { errors: [], warnings: [] };
  if (!isObject(manifest)) {
    f.errors.push('manifest.json must be a JSON object.');
    return f;
  }
  const author = manifest['author'];
  if (!isObject(author)) f.errors.push('Missing required field in manifest: author');
  else {
    for (const key of ['name', 'email'])
      if (typeof author[key] !== 'string' || author[key] === '')
        f.errors.push(`Missing required field in manifest: author ${key}`);
    const url = author['url'];
    if (url !== undefined && !(typeof url === 'string' && /^https?:\/\/\S+$/.test(url)))
      f.errors.push('author url must be a valid http(s) URL.');
  }
  const locale = manifest['defaultLocale'];
  if (typeof locale !== 'string')
    f.errors.push('Missing required field in manifest: defaultLocale');
  else if (!/^[a-z]{2,3}(-\w{2,3})?$/.test(locale))
    f.errors.push(`${locale} is not a valid default locale.`);
  else if (!hasAsset(`translations/${locale}.json`))
    f.errors.push(`Missing translation file for locale '${locale}'`);
  if (typeof manifest['name'] !== 'string' || manifest['name'] === '')
    f.errors.push('Missing required field in manifest: name');
  const headless = manifest['requirementsOnly'] === true || manifest['marketingOnly'] === true;
  if (!headless) {
    const fw = manifest['frameworkVersion'];
    if (fw === undefined) f.errors.push('Missing required field in manifest: frameworkVersion');
    else if (fw !== '2.0')
      f.errors.push(
        `${JSON.stringify(fw)} is not a valid framework version. Available versions are: 2.0.`,
      );
    checkLocations(manifest['location'], hasAsset, f);
  }
  checkParameters(manifest['parameters'], manifest['domainWhitelist'], f);
  return f;
}

function checkLocations(location: unknown, hasAsset: (p: string) => boolean, f: Findings) {
  if (!isObject(location)) {
    f.errors.push('Missing required field in manifest: location');
    return;
  }
  for (const [product, locations] of Object.entries(location)) {
    if (!PRODUCTS.has(product) || !isObject(locations)) {
      f.errors.push(`${product} is not a valid host.`);
      continue;
    }
    for (const [name, spec] of Object.entries(locations)) {
      if (product === 'support' && !SUPPORT_LOCATIONS.has(name))
        f.errors.push(`${name} is an invalid location in ${product}.`);
      const url = typeof spec === 'string' ? spec : isObject(spec) ? spec['url'] : undefined;
      if (isObject(spec) && 'flexible' in spec && typeof spec['flexible'] !== 'boolean')
        f.errors.push(`${name}: flexible must be a boolean.`);
      if (url === undefined) {
        if (isObject(spec) && spec['autoLoad'] !== false)
          f.errors.push(`${name}: a location that loads automatically needs a url.`);
        continue;
      }
      if (typeof url !== 'string' || !validLocationUrl(url, hasAsset))
        f.errors.push(
          `${typeof url === 'string' ? url : JSON.stringify(url)} is either an invalid location URI, refers to a missing asset, or does not use HTTPS.`,
        );
    }
  }
}

function validLocationUrl(url: string, hasAsset: (p: string) => boolean): boolean {
  if (url.includes('{{setting.')) return true;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return url.startsWith('assets/') && hasAsset(url);
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.hostname === 'localhost';
  } catch {
    return false;
  }
}

function checkParameters(parameters: unknown, whitelist: unknown, f: Findings) {
  if (parameters === undefined) return;
  if (!Array.isArray(parameters)) {
    f.errors.push('parameters must be an array.');
    return;
  }
  const seen = new Set<string>();
  let anySecure = false;
  for (const p of parameters) {
    if (!isObject(p) || typeof p['name'] !== 'string') {
      f.errors.push('Every parameter needs a name.');
      continue;
    }
    const name = p['name'];
    if (name === 'name') f.errors.push("Can't call a parameter 'name'");
    if (seen.has(name)) f.errors.push(`Duplicate parameter name: ${name}`);
    seen.add(name);
    const type = p['type'] ?? 'text';
    if (type === 'password')
      f.errors.push(`Parameter ${name}: the 'password' type is deprecated; use secure: true.`);
    else if (typeof type !== 'string' || !PARAMETER_TYPES.has(type))
      f.errors.push(`Parameter ${name} has an invalid type: ${JSON.stringify(type)}`);
    for (const key of ['required', 'secure'])
      if (key in p && typeof p[key] !== 'boolean')
        f.errors.push(`Parameter ${name}: ${key} must be true or false.`);
    if (type === 'hidden' && p['required'] === true)
      f.errors.push(`Parameter ${name}: a hidden parameter cannot be required.`);
    const secure = p['secure'] === true;
    anySecure ||= secure;
    checkScopes(name, secure, p['scopes'], f);
    if ((secure || type === 'hidden') && 'default' in p)
      f.warnings.push(`Parameter ${name}: a secure or hidden parameter should not have a default.`);
    if (!secure && type === 'text' && SECRET_LIKE_NAME.test(name))
      f.warnings.push(`Parameter ${name} looks like a secret but is not secure: true.`);
  }
  if (anySecure && !(Array.isArray(whitelist) && whitelist.length > 0))
    f.errors.push('Secure parameters need a domainWhitelist naming the hosts they may be sent to.');
}

function checkScopes(name: string, secure: boolean, scopes: unknown, f: Findings) {
  if (scopes === undefined) {
    if (secure)
      f.errors.push(
        `Parameter ${name} is secure but has no scopes: list where the proxy may insert it, e.g. "scopes": ["header"].`,
      );
    return;
  }
  if (!secure) f.errors.push(`Parameter ${name}: scopes are only allowed on secure parameters.`);
  if (!Array.isArray(scopes) || scopes.length === 0)
    f.errors.push(`Parameter ${name}: scopes must be a non-empty array.`);
  else
    for (const s of scopes)
      if (typeof s !== 'string' || !SECURE_SCOPES.has(s))
        f.errors.push(`Parameter ${name} has an invalid scope: ${JSON.stringify(s)}`);
}
