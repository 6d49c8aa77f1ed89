// Removes subscribers from a public group, up to 100 numbers per item (PUT groups/{groupId}/subscribers/remove).
import { subscriberBatchOperation } from './shared';

export const { description, execute } = subscriberBatchOperation('remove');
