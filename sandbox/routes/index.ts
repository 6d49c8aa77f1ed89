/** The route tables, assembled from one module per API resource. */
import type { PlatformRoute, TokenServiceRoute } from '../app';
import type { RouteDefinition } from '../router';
import type { FileRequest } from '../server';
import { accessTokenRoutes } from './accessToken';
import { connectorPinRoutes } from './connectorPin';
import { groupRoutes } from './groups';
import { messageRoutes } from './messages';

/** Mounted at `/v1` (the API root). */
export const tokenServiceRoutes: TokenServiceRoute[] = [...accessTokenRoutes, ...connectorPinRoutes];

/** Mounted at each connector endpoint, `/endpoints/<name>/v1`. */
export const platformRoutes: PlatformRoute[] = [...groupRoutes, ...messageRoutes];

/** Mounted at `/media-files`. */
export const fileRoutes: RouteDefinition<FileRequest>[] = [];
