/**
 * The demo connector and demo world. Every value here is fixed and obviously fake, so README
 * examples, demos and tests can name them; nothing here is a real credential.
 */
import type { SandboxState } from './state';
import type { ConnectorSeed } from './types';

export const DEMO_TENANT = { tenantId: '7e0a0000-0000-4000-8000-00000000d001', name: 'Contoso Sandbox' } as const;

/** Users of the demo tenant. The first is the demo connector's user: a tenant admin. */
export const DEMO_USERS = {
	admin: { userId: 'b5e70000-0000-4000-8000-000000000001', mobileNumber: '+15550100001', name: 'Dana Demo-Admin' },
	fieldLead: { userId: 'b5e70000-0000-4000-8000-000000000002', mobileNumber: '+15550100002', name: 'Priya Patel' },
	technician: { userId: 'b5e70000-0000-4000-8000-000000000003', mobileNumber: '+15550100003', name: 'Marco Rossi' },
	northTechnician: { userId: 'b5e70000-0000-4000-8000-000000000004', mobileNumber: '+15550100004', name: 'Lena Fischer' },
	customer: { userId: 'b5e70000-0000-4000-8000-000000000005', mobileNumber: '+15550100005', name: 'Kenji Tanaka' },
} as const;

export const DEMO_GROUPS = {
	fieldTeam: { groupId: 'a0000000-f1e1-4000-8000-000000000001', groupName: 'Field Team' },
	fieldTeamNorth: { groupId: 'a0000000-f1e1-4000-8000-000000000002', groupName: 'Field Team - North' },
	announcements: { groupId: 'a0000000-c0a7-4000-8000-000000000003', groupName: 'Company Announcements' },
} as const;

export const DEMO_CONNECTOR: Required<Pick<ConnectorSeed, 'connectorId' | 'connectorSecret' | 'refreshToken'>> & ConnectorSeed = {
	connectorId: '5f1e2d3c-demo-4000-8000-sandbox00001',
	connectorSecret: 'demo-connector-secret-NOT-A-REAL-SECRET',
	refreshToken: 'demo-refresh-token-NOT-A-REAL-TOKEN',
	tenantId: DEMO_TENANT.tenantId,
	userPhone: DEMO_USERS.admin.mobileNumber,
	isAdmin: true,
};

/**
 * Seeds the demo world. The demo admin is a plain *member* of the seeded groups and an admin
 * only through being tenant admin, so `setConnector(id, { isAdmin: false })` makes admin-only
 * calls on them answer 403 (Priya Patel is their group admin).
 */
export function seedDemoData(state: SandboxState, now: number): void {
	state.tenants.set(DEMO_TENANT.tenantId, { ...DEMO_TENANT });
	for (const user of Object.values(DEMO_USERS)) {
		state.users.set(user.userId, {
			...user,
			profilePic: '',
			isProvisioned: true,
			isTenantAdmin: user.userId === DEMO_USERS.admin.userId,
		});
	}

	const group = (id: { groupId: string; groupName: string }, groupType: 'Group' | 'ConnectGroup', welcomeMessage: string): void => {
		state.groups.set(id.groupId, {
			...id,
			welcomeMessage,
			groupType,
			tenantId: DEMO_TENANT.tenantId,
			groupImageUrl: '',
			isMappedToTenant: true,
			createdAt: now,
			subGroupIds: [],
		});
	};
	group(DEMO_GROUPS.fieldTeam, 'Group', 'Welcome to the field team!');
	group(DEMO_GROUPS.fieldTeamNorth, 'Group', 'Northern region crew.');
	group(DEMO_GROUPS.announcements, 'ConnectGroup', 'News from Contoso.');
	state.groups.get(DEMO_GROUPS.fieldTeam.groupId)?.subGroupIds.push(DEMO_GROUPS.fieldTeamNorth.groupId);

	const member = (groupId: string, userId: string, role: 'Admin' | 'Member'): void => {
		state.members.push({ groupId, userId, role, addedAt: now });
	};
	member(DEMO_GROUPS.fieldTeam.groupId, DEMO_USERS.fieldLead.userId, 'Admin');
	member(DEMO_GROUPS.fieldTeam.groupId, DEMO_USERS.admin.userId, 'Member');
	member(DEMO_GROUPS.fieldTeam.groupId, DEMO_USERS.technician.userId, 'Member');
	member(DEMO_GROUPS.fieldTeamNorth.groupId, DEMO_USERS.fieldLead.userId, 'Admin');
	member(DEMO_GROUPS.fieldTeamNorth.groupId, DEMO_USERS.admin.userId, 'Member');
	member(DEMO_GROUPS.fieldTeamNorth.groupId, DEMO_USERS.northTechnician.userId, 'Member');
	member(DEMO_GROUPS.announcements.groupId, DEMO_USERS.fieldLead.userId, 'Admin');
	member(DEMO_GROUPS.announcements.groupId, DEMO_USERS.admin.userId, 'Member');

	for (const subscriber of [DEMO_USERS.technician, DEMO_USERS.customer]) {
		state.subscribers.push({ groupId: DEMO_GROUPS.announcements.groupId, userId: subscriber.userId, addedAt: now });
	}
}
