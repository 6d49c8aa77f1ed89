// Adds subscribers to a public group, up to 100 numbers per item (PUT groups/{groupId}/subscribers/add).
import { subscriberBatchOperation } from './shared';

export const { description, execute } = subscriberBatchOperation('add');
