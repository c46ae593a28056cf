import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { BotframeworkConfig } from '../../src/config.js';

/**
 * Where tokens from the channel are checked. Production uses Microsoft's published keys; tests
 * point these at a local OpenID server so that real signed tokens can be validated offline.
 */
export interface AuthEndpoints {
  channelOpenIdMetadataUrl: string;
  emulatorOpenIdMetadataUrl: string;
}

/**
 * botbuilder's own authentication, built from our settings. With no app id it accepts every
 * activity (the Bot Framework Emulator on a laptop); config.ts refuses that in production unless
 * BOTFRAMEWORK_ALLOW_UNAUTHENTICATED says otherwise.
 */
export function createAuthentication(settings: BotframeworkConfig, endpoints?: AuthEndpoints): BotFrameworkAuthentication {
  const credentials = {
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    // botbuilder compares the app type case-insensitively ("UserAssignedMsi").
    MicrosoftAppType: settings.appType,
    MicrosoftAppTenantId: settings.tenantId ?? '',
  };
  const factory = new ConfigurationServiceClientCredentialFactory(credentials);
  const where = endpoints
    ? {
        ValidateAuthority: true,
        ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
        ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
        ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        OAuthUrl: AuthenticationConstants.OAuthUrl,
        ToBotFromChannelOpenIdMetadataUrl: endpoints.channelOpenIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: endpoints.emulatorOpenIdMetadataUrl,
        CallerId: 'urn:botframework:azure',
      }
    : {};
  return new TokenErrorsAsUnauthorized(new ConfigurationBotFrameworkAuthentication({ ...credentials, ...where }, factory));
}

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder lets a token with a bad signature escape as a plain JsonWebTokenError, which its
 * CloudAdapter answers with 500; a forged token is a refused caller, so it becomes a 401 here.
 * Everything else is passed through unchanged.
 */
class TokenErrorsAsUnauthorized extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (e) {
      throw asUnauthorized(e);
    }
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (e) {
      throw asUnauthorized(e);
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader).catch((e: unknown) => {
      throw asUnauthorized(e);
    });
  }
}

function asUnauthorized(e: unknown): unknown {
  if (e instanceof Error && TOKEN_ERRORS.has(e.name)) return new AuthenticationError(`Unauthorized. ${e.message}`, 401);
  return e;
}
