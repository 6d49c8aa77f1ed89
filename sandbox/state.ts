/**
 * The sandbox's in-memory model of one Kaizala tenant world. Entities with an identity live in
 * Maps keyed by that id; relationships and histories are plain arrays, so tests can seed them
 * with `push` and assert on them with `filter`/`find`.
 */

export type GroupType = 'Group' | 'ConnectGroup';
export type MemberRole = 'Admin' | 'Member';

export interface TenantRecord {
	tenantId: string;
	name: string;
}

export interface UserRecord {
	userId: string;
	/** E.164, e.g. '+15550100001'. */
	mobileNumber: string;
	name: string;
	profilePic: string;
	/** False for numbers added to a group before their owner installed Kaizala. */
	isProvisioned: boolean;
	/** Whether PIN-issued tokens for this user carry tenant-admin rights. */
	isTenantAdmin: boolean;
}

export interface GroupRecord {
	groupId: string;
	groupName: string;
	welcomeMessage: string;
	/** 'ConnectGroup' is a managed public group (it has subscribers). */
	groupType: GroupType;
	tenantId: string;
	groupImageUrl: string;
	/** True for organisation groups. */
	isMappedToTenant: boolean;
	createdAt: number;
	/** Direct children, in the order they were attached. */
	subGroupIds: string[];
}

export interface MemberRecord {
	groupId: string;
	userId: string;
	role: MemberRole;
	addedAt: number;
}

export interface SubscriberRecord {
	groupId: string;
	userId: string;
	addedAt: number;
}

/** Who a message or action went to: the whole group, or (public groups) subscribers. */
export type Audience = { kind: 'group' } | { kind: 'allSubscribers' } | { kind: 'subscribers'; mobileNumbers: string[] };

export interface MessageRecord {
	referenceId: string;
	groupId: string;
	senderUserId: string;
	text: string;
	sentAt: number;
	audience: Audience;
}

export type ActionKind =
	| 'Announcement'
	| 'Job'
	| 'Poll'
	| 'Survey'
	| 'LetsMeet'
	| 'Image'
	| 'Audio'
	| 'Document'
	| 'Video'
	| 'Album'
	/** Only the Kaizala app can create these two; tests may seed them for listings. */
	| 'PhotoWithLocation'
	| 'ShareLocation'
	| 'Custom';

export interface ActionRecord {
	actionId: string;
	referenceId: string;
	groupId: string;
	kind: ActionKind;
	/** Action package id for custom actions. */
	packageId?: string;
	/** The validated, normalised action body (canonical field names). */
	body: Record<string, unknown>;
	senderUserId: string;
	sentAt: number;
	/** Jobs (due date), polls and surveys expire; responses after this are refused. */
	expiresAt?: number;
	audience: Audience;
}

export interface ResponseRecord {
	responseId: string;
	actionId: string;
	groupId: string;
	responderUserId: string;
	/** Normalised response body: `{ isCompleted }` for jobs, `{ answers, responseName?, responseLocation? }` otherwise. */
	body: Record<string, unknown>;
	createdAt: number;
	updatedAt: number;
}

export type MediaType = 'Image' | 'Audio' | 'Document' | 'Video';

export interface MediaRecord {
	mediaId: string;
	fileName: string;
	contentType: string;
	mediaType: MediaType;
	size: number;
	data: Buffer;
	/** Where the sandbox serves the file (no token needed, like the real CDN URLs). */
	url: string;
	uploadedByUserId: string;
	uploadedAt: number;
}

export type ReactionType = 'Like' | 'Comment';

export interface ReactionRecord {
	reactionId: string;
	/** Group named in the request URL. */
	groupId: string;
	/** Group the reacted-to message or action was sent in. */
	sourceGroupId: string;
	referenceId: string;
	reactionType: ReactionType;
	comment?: string;
	userId: string;
	lastModifiedTime: number;
}

export type WebhookObjectType = 'Group' | 'Action' | 'ActionPackage';

export type WebhookEventType =
	| 'ActionCreated'
	| 'ActionResponse'
	| 'SurveyCreated'
	| 'JobCreated'
	| 'SurveyResponse'
	| 'JobResponse'
	| 'TextMessageCreated'
	| 'AttachmentCreated'
	| 'Announcement'
	| 'MemberAdded'
	| 'MemberRemoved'
	| 'GroupAdded'
	| 'GroupRemoved';

export interface WebhookRecord {
	webhookId: string;
	objectId: string;
	objectType: WebhookObjectType;
	eventTypes: WebhookEventType[];
	callbackUrl: string;
	callbackToken: string;
	callbackContext: string;
	/** Epoch ms after which the webhook stops firing. */
	validity: number;
	active: boolean;
	/** Why the sandbox disabled it, e.g. after exhausting delivery retries. */
	disabledReason?: string;
	createdAt: number;
	createdByUserId: string;
	connectorId: string;
}

export interface WebhookDeliveryAttempt {
	/** Wall-clock epoch ms (retries run on real timers). */
	time: number;
	/** HTTP status from the callback; 0 when it could not be reached or timed out. */
	statusCode: number;
	error?: string;
}

export interface WebhookDeliveryRecord {
	deliveryId: string;
	webhookId: string;
	eventId: string;
	eventType: WebhookEventType;
	callbackUrl: string;
	payload: Record<string, unknown>;
	status: 'pending' | 'delivered' | 'failed';
	/** Sandbox extension: the delivery this one repeats (repeatWebhookDeliveries). */
	repeatOf?: string;
	/** Last HTTP status seen (0 = unreachable); undefined before the first attempt. */
	statusCode?: number;
	attempts: WebhookDeliveryAttempt[];
}

export interface PinRecord {
	mobileNumber: string;
	applicationId: string;
	/** The one-time PIN the real service would have sent by SMS. */
	pin: number;
	issuedAt: number;
	expiresAt: number;
	consumed: boolean;
}

export interface SandboxState {
	tenants: Map<string, TenantRecord>;
	users: Map<string, UserRecord>;
	groups: Map<string, GroupRecord>;
	members: MemberRecord[];
	subscribers: SubscriberRecord[];
	messages: MessageRecord[];
	actions: Map<string, ActionRecord>;
	responses: ResponseRecord[];
	media: Map<string, MediaRecord>;
	reactions: ReactionRecord[];
	webhooks: Map<string, WebhookRecord>;
	webhookDeliveries: WebhookDeliveryRecord[];
	pins: PinRecord[];
}

export function createEmptyState(): SandboxState {
	return {
		tenants: new Map(),
		users: new Map(),
		groups: new Map(),
		members: [],
		subscribers: [],
		messages: [],
		actions: new Map(),
		responses: [],
		media: new Map(),
		reactions: [],
		webhooks: new Map(),
		webhookDeliveries: [],
		pins: [],
	};
}
