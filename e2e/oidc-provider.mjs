// A real OpenID provider (the certified `oidc-provider` package) on loopback,
// for carefile's single sign-on tests (crates/web/tests/security.rs).
//
//   node e2e/oidc-provider.mjs CLIENT_ID CLIENT_SECRET REDIRECT_URI
//
// Prints one line of JSON, {"issuer": "http://127.0.0.1:PORT"}, once it
// listens, and exits when its standard input closes (when the test ends).
//
// Signing in asks nothing: the test says beforehand whom the next sign-in is
// and which groups they are in (POST /test/next {"sub", "groups"}), and the
// provider's own authorisation, token and key endpoints do the rest. To show
// that carefile refuses a bad ID token, the same request can ask for the next
// token response's ID token to be issued wrong ({"tamper": "issuer" |
// "audience" | "nonce" | "expired" | "signature"}): it is signed again with the
// provider's own key (or, for "signature", another key under the same key ID),
// as a misbehaving or impersonated provider would send it.
import http from 'node:http';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const [clientId, clientSecret, redirectUri] = process.argv.slice(2);
if (!redirectUri) {
  console.error('usage: oidc-provider.mjs CLIENT_ID CLIENT_SECRET REDIRECT_URI');
  process.exit(2);
}

const kid = 'test-key-1';
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signing = { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
const { privateKey: impostor } = await jose.generateKeyPair('RS256');

// Whom the next sign-in is, their groups, and how the next ID token is spoiled.
let upcoming = { sub: 'nobody', groups: [], tamper: null };
const groupsOf = new Map();

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signing] },
  cookies: { keys: ['carefile-test-cookie-key'] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], groups: ['groups'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub, groups: groupsOf.get(sub) ?? [] }) }),
  // carefile is the council's own application: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid groups');
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  await next();
  const tamper = upcoming.tamper;
  if (ctx.path !== '/token' || !tamper || typeof ctx.body?.id_token !== 'string') return;
  upcoming.tamper = null;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const now = Math.floor(Date.now() / 1000);
  if (tamper === 'issuer') claims.iss = 'http://127.0.0.1:1/another-provider';
  else if (tamper === 'audience') claims.aud = 'another-application';
  else if (tamper === 'nonce') claims.nonce = 'not-the-nonce-carefile-sent';
  else if (tamper === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  else if (tamper !== 'signature') throw new Error(`no such tampering: ${tamper}`);
  const key = tamper === 'signature' ? impostor : privateKey;
  ctx.body = { ...ctx.body, id_token: await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key) };
});

server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (req.method === 'POST' && url.pathname === '/test/next') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const next = JSON.parse(body);
      upcoming = { sub: next.sub, groups: next.groups ?? [], tamper: next.tamper ?? null };
      groupsOf.set(upcoming.sub, upcoming.groups);
      res.writeHead(204).end();
    } else if (url.pathname.startsWith('/interaction/')) {
      // The sign-in itself: the person the test named.
      await provider.interactionFinished(req, res, { login: { accountId: upcoming.sub } }, { mergeWithLastSubmission: false });
    } else {
      provider.callback()(req, res);
    }
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
  }
});

console.log(JSON.stringify({ issuer }));
// The provider's notices go to standard error: standard output carries that one line only.
console.log = console.info = (...args) => console.error(...args);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
