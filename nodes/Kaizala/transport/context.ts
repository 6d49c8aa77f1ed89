/**
 * What every transport function is called with, and the credential it reads. Its own module so
 * that request, pacing and token code can all name it without importing one another.
 */
import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';

export type KaizalaContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE = 'kaizalaApi';
