/** JSON shapes of actions and their responses, as listings and details return them. */
import { definitionOf, isoSeconds, responsesTo } from '../actions/actionTypes';
import type { ActionRecord, ResponseRecord, SandboxState } from '../state';

/** The name clients see: the built-in type, or the package id of a custom action. */
export function actionTypeName(action: ActionRecord): string {
	return action.kind === 'Custom' ? (action.packageId ?? 'Custom') : action.kind;
}

function envelope(state: SandboxState, action: ActionRecord): Record<string, unknown> {
	return {
		referenceId: action.referenceId,
		actionId: action.actionId,
		actionType: actionTypeName(action),
		sender: state.users.get(action.senderUserId)?.mobileNumber ?? '',
		sentAt: isoSeconds(action.sentAt),
		creationTime: Math.floor(action.sentAt / 1000),
	};
}

/** One entry of GET /groups/{groupId}/actions: as in actions_get.md, actionId only inside actionBody. */
export function actionListEntry(state: SandboxState, action: ActionRecord): Record<string, unknown> {
	const listed = envelope(state, action);
	delete listed.actionId;
	return { ...listed, actionBody: definitionOf(action).summary(action, state) };
}

/** GET /groups/{groupId}/actions/{actionId}; `withResponses` is the getDetails drill-down. */
export function actionDetailsView(state: SandboxState, action: ActionRecord, withResponses: boolean): Record<string, unknown> {
	const summary = definitionOf(action).summary(action, state);
	const responses = responsesTo(state, action.actionId);
	let details: Record<string, unknown>;
	switch (action.kind) {
		case 'Job':
			details = {
				...summary,
				dueDate: isoSeconds(action.expiresAt ?? action.sentAt),
				status: summary.isCompleted,
				assignedTo: action.body.assignedTo,
			};
			break;
		case 'Survey':
			details = {
				...summary,
				isAnonymous: action.body.isAnonymous,
				isSenderOnly: action.body.isSenderOnly,
				acceptMultipleResponses: action.body.acceptMultipleResponses,
				questions: action.body.questions,
			};
			break;
		default:
			details = { ...summary };
	}
	if (withResponses && (action.kind === 'Job' || action.kind === 'Survey' || action.kind === 'Custom')) {
		details.responses = responses.map((response) => responseView(state, action, response));
	}
	return { ...envelope(state, action), actionDetails: details };
}

export function responseView(state: SandboxState, action: ActionRecord, response: ResponseRecord): Record<string, unknown> {
	const user = state.users.get(response.responderUserId);
	if (action.kind === 'Job') {
		return {
			responseId: response.responseId,
			assignee: user?.mobileNumber ?? '',
			assigneeName: user?.name ?? '',
			isCompleted: response.body.isCompleted,
			respondedAt: isoSeconds(response.updatedAt),
		};
	}
	// Anonymous survey responses do not reveal who answered.
	const anonymous = action.body.isAnonymous === true;
	return {
		responseId: response.responseId,
		responder: anonymous ? '' : (user?.mobileNumber ?? ''),
		responderName: anonymous ? '' : (user?.name ?? ''),
		...response.body,
		submittedAt: isoSeconds(response.createdAt),
		lastUpdatedAt: isoSeconds(response.updatedAt),
	};
}
