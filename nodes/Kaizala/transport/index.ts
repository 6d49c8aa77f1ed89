/**
 * The transport: the one place that talks to Kaizala. Operations import from here only;
 * docs/ARCHITECTURE.md shows what each module below holds.
 */
export type { KaizalaContext } from './context';
export { CREDENTIAL_TYPE } from './context';
export type { KaizalaRequest } from './request';
export { connectorIdOf, kaizalaApiRequest, kaizalaTokenServiceRequest } from './request';
export { grantFor } from './token/lifecycle';
