/** The route tables, assembled from one module per API resource. */
import type { PlatformRoute, TokenServiceRoute } from '../app';
import type { RouteDefinition } from '../router';
import type { FileRequest } from '../server';
import { accessTokenRoutes } from './accessToken';
import { actionResponseRoutes } from './actionResponses';
import { actionRoutes } from './actions';
import { connectorPinRoutes } from './connectorPin';
import { groupRoutes } from './groups';
import { mediaFileRoutes, mediaRoutes } from './media';
import { memberRoutes } from './members';
import { messageRoutes } from './messages';
import { reactionRoutes } from './reactions';
import { subGroupRoutes } from './subGroups';
import { subscriberRoutes } from './subscribers';
import { webhookRoutes } from './webhooks';

/** Mounted at `/v1` (the API root). */
export const tokenServiceRoutes: TokenServiceRoute[] = [...accessTokenRoutes, ...connectorPinRoutes];

/** Mounted at each connector endpoint, `/endpoints/<name>/v1`. */
export const platformRoutes: PlatformRoute[] = [
	...groupRoutes,
	...subGroupRoutes,
	...memberRoutes,
	...subscriberRoutes,
	...messageRoutes,
	...mediaRoutes,
	...actionRoutes,
	...actionResponseRoutes,
	...reactionRoutes,
	...webhookRoutes,
];

/** Mounted at `/media-files`: uploaded media, served without a token like CDN links. */
export const fileRoutes: RouteDefinition<FileRequest>[] = mediaFileRoutes;
